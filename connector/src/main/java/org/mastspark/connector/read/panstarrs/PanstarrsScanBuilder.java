package org.mastspark.connector.read.panstarrs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what Spark pushes down for one Pan-STARRS scan: predicates (to decorated parameters, see
 * {@link PanstarrsCriteria}), the required columns (to {@code columns}), a limit (to {@code pagesize}),
 * and an ORDER BY with a limit (to {@code sort_by}). Used once, on the driver.
 */
final class PanstarrsScanBuilder
        implements ScanBuilder,
                SupportsPushDownV2Filters,
                SupportsPushDownRequiredColumns,
                SupportsPushDownLimit,
                SupportsPushDownTopN {
    private static final Logger LOG = LoggerFactory.getLogger(PanstarrsScanBuilder.class);

    private final MastOptions options;
    private final PanstarrsPath path;
    private final StructType schema;
    private StructType required;
    private PanstarrsCriteria criteria;
    private long limit = -1;
    private List<String> sortBy = List.of();

    PanstarrsScanBuilder(MastOptions options, PanstarrsPath path, StructType schema) {
        this.options = options;
        this.path = path;
        this.schema = schema;
        this.required = schema;
        this.criteria = new PanstarrsCriteria(schema);
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        criteria = new PanstarrsCriteria(schema);
        criteria.add(predicates);
        return criteria.postScan();
    }

    @Override
    public Predicate[] pushedPredicates() {
        return criteria.pushed();
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        this.required = requiredSchema;
    }

    @Override
    public boolean pushLimit(int n) {
        this.limit = n;
        return true;
    }

    @Override
    public boolean isPartiallyPushed() {
        return true;
    }

    @Override
    public boolean pushTopN(SortOrder[] orders, int n) {
        List<String> by = new ArrayList<>();
        for (SortOrder o : orders) {
            // As for missions: MAST's database sorts NULLs lowest, like Spark's default orderings.
            if (!(o.expression() instanceof NamedReference ref)
                    || ref.fieldNames().length != 1
                    || !List.of(schema.fieldNames()).contains(ref.fieldNames()[0])
                    || o.nullOrdering() != o.direction().defaultNullOrdering()) {
                return false;
            }
            by.add(ref.fieldNames()[0] + (o.direction() == SortDirection.DESCENDING ? ".desc" : ".asc"));
        }
        sortBy = by;
        limit = n;
        return true;
    }

    @Override
    public Scan build() {
        LOG.info(
                "MAST scan of {}: {}{}{}",
                path.describe(),
                criteria.describe(),
                sortBy.isEmpty() ? "" : "; sort_by " + sortBy,
                limit >= 0 ? "; limit " + limit : "");
        return new PanstarrsScan(options, path, schema, required, criteria.criteria(), sortBy, limit);
    }
}
