package org.mastspark.connector.read.missions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionSearch;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.service.PlannedRequests;
import org.mastspark.connector.read.service.Positions;
import org.mastspark.connector.read.service.ServiceOptions;
import org.mastspark.connector.read.service.ServicePartition;
import org.mastspark.connector.read.service.ServiceScan;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.zone.ConeTile;
import org.mastspark.connector.sky.zone.ConeTiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned mission read. Partitions are planned lazily, once, on the driver:
 *
 * <ul>
 *   <li>no cone, or a cone within MAST's 30 arcmin: one count ({@code totalResults} of a one-row page),
 *       then one partition per page of {@code pagesize} rows ({@code limit}/{@code offset}); the last
 *       partition reads on to the end, so rows added since the count are not lost;
 *   <li>a larger cone: tiles of at most 30 arcmin ({@link ConeTiler}), one partition per tile reading all
 *       its pages, each keeping only rows its tile owns that lie in the user's cone;
 *   <li>products: one partition per batch of at most 1,000 dataset ids.
 * </ul>
 */
final class MissionScan extends ServiceScan {
    private static final Logger LOG = LoggerFactory.getLogger(MissionScan.class);
    /** astroquery's default radius for missions: 3 arcmin. */
    static final double DEFAULT_RADIUS_DEG = 3.0 / 60.0;

    static final double MAX_CONE_DEG = MissionSearch.MAX_RADIUS_ARCSEC / 3600.0;

    private final MissionPath path;
    private final List<MissionSearch.Condition> conditions;
    private final Set<String> datasetIds;
    private final List<String> sortBy;
    private final List<Boolean> sortDesc;
    private double[] cone;

    MissionScan(
            MastOptions options,
            MissionPath path,
            StructType schema,
            StructType required,
            List<MissionSearch.Condition> conditions,
            Set<String> datasetIds,
            List<String> sortBy,
            List<Boolean> sortDesc,
            long limit) {
        super(options, schema, required, limit);
        this.path = path;
        this.conditions = conditions;
        this.datasetIds = datasetIds;
        this.sortBy = sortBy;
        this.sortDesc = sortDesc;
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("MAST ").append(path.describe());
        if (path.products()) {
            sb.append(" [datasets=")
                    .append(datasetIds == null ? "none" : datasetIds.size())
                    .append(']');
        } else {
            describeCone(sb, "3arcmin");
            sb.append(" [conditions=").append(conditions).append(']');
            if (!sortBy.isEmpty()) {
                sb.append(" [sort_by=")
                        .append(sortBy)
                        .append(" desc=")
                        .append(sortDesc)
                        .append(']');
            }
        }
        describeLimit(sb);
        return sb.toString();
    }

    @Override
    protected List<ServicePartition> plan() {
        return path.products() ? products() : searches();
    }

    private List<ServicePartition> products() {
        if (datasetIds == null) {
            throw new IllegalArgumentException("Reading '" + path.describe() + "' needs dataset ids: add"
                    + " .where(\"dataset IN ('Z14Z0104T', ...)\"), or look products up for a DataFrame of datasets"
                    + " with MastMissions.products(datasets, \"" + path.mission() + "\", options)");
        }
        List<String> ids = new ArrayList<>(datasetIds);
        int batch = ServiceOptions.missionProductBatch(options);
        RowLayout layout = MastSchemas.layout(required);
        List<ServicePartition> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        PlannedRequests.check(
                options,
                path.describe(),
                (ids.size() + batch - 1) / batch,
                "a request per batch: " + ids.size() + " dataset ids in batches of " + batch);
        for (int i = 0; i < ids.size(); i += batch) {
            out.add(new MissionProductsPartition(
                    options.clientConfig(),
                    path.mission(),
                    ids.subList(i, Math.min(ids.size(), i + batch)),
                    layout,
                    limit));
        }
        return out;
    }

    private List<ServicePartition> searches() {
        ClientMetrics metrics = new ClientMetrics();
        MastClientConfig config = options.clientConfig();
        MissionClient client = new MissionClient(config);
        if (cone == null && options.hasPosition()) {
            cone = Positions.cone(options, DEFAULT_RADIUS_DEG, metrics);
        }
        boolean tiled = cone != null && cone[2] > MAX_CONE_DEG;
        String[] radec = tiled ? positionColumns() : null;
        List<String> select = new ArrayList<>();
        RowLayout.Builder layout = RowLayout.builder();
        int[] slots = requestColumns(select, layout, tiled, () -> radec);
        int outputWidth = required.size();
        String keyword = MissionClient.datasetKeyword(path.mission());
        Set<String> selectCols = new LinkedHashSet<>(select);
        if (keyword != null && List.of(schema.fieldNames()).contains(keyword)) {
            selectCols.add(keyword); // astroquery always asks for the dataset id
        }
        if (selectCols.isEmpty()) {
            selectCols.add(schema.fieldNames()[0]);
        }
        RowLayout rows = layout.build();
        int pagesize = ServiceOptions.pagesize(options, 5000, 500_000);
        MissionSearch base = MissionSearch.of(path.mission())
                .withConditions(conditions)
                .withSelectCols(List.copyOf(selectCols))
                .withSort(sortBy, sortDesc.isEmpty() ? List.of() : sortDesc)
                .withPage(pagesize, 0);
        List<ServicePartition> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        if (tiled) {
            SearchColumns searchColumns = searchColumns(select, layout, keyword, cone);
            rows = layout.build();
            List<ConeTile> tiles = ConeTiler.standard().cover(cone[0], cone[1], cone[2], MAX_CONE_DEG);
            PlannedRequests.check(
                    options,
                    path.describe(),
                    metrics.requests() + tiles.size(),
                    "a search per tile: a cone of " + cone[2] + " deg is covered by " + tiles.size()
                            + " tiles of at most 30 arcmin");
            for (ConeTile t : tiles) {
                MissionSearch s =
                        base.withCone(t.ra(), t.dec(), Math.min(MissionSearch.MAX_RADIUS_ARCSEC, t.radius() * 3600.0));
                out.add(new MissionSearchPartition(
                        config, s, -1, rows, outputWidth, t, cone, slots[0], slots[1], limit, searchColumns));
            }
            LOG.info("Mission search of {} tiled into {} cones of at most 30 arcmin", path.describe(), tiles.size());
            return out;
        }
        if (cone != null) {
            base = base.withCone(cone[0], cone[1], cone[2] * 3600.0);
        }
        if (limit > 0 && limit <= pagesize) {
            out.add(MissionSearchPartition.untiled(
                    config, base.withPage((int) limit, 0), limit, rows, outputWidth, limit));
            return out;
        }
        long total = client.count(base, metrics);
        if (total < 0) {
            out.add(MissionSearchPartition.untiled(config, base, limit, rows, outputWidth, limit));
            return out;
        }
        long wanted = limit >= 0 ? Math.min(limit, total) : total;
        long pages = Math.max(1, (wanted + pagesize - 1) / pagesize);
        PlannedRequests.check(
                options,
                path.describe(),
                metrics.requests() + pages,
                "a request per page: " + wanted + " rows in pages of " + pagesize);
        for (long p = 0; p < pages; p++) {
            boolean last = p == pages - 1;
            long maxRows = last ? (limit >= 0 ? wanted - p * pagesize : -1) : pagesize;
            out.add(MissionSearchPartition.untiled(
                    config, base.withPage(pagesize, p * pagesize), maxRows, rows, outputWidth, limit));
        }
        LOG.info(
                "Planned {} partitions for {} ({} rows, {} planning requests)",
                out.size(),
                path.describe(),
                total,
                metrics.requests());
        return out;
    }

    /**
     * The search columns ({@code search_pos}, {@code search_key}, {@code ang_sep}) a tiled read returns,
     * with the dataset id read too when {@code search_key} needs it (added to {@code select} and the
     * layout when not required).
     */
    private SearchColumns searchColumns(List<String> select, RowLayout.Builder layout, String keyword, double[] cone) {
        int pos = outputSlot("search_pos");
        int key = outputSlot("search_key");
        int sep = outputSlot("ang_sep");
        int id = -1;
        if (key >= 0 && keyword != null && List.of(schema.fieldNames()).contains(keyword)) {
            id = select.indexOf(keyword);
            if (id < 0) {
                id = select.size();
                select.add(keyword);
                layout.add(keyword, MastType.STRING);
            }
        }
        return SearchColumns.of(MissionSearch.target(cone[0], cone[1]), pos, key, sep, id);
    }

    /** The position of a required column in the layout (required columns come first), or -1. */
    private int outputSlot(String name) {
        return List.of(required.fieldNames()).indexOf(name);
    }

    /** The columns holding each row's position (qual_type ra and dec), for keeping tiled rows. */
    private String[] positionColumns() {
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
        if (ra == null || dec == null) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(options.get(MastOptions.RADIUS))
                    + "' for option 'radius': MAST answers at most 30 arcmin per mission search, and mission '"
                    + path.mission() + "' names no ra/dec columns to tile a larger cone by; use a radius of at"
                    + " most 30arcmin");
        }
        return new String[] {ra, dec};
    }
}
