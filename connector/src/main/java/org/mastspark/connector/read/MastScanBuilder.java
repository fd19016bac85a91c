package org.mastspark.connector.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what Spark pushes down for one scan of any source and hands it to the source's {@link SourceQuery}:
 * predicates (through the one {@link PredicateWalk}), the required columns, a limit (always taken; Spark applies
 * it again), an ORDER BY with a limit on top-level columns, and {@code COUNT(*)}. Used once, on the driver.
 *
 * <p>A cone written in SQL on the table's position columns ({@link ConePushdown}) becomes the read's search
 * region: the scan's query is made again with options {@code coordinates} and {@code radius} laid over the
 * scan's, so MAST gets exactly what {@code format("mast").option("coordinates", ..).option("radius", ..)} sends;
 * Spark re-checks the cone. The INFO line and the plan string say what became of each cone.
 */
final class MastScanBuilder
        implements ScanBuilder,
                SupportsPushDownV2Filters,
                SupportsPushDownRequiredColumns,
                SupportsPushDownLimit,
                SupportsPushDownTopN,
                SupportsPushDownAggregates {
    private static final Logger LOG = LoggerFactory.getLogger(MastScanBuilder.class);

    private final Function<Map<String, String>, SourceQuery> queries;
    private final SourceQuery base;
    private SourceQuery query;
    private ConePushdown cone;
    private final MastSource source;
    private final StructType schema;
    private PredicateWalk predicates;
    private StructType required;
    private long limit = -1;
    private boolean count;

    /**
     * @param queries makes the scan's query from options laid over the scan's (none, or a cone's
     *     {@code coordinates} and {@code radius})
     */
    MastScanBuilder(MastSource source, StructType schema, Function<Map<String, String>, SourceQuery> queries) {
        this.queries = queries;
        this.base = queries.apply(Map.of());
        this.query = base;
        this.source = source;
        this.schema = schema;
        this.required = schema;
        this.predicates = new PredicateWalk(schema, query);
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] all) {
        List<Predicate> conjuncts = new ArrayList<>();
        for (Predicate p : all) {
            PredicateWalk.split(p, conjuncts);
        }
        cone = ConePushdown.find(conjuncts, source::position, base.options);
        query = base;
        if (cone.pushed() != null) {
            try {
                query = queries.apply(cone.pushed().options());
            } catch (IllegalArgumentException e) {
                cone = cone.refused("the source refused it as a search region: " + e.getMessage());
            }
        }
        Predicate pushed = cone.pushed() == null ? null : cone.pushed().predicate();
        List<Predicate> rest = new ArrayList<>();
        for (Predicate p : conjuncts) {
            if (p != pushed) {
                rest.add(p);
            }
        }
        predicates = new PredicateWalk(schema, query);
        return predicates.walk(rest.toArray(new Predicate[0]), pushed);
    }

    @Override
    public Predicate[] pushedPredicates() {
        return predicates.pushed();
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
        List<String> columns = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        List<String> names = List.of(schema.fieldNames());
        for (SortOrder o : orders) {
            // MAST's databases sort NULLs as the lowest values, as Spark's default orderings do; other null
            // orderings are Spark's alone.
            if (!(o.expression() instanceof NamedReference ref)
                    || ref.fieldNames().length != 1
                    || !names.contains(ref.fieldNames()[0])
                    || o.nullOrdering() != o.direction().defaultNullOrdering()) {
                return false;
            }
            columns.add(ref.fieldNames()[0]);
            descending.add(o.direction() == SortDirection.DESCENDING);
        }
        if (!query.pushSort(List.copyOf(columns), List.copyOf(descending))) {
            return false;
        }
        limit = n;
        return true;
    }

    @Override
    public boolean supportCompletePushDown(Aggregation aggregation) {
        return isCountStar(aggregation) && query.pushCount();
    }

    @Override
    public boolean pushAggregation(Aggregation aggregation) {
        count = isCountStar(aggregation) && query.pushCount();
        return count;
    }

    private static boolean isCountStar(Aggregation aggregation) {
        AggregateFunc[] f = aggregation.aggregateExpressions();
        return aggregation.groupByExpressions().length == 0 && f.length == 1 && f[0] instanceof CountStar;
    }

    @Override
    public Scan build() {
        StructType readSchema = count ? new StructType().add("count(*)", DataTypes.LongType, false) : required;
        String cones = cone == null ? "" : cone.describe();
        LOG.info(
                "MAST scan of {}: {}{}{}",
                source.describe(),
                cones.isEmpty() ? "" : cones + "; ",
                predicates.describe(),
                count ? "; COUNT(*) computed by MAST" : limit >= 0 ? "; limit " + limit : "");
        return new MastScan(query, new SourceQuery.Read(required, limit, count), readSchema, cones);
    }
}
