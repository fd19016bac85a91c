package org.mastspark.connector.read.missions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionSearch;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.options.MissionKeys;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
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
 * One scan of a mission's search table: predicates become {@code conditions} ({@link MissionConditions}),
 * the required columns {@code select_cols}, an ORDER BY with a limit {@code sort_by}/{@code sort_desc}.
 * Partitions are planned once, on the driver:
 *
 * <ul>
 *   <li>no cone, or a cone within MAST's 30 arcmin: one count ({@code totalResults} of a one-row page),
 *       then one partition per page of {@code pagesize} rows ({@code limit}/{@code offset}); the last
 *       partition reads on to the end, so rows added since the count are not lost;
 *   <li>a larger cone: the HEALPix cells of {@link SkyTiler}'s mode without counts, whose cones stay within
 *       30 arcmin, one partition per cell reading all its pages; each keeps only rows its cell owns that
 *       lie in the user's cone ({@link SkyRows}), and computes {@code search_pos}, {@code search_key} and
 *       {@code ang_sep} from the user's cone as MAST computes them for one cone (each cell's answer holds
 *       them relative to the cell's cone).
 * </ul>
 */
final class MissionSearchQuery extends SourceQuery {
    private static final Logger LOG = LoggerFactory.getLogger(MissionSearchQuery.class);

    private final MissionSource source;
    private final MissionConditions conditions = new MissionConditions();
    private List<String> sortBy = List.of();
    private List<Boolean> sortDesc = List.of();

    MissionSearchQuery(MastOptions options, StructType schema, MissionSource source) {
        super(options, schema);
        this.source = source;
    }

    @Override
    protected Pushdown push(Comparison c) {
        return conditions.push(c);
    }

    @Override
    protected boolean pushSort(List<String> columns, List<Boolean> descending) {
        if (tiled() && columns.stream().anyMatch(MissionConditions.COMPUTED::contains)) {
            // each tile sorts by its own cone's values; the user's are computed after the read
            return false;
        }
        sortBy = columns;
        sortDesc = descending;
        return true;
    }

    /** Whether the read's cone is wider than one search may ask, so that it is tiled. */
    private boolean tiled() {
        return options.hasPosition()
                && options.get(MastOptions.RADIUS) != null
                && options.get(MissionKeys.RADIUS) > MissionSource.MAX_CONE_DEG;
    }

    @Override
    protected String describe() {
        StringBuilder sb = new StringBuilder(source.describe())
                .append(SearchRegion.describe(options, MissionKeys.RADIUS))
                .append(" [conditions=")
                .append(conditions.conditions())
                .append(']');
        if (!sortBy.isEmpty()) {
            sb.append(" [sort_by=")
                    .append(sortBy)
                    .append(" desc=")
                    .append(sortDesc)
                    .append(']');
        }
        return sb.toString();
    }

    @Override
    protected List<? extends MastPartition> plan(Read read) {
        ClientMetrics metrics = new ClientMetrics();
        MastClientConfig config = options.clientConfig();
        StructType required = read.required();
        long limit = read.limit();
        SearchRegion region = SearchRegion.of(options, MissionKeys.RADIUS, metrics);
        boolean tiled = region != null && region.radius() > MissionSource.MAX_CONE_DEG;
        List<String> select = new ArrayList<>();
        RowLayout.Builder layout = RowLayout.builder();
        for (StructField f : required.fields()) {
            select.add(f.name());
            layout.add(f.name(), MastSchemas.mastType(f));
        }
        String keyword = MissionClient.datasetKeyword(source.mission());
        boolean hasKeyword = keyword != null && List.of(schema.fieldNames()).contains(keyword);
        SkyRows sky = tiled ? sky(region, required, select, layout, hasKeyword ? keyword : null) : null;
        Set<String> selectCols = new LinkedHashSet<>(select);
        if (hasKeyword) {
            selectCols.add(keyword); // astroquery always asks for the dataset id
        }
        if (selectCols.isEmpty()) {
            selectCols.add(schema.fieldNames()[0]);
        }
        RowLayout rows = layout.build();
        int pagesize = options.get(MissionKeys.PAGESIZE);
        MissionSearch base = MissionSearch.of(source.mission())
                .withConditions(conditions.conditions())
                .withSelectCols(List.copyOf(selectCols))
                .withSort(sortBy, sortDesc)
                .withPage(pagesize, 0);
        List<MissionSearchPartition> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        if (tiled) {
            // no ceiling of the tiler's own: option maxPlannedRequests is the read's, checked with the count
            List<SkyTile> tiles = SkyTiler.fixed(region.cone(), MissionSource.MAX_CONE_DEG, Integer.MAX_VALUE);
            PlannedRequests.check(
                    options,
                    source.describe(),
                    metrics.requests() + tiles.size(),
                    "a search per tile: a cone of " + region.radius() + " deg is covered by " + tiles.size()
                            + " tiles of at most 30 arcmin");
            for (SkyTile t : tiles) {
                MissionSearch s =
                        base.withCone(t.ra(), t.dec(), Math.min(MissionSearch.MAX_RADIUS_ARCSEC, t.radius() * 3600.0));
                SkyRows own = new SkyRows(sky.raSlot(), sky.decSlot(), t, sky.region(), sky.computed(), sky.what());
                out.add(new MissionSearchPartition(config, s, -1, rows, own, limit));
            }
            LOG.info("Mission search of {} tiled into {} cones of at most 30 arcmin", source.describe(), tiles.size());
            return out;
        }
        if (region != null) {
            base = base.withCone(region.ra(), region.dec(), region.radius() * 3600.0);
        }
        if (limit > 0 && limit <= pagesize) {
            out.add(new MissionSearchPartition(config, base.withPage((int) limit, 0), limit, rows, null, limit));
            return out;
        }
        long total = new MissionClient(config).count(base, metrics);
        if (total < 0) {
            out.add(new MissionSearchPartition(config, base, limit, rows, null, limit));
            return out;
        }
        long wanted = limit >= 0 ? Math.min(limit, total) : total;
        long pages = Math.max(1, (wanted + pagesize - 1) / pagesize);
        PlannedRequests.check(
                options,
                source.describe(),
                metrics.requests() + pages,
                "a request per page: " + wanted + " rows in pages of " + pagesize);
        for (long p = 0; p < pages; p++) {
            boolean last = p == pages - 1;
            long maxRows = last ? (limit >= 0 ? wanted - p * pagesize : -1) : pagesize;
            out.add(new MissionSearchPartition(
                    config, base.withPage(pagesize, p * pagesize), maxRows, rows, null, limit));
        }
        LOG.info(
                "Planned {} partitions for {} ({} rows, {} planning requests)",
                out.size(),
                source.describe(),
                total,
                metrics.requests());
        return out;
    }

    /**
     * The row filter of a tiled read (its tile set per partition): the position columns (asked too when not
     * required), the user's cone, and the search columns computed from the user's cone: {@code search_pos}
     * the target as sent, {@code search_key} that text followed by the dataset id (asked too when not
     * required), {@code ang_sep} the distance from the target in arc minutes.
     *
     * @param keyword the dataset id column, or null when the schema has none
     */
    private SkyRows sky(
            SearchRegion region, StructType required, List<String> select, RowLayout.Builder layout, String keyword) {
        String[] radec = positionColumns();
        int ra = slot(radec[0], select, layout, MastType.DOUBLE);
        int dec = slot(radec[1], select, layout, MastType.DOUBLE);
        String target = MissionSearch.target(region.ra(), region.dec());
        // the centre as MAST reads it back from the target text it was sent
        String[] parts = target.split(" ");
        double tra = Double.parseDouble(parts[0]) % 360.0;
        double tdec = Double.parseDouble(parts[1]);
        List<String> names = List.of(required.fieldNames());
        List<SkyRows.Computed> computed = new ArrayList<>();
        if (names.contains("search_pos")) {
            computed.add(new SkyRows.Text(names.indexOf("search_pos"), target));
        }
        if (names.contains("search_key")) {
            int id = keyword == null ? -1 : slot(keyword, select, layout, MastType.STRING);
            computed.add(new SkyRows.Prefixed(names.indexOf("search_key"), target, id));
        }
        if (names.contains("ang_sep")) {
            computed.add(new SkyRows.Distance(names.indexOf("ang_sep"), tra < 0 ? tra + 360.0 : tra, tdec, 60));
        }
        return new SkyRows(ra, dec, null, region.cone(), computed, "Mission search of " + source.describe());
    }

    /** The layout slot of a column, added to the asked columns and the layout when not there yet. */
    private static int slot(String column, List<String> select, RowLayout.Builder layout, MastType type) {
        int slot = select.indexOf(column);
        if (slot < 0) {
            slot = select.size();
            select.add(column);
            layout.add(column, type);
        }
        return slot;
    }

    /**
     * The columns of a mission's search table holding each row's position: the first of qual_type ra and of
     * qual_type dec, as MAST's {@code column_list} marks them; null when it marks none.
     */
    static String[] positionColumns(StructType schema) {
        String ra = null;
        String dec = null;
        for (StructField f : schema.fields()) {
            String q = MissionSchemas.qualType(f);
            if (ra == null && q.equalsIgnoreCase("ra")) {
                ra = f.name();
            }
            if (dec == null && q.equalsIgnoreCase("dec")) {
                dec = f.name();
            }
        }
        return ra == null || dec == null ? null : new String[] {ra, dec};
    }

    /** The columns holding each row's position (qual_type ra and dec), for keeping tiled rows. */
    private String[] positionColumns() {
        String[] radec = positionColumns(schema);
        String ra = radec == null ? null : radec[0];
        String dec = radec == null ? null : radec[1];
        if (ra == null || dec == null) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(options.get(MastOptions.RADIUS))
                    + "' for option 'radius': MAST answers at most 30 arcmin per mission search, and mission '"
                    + source.mission() + "' names no ra/dec columns to tile a larger cone by; use a radius of at"
                    + " most 30arcmin");
        }
        return new String[] {ra, dec};
    }
}
