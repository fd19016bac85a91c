package org.mastspark.connector.read.portal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.List;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.SkyRows;

/**
 * Pages {@code firstPage..lastPage} of one Portal query ({@code lastPage} -1: up to MAST's last page). The
 * request carries the query's cacheBreaker, shared by all partitions of that query so that MAST keeps one row
 * order across them.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class PortalPartition extends MastPartition {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final PortalRequest request;
    private final int firstPage;
    private final int lastPage;

    PortalPartition(
            MastClientConfig config,
            PortalRequest request,
            int firstPage,
            int lastPage,
            RowLayout layout,
            SkyRows sky,
            long limit) {
        super(layout, sky, limit);
        this.config = config;
        this.request = request;
        this.firstPage = firstPage;
        this.lastPage = lastPage;
    }

    /**
     * Adds one partition per page of a query of {@code rows} rows; the last reads on to MAST's own last page,
     * so rows added since the count are not lost. Nothing for no rows.
     */
    static void addPages(
            List<? super PortalPartition> parts,
            MastClientConfig config,
            PortalRequest request,
            long rows,
            RowLayout layout,
            SkyRows sky,
            long limit) {
        if (rows == 0) {
            return;
        }
        long pages = Math.max(1, (rows + request.pagesize() - 1) / request.pagesize());
        for (int page = 1; page <= pages; page++) {
            parts.add(new PortalPartition(config, request, page, page == pages ? -1 : page, layout, sky, limit));
        }
    }

    PortalRequest request() {
        return request;
    }

    int firstPage() {
        return firstPage;
    }

    int lastPage() {
        return lastPage;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        return new PortalClient(config).open(request, firstPage, lastPage, layout(), metrics, sink);
    }

    @Override
    public String describe() {
        return request.service() + " pages " + firstPage + ".." + (lastPage < 0 ? "end" : lastPage);
    }
}
