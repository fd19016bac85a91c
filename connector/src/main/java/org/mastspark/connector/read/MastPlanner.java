package org.mastspark.connector.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalCursor;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.service.PlannedRequests;
import org.mastspark.connector.read.service.Positions;
import org.mastspark.connector.schema.MastSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the partitions of a scan on the driver.
 *
 * <p>Observations: one {@code COUNT_BIG(*)} request, then one partition per page of
 * {@code pagesize} rows. A query matching more than {@code maxResultRows} (MAST resets the connection
 * beyond about 500,000 rows) is split into bands of the split column ({@code s_dec} by default), found by
 * bisecting the column's range with further counts (the two halves' counts asked at once) until every
 * band fits; bands are disjoint ({@code [lo, mid]} and {@code [nextUp(mid), hi]}) so no row is read
 * twice, and their counts must add up to the total, so no row is lost. Products: batches of obsids.
 * Raw Portal services: a one-row probe tells the size, then one partition per page.
 */
final class MastPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(MastPlanner.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_SPLIT_DEPTH = 48;
    /** Runs one of each pair of band counts beside the planning thread (MastHttp caps the requests). */
    private static final ExecutorService COUNTERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "mast-band-count");
        t.setDaemon(true);
        return t;
    });

    private final MastOptions options;
    private final MastDataset dataset;
    private final PortalClient client;
    private final ClientMetrics metrics = new ClientMetrics();

    MastPlanner(MastOptions options, MastDataset dataset) {
        this.options = options;
        this.dataset = dataset;
        this.client = new PortalClient(options.clientConfig());
    }

    /** The catalog a {@code catalogs/<name>} read names, with the {@code version} option applied. */
    MastCatalog catalog() {
        return MastCatalog.parse(dataset.catalog(), options.version());
    }

    /** The search centre {@code {ra, dec}} (resolving {@code target}), or null without a position. */
    double[] center() {
        double[] c = options.coordinates();
        if (c == null && options.target() != null) {
            c = Positions.resolve(options, options.target(), metrics);
        }
        return c;
    }

    /** The schema of a catalog read (see {@link CatalogPlanner#schema}). */
    StructType catalogSchema() {
        return new CatalogPlanner(options, catalog(), metrics).schema(options.coordinates());
    }

    /** The partitions of a catalog read, sky-tiled around the centre when there is one. */
    List<MastInputPartition> catalog(double[] center, ArrayNode filters, String columns, long limit) {
        return new CatalogPlanner(options, catalog(), metrics).partitions(center, filters, columns, limit);
    }

    /**
     * The {@code columns} parameter of a catalog criteria service: "*" or the required columns (never the
     * computed ones), always with the position columns the partitions test.
     */
    static String catalogColumns(StructType full, StructType required, MastCatalog catalog) {
        Set<String> names = new LinkedHashSet<>();
        int stored = 0;
        for (StructField f : full.fields()) {
            if (!isComputed(f.name())) {
                stored++;
            }
        }
        for (StructField f : required.fields()) {
            if (!isComputed(f.name())) {
                names.add(f.name());
            }
        }
        names.add(catalog.raColumn());
        names.add(catalog.decColumn());
        return names.size() >= stored ? "*" : String.join(",", names);
    }

    private static boolean isComputed(String name) {
        return name.equals(MastSchemas.DISTANCE_ARCSEC) || name.equals(MastSchemas.HEALPIX);
    }

    /** The position string for Mast.Caom.Filtered.Position ("ra, dec, radius"), or null. */
    String position() {
        double[] c = options.coordinates();
        if (c == null && options.target() != null) {
            c = Positions.resolve(options, options.target(), metrics);
        }
        if (c == null) {
            return null;
        }
        return PortalRequest.pythonNumber(c[0]) + ", " + PortalRequest.pythonNumber(c[1]) + ", "
                + PortalRequest.pythonNumber(options.radiusDegrees());
    }

    List<MastInputPartition> observations(
            ArrayNode filters, String columns, String position, boolean count, long limit) {
        String service =
                position == null ? MastDataset.OBSERVATIONS_SERVICE : MastDataset.OBSERVATIONS_POSITION_SERVICE;
        ObjectNode params = MAPPER.createObjectNode();
        params.put("columns", columns);
        params.set("filters", filters);
        if (position != null) {
            params.put("position", position);
        }
        if (count) {
            return List.of(MastInputPartition.counted(client.count(service, params, metrics)));
        }
        if (limit == 0) {
            return List.of();
        }
        if (limit > 0 && limit <= options.pagesize()) {
            return List.of(MastInputPartition.pages(PortalRequest.of(service, params, (int) limit), 1, 1, limit));
        }
        long total = client.count(service, params, metrics);
        // every page is one request at least, whether or not the result must be split into bands
        PlannedRequests.check(
                options,
                dataset.describe(),
                metrics.requests() + (total + options.pagesize() - 1) / options.pagesize(),
                "a request per page: " + total + " rows in pages of " + options.pagesize());
        List<MastInputPartition> parts = new ArrayList<>();
        if (total <= options.maxResultRows()) {
            addPages(parts, PortalRequest.of(service, params, options.pagesize()), total, limit);
        } else {
            List<double[]> bands = new ArrayList<>();
            split(service, params, filters, domain(filters), total, 0, bands);
            long sum = 0;
            for (double[] band : bands) {
                sum += (long) band[2];
                ObjectNode p = params.deepCopy();
                p.set("filters", withBand(filters, band[0], band[1]));
                addPages(parts, PortalRequest.of(service, p, options.pagesize()), (long) band[2], limit);
            }
            if (sum != total) {
                throw new MastException("The query matches " + total + " rows, more than maxResultRows ("
                        + options.maxResultRows() + "), and splitting it by '" + options.splitColumn() + "' found only "
                        + sum + ": " + (total - sum) + " rows have no " + options.splitColumn()
                        + ". Narrow the query, or choose another option 'splitColumn'");
            }
            LOG.info("MAST query of {} rows split by {} into {} bands", total, options.splitColumn(), bands.size());
            PlannedRequests.check(
                    options,
                    dataset.describe(),
                    metrics.requests() + parts.size(),
                    "its counts and a request per page of " + bands.size() + " bands of " + options.splitColumn());
        }
        LOG.info("Planned {} partitions for {} ({} planning requests)", parts.size(), service, metrics.requests());
        return parts;
    }

    private void addPages(List<MastInputPartition> parts, PortalRequest request, long rows, long limit) {
        long pages = Math.max(1, (rows + request.pagesize() - 1) / request.pagesize());
        if (rows == 0) {
            return;
        }
        for (int page = 1; page <= pages; page++) {
            // The last partition follows MAST's own page count, so rows added since the count are not lost.
            parts.add(MastInputPartition.pages(request, page, page == pages ? -1 : page, limit));
        }
    }

    /** The split column's range, narrowed by any range the user's filters already put on it. */
    private double[] domain(ArrayNode filters) {
        String col = options.splitColumn();
        double lo;
        double hi;
        switch (col) {
            case "s_dec" -> {
                lo = -90;
                hi = 90;
            }
            case "s_ra" -> {
                lo = 0;
                hi = 360;
            }
            case "t_min", "t_max", "t_obs_release" -> {
                lo = 0;
                hi = 100_000;
            }
            default ->
                throw new IllegalArgumentException("Invalid value '" + Echo.of(col) + "' for option 'splitColumn':"
                        + " expected s_dec, s_ra, t_min, t_max or t_obs_release");
        }
        for (var f : filters) {
            if (f.path("paramName").asText().equalsIgnoreCase(col)
                    && f.path("values").path(0).has("min")) {
                lo = Math.max(lo, f.path("values").path(0).path("min").asDouble());
                hi = Math.min(hi, f.path("values").path(0).path("max").asDouble());
            }
        }
        return new double[] {lo, hi};
    }

    private void split(
            String service,
            ObjectNode params,
            ArrayNode filters,
            double[] range,
            long count,
            int depth,
            List<double[]> out) {
        if (count == 0) {
            return;
        }
        if (count <= options.maxResultRows()) {
            out.add(new double[] {range[0], range[1], count});
            return;
        }
        if (depth >= MAX_SPLIT_DEPTH || !(range[1] > range[0])) {
            throw new MastException(count + " rows share " + options.splitColumn() + " in [" + range[0] + ", "
                    + range[1] + "], more than maxResultRows (" + options.maxResultRows()
                    + "); they cannot be split further. Narrow the query or choose another option 'splitColumn'");
        }
        double mid = range[0] + (range[1] - range[0]) / 2;
        double[] low = {range[0], mid};
        double[] high = {Math.nextUp(mid), range[1]};
        // the two counts are independent: ask MAST for both at once
        CompletableFuture<Long> lowCount =
                CompletableFuture.supplyAsync(() -> bandCount(service, params, filters, low), COUNTERS);
        long highCount = bandCount(service, params, filters, high);
        split(service, params, filters, low, join(lowCount), depth + 1, out);
        split(service, params, filters, high, highCount, depth + 1, out);
    }

    private static long join(CompletableFuture<Long> count) {
        try {
            return count.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private long bandCount(String service, ObjectNode params, ArrayNode filters, double[] band) {
        ObjectNode p = params.deepCopy();
        p.set("filters", withBand(filters, band[0], band[1]));
        return client.count(service, p, metrics);
    }

    private ArrayNode withBand(ArrayNode filters, double lo, double hi) {
        ArrayNode out = MAPPER.createArrayNode();
        String col = options.splitColumn();
        for (var f : filters) {
            if (!f.path("paramName").asText().equalsIgnoreCase(col)) {
                out.add(f);
            }
        }
        ObjectNode band = out.addObject();
        band.put("paramName", col);
        ObjectNode r = band.putArray("values").addObject();
        r.put("min", lo);
        r.put("max", hi);
        return out;
    }

    List<MastInputPartition> products(Set<String> obsids, long limit) {
        if (obsids == null) {
            throw new IllegalArgumentException("Reading 'products' needs the observations' obsids: add"
                    + " .where(\"obsid IN ('2003738726', ...)\"), or look products up for a DataFrame of"
                    + " observations with MastProducts.forObservations(observations)");
        }
        List<String> ids = new ArrayList<>(new TreeSet<>(obsids));
        List<MastInputPartition> parts = new ArrayList<>();
        int batch = options.productBatchSize();
        PlannedRequests.check(
                options,
                dataset.describe(),
                (ids.size() + batch - 1) / batch,
                "a request per batch: " + ids.size() + " obsids in batches of " + batch);
        for (int i = 0; i < ids.size(); i += batch) {
            ObjectNode params = MAPPER.createObjectNode();
            params.put("obsid", String.join(",", ids.subList(i, Math.min(ids.size(), i + batch))));
            parts.add(MastInputPartition.pages(
                    PortalRequest.of(MastDataset.PRODUCTS_SERVICE, params, options.pagesize()), 1, -1, limit));
        }
        return parts;
    }

    List<MastInputPartition> portal(long limit) {
        ObjectNode params = portalParams();
        PortalRequest request = PortalRequest.of(dataset.portalService(), params, options.pagesize());
        if (limit == 0) {
            return List.of();
        }
        if (limit > 0 && limit <= options.pagesize()) {
            return List.of(MastInputPartition.pages(request.withPagesize((int) limit), 1, 1, limit));
        }
        long rows = probe(params).rowsFiltered;
        List<MastInputPartition> parts = new ArrayList<>();
        if (rows < 0) {
            parts.add(MastInputPartition.pages(request, 1, -1, limit));
        } else {
            PlannedRequests.check(
                    options,
                    dataset.describe(),
                    metrics.requests() + (rows + request.pagesize() - 1) / request.pagesize(),
                    "a request per page: " + rows + " rows in pages of " + request.pagesize());
            addPages(parts, request, rows, limit);
        }
        return parts;
    }

    /** The schema MAST declares for a raw Portal service, from a one-row request. */
    StructType portalSchema() {
        Probe p = probe(portalParams());
        if (p.names.isEmpty()) {
            throw new MastException("MAST service " + dataset.portalService() + " declared no columns for params "
                    + Echo.of(params()) + "; give the schema with .schema(...)");
        }
        return MastSchemas.fromMastFields(p.names, p.types);
    }

    private record Probe(long rowsFiltered, List<String> names, List<String> types) {}

    private Probe probe(ObjectNode params) {
        PortalRequest one = PortalRequest.of(dataset.portalService(), params, 1);
        try (PortalCursor c = client.open(one, 1, 1, RowLayout.builder().build(), metrics)) {
            while (c.next()) {
                // one row at most; the answer's fields and paging are what we want
            }
            long rows = c.paging() == null ? -1 : c.paging().rowsFiltered();
            return new Probe(rows, c.fieldNames(), c.fieldTypes());
        }
    }

    private String params() {
        String service = dataset.portalService();
        if (service != null && service.startsWith("Mast.HscMatches.") && options.params() == null) {
            String matchId = options.get(MastOptions.MATCH_ID);
            if (matchId == null) {
                throw new IllegalArgumentException(
                        "Missing option 'matchid' for catalogs/hsc/matches: give the HSC MatchID whose detections"
                                + " to read, e.g. .option(\"matchid\", \"82371983\")");
            }
            if (!matchId.matches("\\d+")) {
                throw new IllegalArgumentException("Invalid value '" + Echo.of(matchId)
                        + "' for option 'matchid': expected an HSC MatchID, a whole number such as 82371983");
            }
            // MAST takes the MatchID as a string, as astroquery sends it
            return "{\"input\": \"" + matchId + "\"}";
        }
        return options.params() == null ? "{}" : options.params();
    }

    private ObjectNode portalParams() {
        try {
            var node = MAPPER.readTree(params());
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Invalid value '" + Echo.of(options.params())
                            + "' for option 'params': expected a JSON object such as {\"ra\": 23.34, \"dec\": 60.66, \"radius\": 0.2}");
        }
    }

    /** The {@code columns} parameter: "*" or the required columns, never those MAST computes. */
    static String columns(StructType full, StructType required, Set<String> computed) {
        if (required.size() == 0) {
            return "obsid";
        }
        List<String> names = new ArrayList<>();
        for (StructField f : required.fields()) {
            if (computed.contains(f.name())) {
                return "*";
            }
            names.add(f.name());
        }
        return names.size() == full.size() ? "*" : String.join(",", names);
    }
}
