package org.mastspark.connector.read.panstarrs;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.service.ServicePartition;
import org.mastspark.connector.sky.zone.ConeTile;

/**
 * Pages {@code firstPage, firstPage + step, ...} of one Pan-STARRS query, until a short page. For a tiled
 * read the query asks the tile's cone and rows outside the tile's own area or the user's cone are dropped.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class PanstarrsPartition extends ServicePartition {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final PanstarrsQuery query;
    private final int firstPage;
    private final int step;

    PanstarrsPartition(
            MastClientConfig config,
            PanstarrsQuery query,
            int firstPage,
            int step,
            RowLayout layout,
            int outputWidth,
            ConeTile tile,
            double[] cone,
            int raSlot,
            int decSlot,
            long limit) {
        super(layout, outputWidth, tile, cone, raSlot, decSlot, limit);
        this.config = config;
        this.query = query;
        this.firstPage = firstPage;
        this.step = step;
    }

    PanstarrsQuery query() {
        return query;
    }

    int firstPage() {
        return firstPage;
    }

    int step() {
        return step;
    }

    @Override
    public RowCursor open(ClientMetrics metrics) {
        return new PanstarrsClient(config).query(query, firstPage, step, layout(), metrics);
    }

    @Override
    public String describe() {
        return query + " pages " + firstPage + "+" + step + "k" + (tile() == null ? "" : " tile " + tile().id());
    }
}
