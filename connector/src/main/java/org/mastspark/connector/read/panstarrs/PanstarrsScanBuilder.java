package org.mastspark.connector.read.panstarrs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.read.service.ServiceScanBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what Spark pushes down for one Pan-STARRS scan: predicates (to decorated parameters, see
 * {@link PanstarrsCriteria}), the required columns (to {@code columns}), a limit (to {@code pagesize}),
 * and an ORDER BY with a limit (to {@code sort_by}). Used once, on the driver.
 */
final class PanstarrsScanBuilder extends ServiceScanBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(PanstarrsScanBuilder.class);

    private final PanstarrsPath path;
    private PanstarrsCriteria criteria;
    private List<String> sortBy = List.of();

    PanstarrsScanBuilder(MastOptions options, PanstarrsPath path, StructType schema) {
        super(options, schema);
        this.path = path;
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

    /** Pan-STARRS names a descending column {@code name.desc}, an ascending one {@code name.asc}. */
    @Override
    protected boolean pushSort(List<String> columns, SortOrder[] orders) {
        List<String> by = new ArrayList<>();
        for (int i = 0; i < orders.length; i++) {
            by.add(columns.get(i) + (orders[i].direction() == SortDirection.DESCENDING ? ".desc" : ".asc"));
        }
        sortBy = by;
        return true;
    }

    @Override
    public Scan build() {
        LOG.info(
                "MAST scan of {}: {}{}{}",
                path.describe(),
                criteria.describe(),
                sortBy.isEmpty() ? "" : "; sort_by " + sortBy,
                limit() >= 0 ? "; limit " + limit() : "");
        return new PanstarrsScan(options, path, schema, required(), criteria.criteria(), sortBy, limit());
    }
}
