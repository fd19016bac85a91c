package org.mastspark.connector.read;

import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;

/**
 * One scan of a {@link MastSource}, on the driver: it takes what Spark pushes down, as the source's API can
 * express it, and then plans the scan's {@link MastPartition}s. The scan builder calls, in this order: {@link
 * #push} for each comparison and {@link #pushNotNull} for each {@code IS NOT NULL} (see {@link PredicateWalk}),
 * {@link #pushCount} and {@link #pushSort} when Spark offers them, then, once, {@link #describe} and
 * {@link #plan}. What a source does not override is left to Spark: no predicate, no count and no sort is
 * pushed. A limit is always taken (the partitions stop early) and Spark applies it again.
 *
 * <p>Not thread safe; single use.
 */
public abstract class SourceQuery {
    /** The scan's options. */
    protected final MastOptions options;
    /** The table's whole schema. */
    protected final StructType schema;

    protected SourceQuery(MastOptions options, StructType schema) {
        this.options = options;
        this.schema = schema;
    }

    /**
     * Takes one comparison into the API's parameters, or not.
     *
     * @return {@link Pushdown#EXACT} or {@link Pushdown#RECHECK} when taken; {@link Pushdown#SPARK} when not
     */
    protected Pushdown push(Comparison c) {
        return Pushdown.SPARK;
    }

    /**
     * Classifies {@code column IS NOT NULL}, after every comparison.
     *
     * @param pushed whether a comparison on the column was taken
     */
    protected Pushdown pushNotNull(StructField column, boolean pushed) {
        return Pushdown.SPARK;
    }

    /** Whether MAST can answer {@code SELECT COUNT(*)} with the pushed predicates (then {@link #plan} counts). */
    protected boolean pushCount() {
        return false;
    }

    /**
     * Takes an ORDER BY (with a limit) on top-level columns of the table, null ordering as Spark's default
     * for each direction.
     *
     * @param columns the sorted columns as the schema names them, in order
     * @param descending for each column, whether it sorts descending
     * @return whether MAST returns the rows in this order
     */
    protected boolean pushSort(List<String> columns, List<Boolean> descending) {
        return false;
    }

    /**
     * The scan as plans show it after {@code "MAST "}: the source, its region and its pushed parameters;
     * never a secret. The scan adds the count and the limit.
     */
    protected abstract String describe();

    /**
     * Plans the partitions (called once, on the driver; may ask MAST for counts).
     *
     * @param read the read schema, the limit and whether to count
     */
    protected abstract List<? extends MastPartition> plan(Read read);

    /**
     * What the scan reads.
     *
     * @param required the columns Spark asked for, in order (the read schema unless counting)
     * @param limit the pushed limit, or -1
     * @param count whether the scan is a pushed {@code COUNT(*)} (see {@link #pushCount})
     */
    public record Read(StructType required, long limit, boolean count) {}
}
