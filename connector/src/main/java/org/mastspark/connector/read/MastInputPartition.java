package org.mastspark.connector.read;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.sql.connector.read.InputPartition;
import org.mastspark.connector.client.portal.PortalRequest;

/**
 * One Spark partition: pages {@code firstPage..lastPage} of one Portal query ({@code lastPage} -1: up to
 * MAST's last page), or, for a pushed-down {@code COUNT(*)}, a count already known. Immutable; the
 * request carries the query's cacheBreaker, shared by all partitions of that query so that MAST keeps
 * one row order across them. A catalog partition also says which of the rows it keeps ({@link CatalogRows}).
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
record MastInputPartition(
        PortalRequest request, int firstPage, int lastPage, long limit, Long count, CatalogRows catalogRows)
        implements InputPartition {
    private static final long serialVersionUID = 1L;

    static MastInputPartition pages(PortalRequest request, int firstPage, int lastPage, long limit) {
        return new MastInputPartition(request, firstPage, lastPage, limit, null, null);
    }

    /** Pages of one catalog tile's query; rows are kept and completed as {@code rows} says. */
    static MastInputPartition catalogPages(
            PortalRequest request, int firstPage, int lastPage, long limit, CatalogRows rows) {
        return new MastInputPartition(request, firstPage, lastPage, limit, null, rows);
    }

    static MastInputPartition counted(long count) {
        return new MastInputPartition(null, 1, 1, -1, count, null);
    }
}
