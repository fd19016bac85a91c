package org.mastspark.connector.read.panstarrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.service.PlannedRequests;
import org.mastspark.connector.read.service.Positions;
import org.mastspark.connector.read.service.ServiceOptions;
import org.mastspark.connector.read.service.ServicePartition;
import org.mastspark.connector.read.service.ServiceScan;
import org.mastspark.connector.sky.zone.ConeTile;
import org.mastspark.connector.sky.zone.ConeTiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned Pan-STARRS read. The catalogs API reports no row count, so partitions walk pages until a
 * short one:
 *
 * <ul>
 *   <li>a cone within MAST's 0.5 degree, or no cone: {@code pagePartitions} partitions, partition i
 *       reading pages i, i + n, i + 2n, ... (every page exactly once between them);
 *   <li>a larger cone: tiles of at most 0.5 degree ({@link ConeTiler}), one partition per tile reading
 *       its pages in turn and keeping only rows its tile owns that lie in the user's cone;
 *   <li>{@code LIMIT n} within a page: one request of {@code pagesize = n}.
 * </ul>
 *
 * Paged reads are sorted ({@code sort_by}: the user's ORDER BY, option {@code sortBy}, else the table's
 * id columns) so that MAST returns one row order for all pages.
 */
final class PanstarrsScan extends ServiceScan {
    private static final Logger LOG = LoggerFactory.getLogger(PanstarrsScan.class);
    /** astroquery's default radius for catalogs: 0.2 degree. */
    static final double DEFAULT_RADIUS_DEG = 0.2;

    private final PanstarrsPath path;
    private final List<PanstarrsQuery.Criterion> criteria;
    private final List<String> sortBy;

    PanstarrsScan(
            MastOptions options,
            PanstarrsPath path,
            StructType schema,
            StructType required,
            List<PanstarrsQuery.Criterion> criteria,
            List<String> sortBy,
            long limit) {
        super(options, schema, required, limit);
        this.path = path;
        this.criteria = criteria;
        this.sortBy = sortBy;
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("MAST ").append(path.describe());
        describeCone(sb, "0.2deg");
        sb.append(" [criteria=");
        for (int i = 0; i < criteria.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(criteria.get(i).key())
                    .append('=')
                    .append(criteria.get(i).values());
        }
        sb.append(']');
        if (!sortBy.isEmpty()) {
            sb.append(" [sort_by=").append(sortBy).append(']');
        }
        describeLimit(sb);
        return sb.toString();
    }

    @Override
    protected List<ServicePartition> plan() {
        List<ServicePartition> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        MastClientConfig config = ServiceOptions.catalogsConfig(options);
        double[] cone = options.hasPosition() ? Positions.cone(options, DEFAULT_RADIUS_DEG, new ClientMetrics()) : null;
        boolean tiled = cone != null && cone[2] > PanstarrsQuery.MAX_RADIUS_DEG;
        List<String> columns = new ArrayList<>();
        RowLayout.Builder layout = RowLayout.builder();
        int[] slots = requestColumns(columns, layout, tiled, this::positionColumns);
        if (columns.isEmpty()) {
            columns.add(schema.fieldNames()[0]);
        }
        RowLayout rows = layout.build();
        int pagesize = ServiceOptions.pagesize(options, 50_000, 500_000);
        boolean onePage = limit > 0 && limit <= pagesize && !tiled;
        List<String> sort = onePage && sortBy.isEmpty() ? List.of() : sortOrder();
        PanstarrsQuery base = new PanstarrsQuery(
                path.release(),
                path.table(),
                null,
                null,
                null,
                criteria,
                columns,
                sort,
                onePage ? (int) limit : pagesize);
        if (tiled) {
            List<ConeTile> tiles = ConeTiler.standard().cover(cone[0], cone[1], cone[2], PanstarrsQuery.MAX_RADIUS_DEG);
            PlannedRequests.check(
                    options,
                    path.describe(),
                    tiles.size(),
                    "a query per tile: a cone of " + cone[2] + " deg is covered by " + tiles.size()
                            + " tiles of at most 0.5 deg");
            for (ConeTile t : tiles) {
                PanstarrsQuery q = base.withCone(t.ra(), t.dec(), Math.min(PanstarrsQuery.MAX_RADIUS_DEG, t.radius()));
                out.add(new PanstarrsPartition(
                        config, q, 1, 1, rows, required.size(), t, cone, slots[0], slots[1], limit));
            }
            LOG.info("Pan-STARRS read of {} tiled into {} cones of at most 0.5 deg", path.describe(), tiles.size());
            return out;
        }
        if (cone != null) {
            base = base.withCone(cone[0], cone[1], cone[2]);
        }
        int n = onePage ? 1 : ServiceOptions.pagePartitions(options);
        PlannedRequests.check(options, path.describe(), n, "a query per partition: option 'pagePartitions' is " + n);
        for (int i = 1; i <= n; i++) {
            out.add(new PanstarrsPartition(config, base, i, n, rows, required.size(), null, null, -1, -1, limit));
        }
        return out;
    }

    /** The sort that keeps pages coherent: the user's, option sortBy, else the table's id columns. */
    private List<String> sortOrder() {
        if (!sortBy.isEmpty()) {
            return sortBy;
        }
        String option = options.get(ServiceOptions.SORT_BY);
        if (option != null) {
            List<String> out = new ArrayList<>();
            for (String s : option.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        List<String> ids = new ArrayList<>();
        List<String> names = List.of(schema.fieldNames());
        for (String id : List.of("objID", "detectID", "stackDetectID", "forcedSummaryID")) {
            if (names.contains(id)) {
                ids.add(id + ".asc");
            }
        }
        return ids;
    }

    /** The columns holding each row's position: UCD pos.eq.ra/dec;meta.main, else raMean/decMean, ra/dec. */
    private String[] positionColumns() {
        String ra = null;
        String dec = null;
        for (StructField f : schema.fields()) {
            String u = PanstarrsSchemas.ucd(f).toLowerCase(Locale.ROOT);
            if (ra == null && u.equals("pos.eq.ra;meta.main")) {
                ra = f.name();
            }
            if (dec == null && u.equals("pos.eq.dec;meta.main")) {
                dec = f.name();
            }
        }
        List<String> names = List.of(schema.fieldNames());
        for (String[] pair : new String[][] {{"raMean", "decMean"}, {"ra", "dec"}, {"raStack", "decStack"}}) {
            if ((ra == null || dec == null) && names.contains(pair[0]) && names.contains(pair[1])) {
                ra = pair[0];
                dec = pair[1];
            }
        }
        if (ra == null || dec == null) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(options.get(MastOptions.RADIUS))
                    + "' for option 'radius': MAST answers at most 0.5 degree per Pan-STARRS cone, and "
                    + path.describe() + " has no position columns to tile a larger cone by; use a radius of at"
                    + " most 0.5deg");
        }
        return new String[] {ra, dec};
    }
}
