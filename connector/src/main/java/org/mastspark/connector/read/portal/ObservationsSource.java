package org.mastspark.connector.read.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.options.ReadKeys;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.PositionColumns;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SearchRegion;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.text.Echo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code load("observations")}: CAOM observations through {@code Mast.Caom.Filtered} (with a position,
 * {@code Mast.Caom.Filtered.Position}), as astroquery's {@code Observations.query_criteria} and
 * {@code query_region} ask them. Predicates become Portal filters ({@link PortalFilters}); {@code COUNT(*)} is
 * MAST's {@code COUNT_BIG(*)}.
 *
 * <p>Planning: one {@code COUNT_BIG(*)} request, then one partition per page of {@code pagesize} rows. A query
 * matching more than {@code maxResultRows} (MAST resets the connection beyond about 500,000 rows) is split into
 * bands of the split column ({@code s_dec} by default), found by bisecting the column's range with further
 * counts (the two halves' counts asked at once) until every band fits; bands are disjoint ({@code [lo, mid]}
 * and {@code [nextUp(mid), hi]}) so no row is read twice, and their counts must add up to the total, so no row
 * is lost.
 */
public final class ObservationsSource implements MastSource {

    static final String SERVICE = "Mast.Caom.Filtered";
    static final String POSITION_SERVICE = "Mast.Caom.Filtered.Position";

    private static final Logger LOG = LoggerFactory.getLogger(ObservationsSource.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_SPLIT_DEPTH = 48;
    /** Runs one of each pair of band counts beside the planning thread (MastHttp caps the requests). */
    private static final ExecutorService COUNTERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "mast-band-count");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String describe() {
        return "observations";
    }

    @Override
    public StructType schema() {
        return MastSchemas.observations();
    }

    /** {@code s_ra}, {@code s_dec}: the CAOM position MAST's position search ({@code Mast.Caom.Filtered.Position}) tests. */
    @Override
    public PositionColumns position() {
        return new PositionColumns("s_ra", "s_dec");
    }

    @Override
    public SourceQuery newQuery(MastOptions options, StructType schema) {
        return new Query(options, schema);
    }

    /** The {@code columns} parameter: "*" or the required columns, never those MAST computes. */
    static String columns(StructType full, StructType required) {
        if (required.size() == 0) {
            return "obsid";
        }
        List<String> names = new ArrayList<>();
        for (StructField f : required.fields()) {
            if (PortalFilters.NOT_FILTERABLE.contains(f.name().toLowerCase(Locale.ROOT))) {
                return "*";
            }
            names.add(f.name());
        }
        return names.size() == full.size() ? "*" : String.join(",", names);
    }

    private static final class Query extends SourceQuery {
        private final PortalFilters filters = new PortalFilters();
        private final PortalClient client;
        private final ClientMetrics metrics = new ClientMetrics();

        Query(MastOptions options, StructType schema) {
            super(options, schema);
            this.client = new PortalClient(options.clientConfig());
        }

        @Override
        protected Pushdown push(Comparison c) {
            return filters.push(c);
        }

        @Override
        protected Pushdown pushNotNull(StructField column, boolean pushed) {
            return filters.pushNotNull(pushed);
        }

        @Override
        protected boolean pushCount() {
            return true;
        }

        @Override
        protected String describe() {
            return "observations" + SearchRegion.describe(options, ReadKeys.RADIUS) + " [filters=" + filters.toJson()
                    + ']';
        }

        @Override
        protected List<MastPartition> plan(Read read) {
            SearchRegion region = SearchRegion.of(options, ReadKeys.RADIUS, metrics);
            String position = region == null
                    ? null
                    : PortalRequest.pythonNumber(region.ra()) + ", " + PortalRequest.pythonNumber(region.dec()) + ", "
                            + PortalRequest.pythonNumber(region.radius());
            String service = position == null ? SERVICE : POSITION_SERVICE;
            ArrayNode json = filters.toJson();
            ObjectNode params = MAPPER.createObjectNode();
            params.put("columns", columns(schema, read.required()));
            params.set("filters", json);
            if (position != null) {
                params.put("position", position);
            }
            if (read.count()) {
                return List.of(MastPartition.counted(client.count(service, params, metrics)));
            }
            long limit = read.limit();
            if (limit == 0) {
                return List.of();
            }
            RowLayout layout = MastSchemas.layout(read.required());
            int pagesize = options.pagesize();
            List<MastPartition> parts = new ArrayList<>();
            if (limit > 0 && limit <= pagesize) {
                parts.add(new PortalPartition(
                        options.clientConfig(),
                        PortalRequest.of(service, params, (int) limit),
                        1,
                        1,
                        layout,
                        null,
                        limit));
                return parts;
            }
            long total = client.count(service, params, metrics);
            // every page is one request at least, whether or not the result must be split into bands
            PlannedRequests.check(
                    options,
                    "observations",
                    metrics.requests() + (total + pagesize - 1) / pagesize,
                    "a request per page: " + total + " rows in pages of " + pagesize);
            if (total <= options.maxResultRows()) {
                PortalPartition.addPages(
                        parts,
                        options.clientConfig(),
                        PortalRequest.of(service, params, pagesize),
                        total,
                        layout,
                        null,
                        limit);
            } else {
                List<double[]> bands = new ArrayList<>();
                split(service, params, json, domain(json), total, 0, bands);
                long sum = 0;
                for (double[] band : bands) {
                    sum += (long) band[2];
                    ObjectNode p = params.deepCopy();
                    p.set("filters", withBand(json, band[0], band[1]));
                    PortalPartition.addPages(
                            parts,
                            options.clientConfig(),
                            PortalRequest.of(service, p, pagesize),
                            (long) band[2],
                            layout,
                            null,
                            limit);
                }
                if (sum != total) {
                    throw new MastException("The query matches " + total + " rows, more than maxResultRows ("
                            + options.maxResultRows() + "), and splitting it by '" + options.splitColumn()
                            + "' found only " + sum + ": " + (total - sum) + " rows have no " + options.splitColumn()
                            + ". Narrow the query, or choose another option 'splitColumn'");
                }
                LOG.info("MAST query of {} rows split by {} into {} bands", total, options.splitColumn(), bands.size());
                PlannedRequests.check(
                        options,
                        "observations",
                        metrics.requests() + parts.size(),
                        "its counts and a request per page of " + bands.size() + " bands of " + options.splitColumn());
            }
            LOG.info("Planned {} partitions for {} ({} planning requests)", parts.size(), service, metrics.requests());
            return parts;
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
    }
}
