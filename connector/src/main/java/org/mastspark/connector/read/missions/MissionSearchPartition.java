package org.mastspark.connector.read.missions;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionSearch;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.SkyRows;

/**
 * Pages of one mission search: from the search's offset, {@code maxRows} rows ({@code -1}: to the end,
 * page by page). For a tiled read the search asks the tile's cone, and its {@link SkyRows} keeps the rows
 * the tile owns that lie in the user's cone.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class MissionSearchPartition extends MastPartition {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final MissionSearch search;
    private final long maxRows;

    /**
     * @param maxRows rows to read from the search's offset, or -1 to the end
     * @param sky the tile's row filter of a tiled read, or null to keep every row
     * @param limit the most rows this partition returns, or -1
     */
    MissionSearchPartition(
            MastClientConfig config, MissionSearch search, long maxRows, RowLayout layout, SkyRows sky, long limit) {
        super(layout, sky, limit);
        this.config = config;
        this.search = search;
        this.maxRows = maxRows;
    }

    MissionSearch search() {
        return search;
    }

    long maxRows() {
        return maxRows;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        return new MissionClient(config).search(search, maxRows, layout(), metrics, sink);
    }

    @Override
    public String describe() {
        return "mission search " + search + (maxRows >= 0 ? " rows " + maxRows : " to the end")
                + (sky() == null || sky().tile() == null ? "" : " tile " + sky().tile());
    }
}
