package org.mastspark.connector.read;

import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;

/**
 * One MAST API behind {@code format("mast")}: what differs between observations, products, Portal services,
 * Portal catalogs, Mission Search and Pan-STARRS, the way Spark's JDBC source puts each database's differences
 * in a dialect. The DataSource V2 classes ({@link MastTable}, {@link MastScanBuilder}, {@link MastScan},
 * {@link MastPartitionReader}) are the same for every source; a source says what its table looks like and
 * makes a {@link SourceQuery} per scan, which takes Spark's pushdowns and plans the {@link MastPartition}s.
 *
 * <p>A source is made on the driver from a {@code load(path)} and the table's options ({@link Sources}); it
 * never reaches executors.
 */
public interface MastSource {
    /** The path as plans, table names and messages show it, e.g. {@code missions/hst}. */
    String describe();

    /** The source's own schema; may ask MAST once, on the driver. */
    StructType schema();

    /**
     * The schema a user's {@code .schema(...)} is checked against, or null when MAST declares none for this
     * source (then the user's is the only schema there is). By default {@link #schema()}.
     */
    default StructType declaredSchema() {
        return schema();
    }

    /**
     * Columns a scan can return besides the schema's, only when a query names them (Spark's metadata columns,
     * such as a HATS read's partition pixel); none by default. A query finds them in its read schema.
     */
    default MetadataColumn[] metadataColumns() {
        return new MetadataColumn[0];
    }

    /**
     * The columns holding each row's sky position, the ones the source's position search (options
     * {@code coordinates}/{@code target} and {@code radius}) tests; null for a source without a position search.
     * A cone written on them in SQL is sent to MAST as the read's search region ({@code MastScanBuilder}).
     */
    default PositionColumns position() {
        return null;
    }

    /**
     * A query for one scan.
     *
     * @param options the scan's options (its own over the table's, see {@code TableOptions#forScan})
     * @param schema the table's schema: the source's or the user's
     */
    SourceQuery newQuery(MastOptions options, StructType schema);
}
