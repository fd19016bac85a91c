package org.mastspark.connector.read;

import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what Spark pushes down for one scan: predicates (to MAST filters, see {@link MastFilters}),
 * the required columns (to MAST's {@code columns}), a limit, and {@code COUNT(*)} (to
 * {@code COUNT_BIG(*)}). Used once, on the driver.
 */
final class MastScanBuilder
        implements ScanBuilder,
                SupportsPushDownV2Filters,
                SupportsPushDownRequiredColumns,
                SupportsPushDownLimit,
                SupportsPushDownAggregates {
    private static final Logger LOG = LoggerFactory.getLogger(MastScanBuilder.class);

    private final MastOptions options;
    private final MastDataset dataset;
    private final StructType schema;
    private StructType required;
    private MastFilters filters;
    private long limit = -1;
    private boolean count;

    MastScanBuilder(MastOptions options, MastDataset dataset, StructType schema) {
        this.options = options;
        this.dataset = dataset;
        this.schema = schema;
        this.required = schema;
        this.filters = new MastFilters(schema, dataset.notFilterable());
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        filters = new MastFilters(schema, dataset.notFilterable());
        if (dataset.kind() == MastDataset.Kind.PORTAL
                || (dataset.kind() == MastDataset.Kind.CATALOG
                        && !MastCatalog.parse(dataset.catalog(), options.version())
                                .hasCriteria())) {
            // A raw service's parameters are the user's, and cone-only catalogs take no criteria: Spark
            // filters their rows.
            filters.add(new Predicate[0]);
            return predicates;
        }
        filters.add(predicates);
        return filters.postScan();
    }

    @Override
    public Predicate[] pushedPredicates() {
        return filters.pushed();
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
    public boolean supportCompletePushDown(Aggregation aggregation) {
        return isCountStar(aggregation);
    }

    @Override
    public boolean pushAggregation(Aggregation aggregation) {
        count = isCountStar(aggregation);
        return count;
    }

    private boolean isCountStar(Aggregation aggregation) {
        AggregateFunc[] f = aggregation.aggregateExpressions();
        return dataset.kind() == MastDataset.Kind.OBSERVATIONS
                && aggregation.groupByExpressions().length == 0
                && f.length == 1
                && f[0] instanceof CountStar;
    }

    @Override
    public Scan build() {
        StructType readSchema = count ? new StructType().add("count(*)", DataTypes.LongType, false) : required;
        LOG.info(
                "MAST scan of {}: {}{}",
                dataset.describe(),
                filters.describe(),
                count ? "; COUNT(*) computed by MAST" : limit >= 0 ? "; limit " + limit : "");
        return new MastScan(options, dataset, schema, required, readSchema, filters, limit, count);
    }
}
