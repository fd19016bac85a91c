package org.mastspark.connector.read.panstarrs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.options.PanstarrsKeys;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SearchRegion;
import org.mastspark.connector.read.SkyRows;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.SkyTile;
import org.mastspark.connector.sky.SkyTiler;
import org.mastspark.connector.text.Echo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of a Pan-STARRS table: predicates become decorated parameters ({@link PanstarrsCriteria}), an
 * ORDER BY with a limit becomes {@code sort_by}, and the plan walks pages. The catalogs API reports no row
 * count, so partitions read pages until a short one:
 *
 * <ul>
 *   <li>a cone within MAST's 0.5 degree, or no cone: {@code pagePartitions} partitions, partition i
 *       reading pages i, i + n, i + 2n, ... (every page exactly once between them);
 *   <li>a larger cone: the HEALPix cells whose cones stay within 0.5 degree ({@link SkyTiler#fixed}: the
 *       tiling that needs no counts), one partition per cell reading its cone's pages in turn and keeping
 *       only the rows its cell owns that lie in the user's cone;
 *   <li>{@code LIMIT n} within a page: one request of {@code pagesize = n}.
 * </ul>
 *
 * Paged reads are sorted ({@code sort_by}: the user's ORDER BY, option {@code sortBy}, else the table's id
 * columns) so that MAST returns one row order for all pages. Single use, on the driver.
 */
final class PanstarrsSearch extends SourceQuery {
    private static final Logger LOG = LoggerFactory.getLogger(PanstarrsSearch.class);

    private final PanstarrsPath path;
    private final PanstarrsCriteria criteria = new PanstarrsCriteria();
    private List<String> sortBy = List.of();

    PanstarrsSearch(MastOptions options, StructType schema, PanstarrsPath path) {
        super(options, schema);
        this.path = path;
    }

    @Override
    protected Pushdown push(Comparison c) {
        return criteria.classify(c);
    }

    /** Pan-STARRS names a descending column {@code name.desc}, an ascending one {@code name.asc}. */
    @Override
    protected boolean pushSort(List<String> columns, List<Boolean> descending) {
        List<String> by = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            by.add(columns.get(i) + (descending.get(i) ? ".desc" : ".asc"));
        }
        sortBy = List.copyOf(by);
        return true;
    }

    @Override
    protected String describe() {
        StringBuilder sb = new StringBuilder(path.describe())
                .append(SearchRegion.describe(options, PanstarrsKeys.RADIUS))
                .append(" [criteria=");
        List<PanstarrsQuery.Criterion> all = criteria.criteria();
        for (int i = 0; i < all.size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(all.get(i).key())
                    .append('=')
                    .append(all.get(i).values());
        }
        sb.append(']');
        if (!sortBy.isEmpty()) {
            sb.append(" [sort_by=").append(sortBy).append(']');
        }
        return sb.toString();
    }

    @Override
    protected List<PanstarrsPartition> plan(Read read) {
        long limit = read.limit();
        if (limit == 0) {
            return List.of();
        }
        MastClientConfig config = PanstarrsSource.catalogsConfig(options);
        SearchRegion region =
                options.hasPosition() ? SearchRegion.of(options, PanstarrsKeys.RADIUS, new ClientMetrics()) : null;
        boolean tiled = region != null && region.radius() > PanstarrsQuery.MAX_RADIUS_DEG;
        // The read schema's columns first, then (tiled reads) the position columns a tile needs to keep its rows.
        List<String> columns = new ArrayList<>();
        RowLayout.Builder layout = RowLayout.builder();
        for (StructField f : read.required().fields()) {
            columns.add(f.name());
            layout.add(f.name(), MastSchemas.mastType(f));
        }
        int[] slots = tiled ? positionSlots(columns, layout) : null;
        if (columns.isEmpty()) {
            // the API returns every column when none is named: ask for one, read none
            columns.add(schema.fieldNames()[0]);
        }
        RowLayout rows = layout.build();
        int pagesize = options.get(PanstarrsKeys.PAGESIZE);
        boolean onePage = limit > 0 && limit <= pagesize && !tiled;
        List<String> sort = onePage && sortBy.isEmpty() ? List.of() : sortOrder();
        PanstarrsQuery base = new PanstarrsQuery(
                path.release(),
                path.table(),
                null,
                null,
                null,
                criteria.criteria(),
                columns,
                sort,
                onePage ? (int) limit : pagesize);
        List<PanstarrsPartition> out = new ArrayList<>();
        if (tiled) {
            // no ceiling of the tiler's own: option maxPlannedRequests refuses the plan below, naming its size
            List<SkyTile> tiles = SkyTiler.fixed(region.cone(), PanstarrsQuery.MAX_RADIUS_DEG, Integer.MAX_VALUE);
            PlannedRequests.check(
                    options,
                    path.describe(),
                    tiles.size(),
                    "a query per tile: a cone of " + region.radius() + " deg is covered by " + tiles.size()
                            + " tiles of at most 0.5 deg");
            for (SkyTile t : tiles) {
                PanstarrsQuery q = base.withCone(t.ra(), t.dec(), t.radius());
                SkyRows sky = new SkyRows(
                        slots[0], slots[1], t, region.cone(), List.of(), "Pan-STARRS search of " + path.describe());
                out.add(new PanstarrsPartition(config, q, 1, 1, rows, sky, limit));
            }
            LOG.info("Pan-STARRS read of {} tiled into {} cones of at most 0.5 deg", path.describe(), tiles.size());
            return out;
        }
        if (region != null) {
            base = base.withCone(region.ra(), region.dec(), region.radius());
        }
        int n = onePage ? 1 : options.get(PanstarrsKeys.PAGE_PARTITIONS);
        PlannedRequests.check(options, path.describe(), n, "a query per partition: option 'pagePartitions' is " + n);
        for (int i = 1; i <= n; i++) {
            out.add(new PanstarrsPartition(config, base, i, n, rows, null, limit));
        }
        return out;
    }

    /**
     * Adds the position columns to the columns asked and the layout when the read schema lacks them.
     *
     * @return the layout slots of right ascension and declination
     */
    private int[] positionSlots(List<String> columns, RowLayout.Builder layout) {
        String[] radec = positionColumns();
        int[] slots = new int[2];
        for (int i = 0; i < 2; i++) {
            slots[i] = columns.indexOf(radec[i]);
            if (slots[i] < 0) {
                slots[i] = columns.size();
                columns.add(radec[i]);
                layout.add(radec[i], MastType.DOUBLE);
            }
        }
        return slots;
    }

    /** The sort that keeps pages coherent: the user's, option sortBy, else the table's id columns. */
    private List<String> sortOrder() {
        if (!sortBy.isEmpty()) {
            return sortBy;
        }
        String option = options.get(PanstarrsKeys.SORT_BY);
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

    /**
     * The columns of a Pan-STARRS table holding each row's position: UCD pos.eq.ra/dec;meta.main, else
     * raMean/decMean, ra/dec, raStack/decStack; null when it has none.
     */
    static String[] positionColumns(StructType schema) {
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
        return ra == null || dec == null ? null : new String[] {ra, dec};
    }

    /** The columns holding each row's position: UCD pos.eq.ra/dec;meta.main, else raMean/decMean, ra/dec. */
    private String[] positionColumns() {
        String[] radec = positionColumns(schema);
        String ra = radec == null ? null : radec[0];
        String dec = radec == null ? null : radec[1];
        if (ra == null || dec == null) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(options.get(MastOptions.RADIUS))
                    + "' for option 'radius': MAST answers at most 0.5 degree per Pan-STARRS cone, and "
                    + path.describe() + " has no position columns to tile a larger cone by; use a radius of at"
                    + " most 0.5deg");
        }
        return new String[] {ra, dec};
    }
}
