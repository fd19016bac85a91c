package org.mastspark.connector.read.service;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;

/**
 * What the scan builders of MAST's service APIs (missions, Pan-STARRS) share: the required columns, a
 * limit (always pushed, and re-applied by Spark), and an ORDER BY with a limit on top-level columns of the
 * table. Subclasses push predicates, turn the sort into their API's parameters and build the scan. Used
 * once, on the driver; not thread safe.
 */
public abstract class ServiceScanBuilder
        implements ScanBuilder,
                SupportsPushDownV2Filters,
                SupportsPushDownRequiredColumns,
                SupportsPushDownLimit,
                SupportsPushDownTopN {
    /** The read options. */
    protected final MastOptions options;
    /** The table's whole schema. */
    protected final StructType schema;

    private StructType required;
    private long limit = -1;

    protected ServiceScanBuilder(MastOptions options, StructType schema) {
        this.options = options;
        this.schema = schema;
        this.required = schema;
    }

    /** The columns Spark asked for (the whole schema until it prunes). */
    protected final StructType required() {
        return required;
    }

    /** The pushed row limit, or -1. */
    protected final long limit() {
        return limit;
    }

    /**
     * Takes a sort that {@link #pushTopN} found pushable.
     *
     * @param columns the sorted column names, in order
     * @param orders Spark's sort orders, one per column
     * @return false when this scan cannot sort
     */
    protected abstract boolean pushSort(List<String> columns, SortOrder[] orders);

    @Override
    public final void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public final boolean pushLimit(int n) {
        this.limit = n;
        return true;
    }

    @Override
    public final boolean isPartiallyPushed() {
        return true;
    }

    @Override
    public final boolean pushTopN(SortOrder[] orders, int n) {
        List<String> columns = new ArrayList<>();
        for (SortOrder o : orders) {
            // MAST's database sorts NULLs as the lowest values, as Spark's default orderings do; other
            // null orderings are Spark's alone.
            if (!(o.expression() instanceof NamedReference ref)
                    || ref.fieldNames().length != 1
                    || !List.of(schema.fieldNames()).contains(ref.fieldNames()[0])
                    || o.nullOrdering() != o.direction().defaultNullOrdering()) {
                return false;
            }
            columns.add(ref.fieldNames()[0]);
        }
        if (!pushSort(columns, orders)) {
            return false;
        }
        limit = n;
        return true;
    }
}
