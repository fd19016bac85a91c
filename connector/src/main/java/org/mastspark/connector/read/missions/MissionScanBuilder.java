package org.mastspark.connector.read.missions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.read.service.ServiceScanBuilder;
import org.mastspark.connector.sky.SkyParse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what Spark pushes down for one mission scan: predicates (to {@code conditions}, see
 * {@link MissionConditions}; for products, the {@code dataset} ids), the required columns (to
 * {@code select_cols}), a limit, and an ORDER BY with a limit (to {@code sort_by}/{@code sort_desc}).
 * Used once, on the driver.
 */
final class MissionScanBuilder extends ServiceScanBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(MissionScanBuilder.class);

    private final MissionPath path;
    private MissionConditions conditions;
    private Set<String> datasetIds;
    private Predicate[] pushed = new Predicate[0];
    private List<String> sortBy = List.of();
    private List<Boolean> sortDesc = List.of();

    MissionScanBuilder(MastOptions options, MissionPath path, StructType schema) {
        super(options, schema);
        this.path = path;
        this.conditions = new MissionConditions(schema);
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        if (path.products()) {
            return pushDatasetIds(predicates);
        }
        conditions = new MissionConditions(schema);
        conditions.add(predicates);
        pushed = conditions.pushed();
        return conditions.postScan();
    }

    /** {@code dataset = 'x'} and {@code dataset IN (...)} name the datasets; Spark re-checks them. */
    private Predicate[] pushDatasetIds(Predicate[] predicates) {
        List<Predicate> used = new ArrayList<>();
        for (Predicate p : predicates) {
            Set<String> ids = ids(p);
            if (ids == null) {
                continue;
            }
            if (datasetIds == null) {
                datasetIds = ids;
            } else {
                datasetIds.retainAll(ids);
            }
            used.add(p);
        }
        pushed = used.toArray(new Predicate[0]);
        return predicates;
    }

    private static Set<String> ids(Predicate p) {
        Expression[] c = p.children();
        if (!(p.name().equals("=") || p.name().equals("IN"))
                || c.length < 2
                || !(c[0] instanceof NamedReference ref)
                || !String.join(".", ref.fieldNames()).equalsIgnoreCase("dataset")) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 1; i < c.length; i++) {
            if (!(c[i] instanceof Literal<?> lit) || lit.value() == null) {
                return null;
            }
            ids.add(lit.value().toString());
        }
        return ids;
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushed;
    }

    @Override
    protected boolean pushSort(List<String> columns, SortOrder[] orders) {
        if (path.products()) {
            return false;
        }
        if (tiled()
                && columns.stream()
                        .anyMatch(c ->
                                Set.of("ang_sep", "search_pos", "search_key").contains(c))) {
            // each tile sorts by its own cone's values; the user's are computed after the read
            return false;
        }
        List<Boolean> desc = new ArrayList<>();
        for (SortOrder o : orders) {
            desc.add(o.direction() == SortDirection.DESCENDING);
        }
        sortBy = columns;
        sortDesc = desc;
        return true;
    }

    /** Whether the read's cone is wider than one search may ask, so that it is tiled. */
    private boolean tiled() {
        String r = options.get(MastOptions.RADIUS);
        return options.hasPosition()
                && r != null
                && SkyParse.radiusDegrees(MastOptions.RADIUS, r) > MissionScan.MAX_CONE_DEG;
    }

    @Override
    public Scan build() {
        LOG.info(
                "MAST scan of {}: {}{}{}",
                path.describe(),
                path.products()
                        ? "dataset ids " + (datasetIds == null ? "none" : datasetIds.size())
                        : conditions.describe(),
                sortBy.isEmpty() ? "" : "; sort_by " + sortBy + " desc " + sortDesc,
                limit() >= 0 ? "; limit " + limit() : "");
        return new MissionScan(
                options, path, schema, required(), conditions.conditions(), datasetIds, sortBy, sortDesc, limit());
    }
}
