package org.mastspark.connector.read.missions;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionSearch;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.service.ServicePartition;
import org.mastspark.connector.sky.zone.ConeTile;

/**
 * Pages of one mission search: from the search's offset, {@code maxRows} rows ({@code -1}: to the end,
 * page by page). For a tiled read the search asks the tile's cone and rows outside the tile's own area or
 * the user's cone are dropped.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class MissionSearchPartition extends ServicePartition {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final MissionSearch search;
    private final long maxRows;
    private final SearchColumns searchColumns;

    /** A partition of an untiled read: one search (or one page of it) whose rows need no ownership check. */
    static MissionSearchPartition untiled(
            MastClientConfig config,
            MissionSearch search,
            long maxRows,
            RowLayout layout,
            int outputWidth,
            long limit) {
        return new MissionSearchPartition(
                config, search, maxRows, layout, outputWidth, null, null, -1, -1, limit, null);
    }

    /** @param searchColumns for a tiled read, the search columns to recompute from the user's cone, or null */
    MissionSearchPartition(
            MastClientConfig config,
            MissionSearch search,
            long maxRows,
            RowLayout layout,
            int outputWidth,
            ConeTile tile,
            double[] cone,
            int raSlot,
            int decSlot,
            long limit,
            SearchColumns searchColumns) {
        super(layout, outputWidth, tile, cone, raSlot, decSlot, limit);
        this.config = config;
        this.search = search;
        this.maxRows = maxRows;
        this.searchColumns = searchColumns != null && searchColumns.any() ? searchColumns : null;
    }

    /** A tiled read's rows come from the tile's cone: their search columns are made the user's cone's. */
    @Override
    public void rewrite(Object[] row) {
        if (searchColumns != null && tile() != null) {
            // keeps() has checked that the row has a position
            searchColumns.rewrite(row, (Double) row[raSlot()], (Double) row[decSlot()]);
        }
    }

    MissionSearch search() {
        return search;
    }

    long maxRows() {
        return maxRows;
    }

    @Override
    public RowCursor open(ClientMetrics metrics) {
        return new MissionClient(config).search(search, maxRows, layout(), metrics);
    }

    @Override
    public String describe() {
        return "mission search " + search + (maxRows >= 0 ? " rows " + maxRows : " to the end")
                + (tile() == null ? "" : " tile " + tile().id());
    }
}
