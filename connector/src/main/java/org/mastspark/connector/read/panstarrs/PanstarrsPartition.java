package org.mastspark.connector.read.panstarrs;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.SkyRows;
import org.mastspark.connector.sky.SkyTile;

/**
 * Pages {@code firstPage, firstPage + step, ...} of one Pan-STARRS query, until a short page. For a tiled
 * read the query asks the tile's cone and its {@link SkyRows} drops rows outside the tile's cell or the
 * user's cone.
 */
@DefaultSerializer(JavaSerializer.class)
final class PanstarrsPartition extends MastPartition {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final PanstarrsQuery query;
    private final int firstPage;
    private final int step;

    /**
     * @param sky the tile's row filter of a tiled read, else null
     * @param limit the most rows to return, or -1
     */
    PanstarrsPartition(
            MastClientConfig config,
            PanstarrsQuery query,
            int firstPage,
            int step,
            RowLayout layout,
            SkyRows sky,
            long limit) {
        super(layout, sky, limit);
        this.config = config;
        this.query = query;
        this.firstPage = firstPage;
        this.step = step;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        return new PanstarrsClient(config).query(query, firstPage, step, layout(), metrics, sink);
    }

    @Override
    public String describe() {
        SkyRows sky = sky();
        return query + " pages " + firstPage + "+" + step + "k"
                + (sky == null || !(sky.tile() instanceof SkyTile t) ? "" : " tile " + t.order() + "/" + t.cell());
    }
}
