package org.mastspark.connector.read.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastDataException;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.MastServiceException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.SearchRegion;
import org.mastspark.connector.read.SkyRows;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.SkyPiece;
import org.mastspark.connector.sky.SkyRegion;
import org.mastspark.connector.sky.SkyTiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the partitions of a Portal catalog read ({@code catalogs/<name>}) on the driver.
 *
 * <p>With a position, the user's cone is handed to the {@link SkyTiler}: its counts are one-row requests
 * whose {@code paging.rowsFiltered} tells how many rows a cone holds (a cone that MAST cannot answer,
 * because it holds more than MAST's result limit or than HSC's {@code nr} / GALEX's {@code maxrecords},
 * counts as too large), which covers it with hexagons ({@link SkyTiler#cover}), or with HEALPix cells under
 * option {@code skyTiling} {@code healpix} ({@link SkyTiler#plan}). Each piece then becomes one partition per
 * page of its cone's query, sharing the count's cacheBreaker so MAST keeps one row order; the partitions keep
 * the rows whose own position lies in the piece's hexagon (or cell) and in the user's cone. Without a position, a criteria query of TIC, CTL or
 * DiskDetective is read as one paged query.
 */
final class CatalogPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogPlanner.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MastOptions options;
    private final MastCatalog catalog;
    private final PortalClient client;
    private final PortalClient countClient;
    private final ClientMetrics metrics;
    private final Map<String, String> cacheBreakers = new ConcurrentHashMap<>();

    CatalogPlanner(MastOptions options, MastCatalog catalog, ClientMetrics metrics) {
        this.options = options;
        this.catalog = catalog;
        this.metrics = metrics;
        this.client = new PortalClient(options.clientConfig());
        // A count of a cone beyond MAST's result limit fails on every attempt (MAST drops the connection):
        // two attempts tell that apart from a passing fault without spending the full retry budget.
        var cfg = options.clientConfig();
        this.countClient = new PortalClient(
                cfg.toBuilder().maxAttempts(Math.min(2, cfg.maxAttempts())).build());
    }

    /** The rows one request may return for this catalog. */
    long rowCap() {
        // HSC's nr and GALEX's maxrecords truncate an answer at the cap; MAST's result limit applies too.
        return catalog.capParam() != null
                ? Math.min(catalog.cap() - 1, options.maxResultRows())
                : options.maxResultRows();
    }

    /** The read schema: the recorded schema, or the one MAST declares for a tiny cone around the centre. */
    StructType schema(double[] center) {
        StructType service;
        if (catalog.fixedSchema() != null) {
            service = MastSchemas.catalog(catalog.fixedSchema());
        } else {
            double ra = center == null ? 0 : center[0];
            double dec = center == null ? 0 : center[1];
            PortalRequest one = PortalRequest.of(catalog.coneService(), coneParams(null, ra, dec, 1e-4), 1);
            PortalClient.Probe probe = client.probe(one, metrics);
            if (probe.fieldNames().isEmpty()) {
                throw new MastException("MAST service " + catalog.coneService()
                        + " declared no columns; give the schema with .schema(...)");
            }
            service = MastSchemas.fromMastFields(probe.fieldNames(), probe.fieldTypes());
        }
        return MastSchemas.catalogRead(service, options.healpix(), options.healpixOrder());
    }

    /** The service's parameters for a cone (and the pushed filters, for criteria services). */
    private ObjectNode coneParams(Criteria criteria, double ra, double dec, double radius) {
        ObjectNode p = MAPPER.createObjectNode();
        if (criteria != null) {
            if (catalog.filteredColumns()) {
                p.put("columns", criteria.columns);
            }
            p.set("filters", criteria.filters.deepCopy());
        }
        p.put("ra", ra);
        p.put("dec", dec);
        p.put("radius", radius);
        if (criteria == null) {
            catalog.addConeExtras(p);
        }
        return p;
    }

    private record Criteria(ArrayNode filters, String columns) {}

    /**
     * The partitions of a read.
     *
     * @param search the user's cone, or null
     * @param filters MAST filters pushed down (empty when none)
     * @param columns the {@code columns} parameter for criteria services
     * @param required the read schema
     */
    List<MastPartition> partitions(
            SearchRegion search, ArrayNode filters, String columns, StructType required, long limit) {
        boolean criteria = filters.size() > 0 && catalog.hasCriteria();
        Criteria c = criteria ? new Criteria(filters, columns) : null;
        if (limit == 0) {
            return List.of();
        }
        if (search == null) {
            return withoutPosition(c, required, limit);
        }
        String service = criteria ? catalog.filteredPositionService() : catalog.coneService();
        SkyRegion.Cone region = search.cone();
        double[] center = {search.ra(), search.dec()};
        long before = metrics.requests();
        SkyTiler.Limits limits = SkyTiler.Limits.of(rowCap(), 180)
                .withParallelism(Math.max(1, Math.min(8, options.clientConfig().maxConcurrentRequests())))
                .withMaxCounts((int) Math.max(1, options.maxPlannedRequests() - before));
        SkyTiler.ConeCounter counter = (ra, dec, r) -> count(service, c, ra, dec, r);
        SkyTiler.Cover plan;
        try {
            if (options.healpixTiling()) {
                SkyTiler.Plan cells = SkyTiler.plan(region, limits, counter);
                plan = new SkyTiler.Cover(List.copyOf(cells.tiles()), cells.counts(), cells.density());
            } else {
                plan = SkyTiler.cover(region, limits, counter);
            }
        } catch (SkyTiler.TooManyCounts e) {
            throw PlannedRequests.tooMany(
                    catalog.describe(), before + e.counts(), options.maxPlannedRequests(), e.what());
        }
        List<MastPartition> parts = new ArrayList<>();
        int pagesize = options.pagesize();
        Rows rows = new Rows(required);
        for (SkyPiece tile : plan.pieces()) {
            String cb = cacheBreakers.get(key(tile.ra(), tile.dec(), tile.radius()));
            PortalRequest request = PortalRequest.of(
                    service,
                    coneParams(c, tile.ra(), tile.dec(), tile.radius()),
                    "json",
                    pagesize,
                    cb != null ? cb : UUID.randomUUID().toString());
            // One request answers the user's cone itself: MAST's answer is the region, nothing to re-check.
            SkyRows sky = rows.sky(tile, tile.ownsAll() ? null : region, center[0], center[1]);
            PortalPartition.addPages(
                    parts, options.clientConfig(), request, Math.max(1, tile.rows()), rows.layout, sky, limit);
        }
        PlannedRequests.check(
                options,
                catalog.describe(),
                before + plan.counts() + parts.size(),
                plan.counts() + " counts and a request per page of "
                        + plan.pieces().size() + " tiles");
        LOG.info(
                "Planned {} of {} deg around ({}, {}): {} tiles ({} rows in their cones), {} partitions, {} counting"
                        + " requests, density {} rows/deg2",
                catalog.describe(),
                region.radius(),
                center[0],
                center[1],
                plan.pieces().size(),
                plan.coneRows(),
                parts.size(),
                plan.counts(),
                Math.round(plan.density()));
        return parts;
    }

    private List<MastPartition> withoutPosition(Criteria c, StructType required, long limit) {
        if (c == null) {
            throw new IllegalArgumentException(catalog.describe() + " needs a position: give option 'coordinates'"
                    + " (or 'target') and 'radius'"
                    + (catalog.hasCriteria() ? ", or criteria with .where(...) on its columns" : ""));
        }
        ObjectNode p = MAPPER.createObjectNode();
        if (catalog.filteredColumns()) {
            p.put("columns", c.columns);
        }
        p.set("filters", c.filters.deepCopy());
        PortalRequest one = PortalRequest.of(catalog.filteredService(), p, 1);
        long rows = client.probe(one, metrics).rowsFiltered();
        PortalRequest request =
                PortalRequest.of(catalog.filteredService(), p, "json", options.pagesize(), one.cacheBreaker());
        List<MastPartition> parts = new ArrayList<>();
        long pages = rows < 0 ? 1 : Math.max(1, (rows + options.pagesize() - 1) / options.pagesize());
        PlannedRequests.check(
                options,
                catalog.describe(),
                metrics.requests() + pages,
                "a request per page: " + rows + " rows in pages of " + options.pagesize());
        Rows layout = new Rows(required);
        SkyRows all = layout.sky(null, null, Double.NaN, Double.NaN);
        PortalPartition.addPages(
                parts, options.clientConfig(), request, rows < 0 ? 1 : rows, layout.layout, all, limit);
        return parts;
    }

    private static String key(double ra, double dec, double radius) {
        return ra + "," + dec + "," + radius;
    }

    /**
     * Rows in a cone, from a one-row request's {@code paging.rowsFiltered}; {@code OVER_LIMIT} when the
     * service truncates at its cap ({@code nr}, {@code maxrecords}) or cannot answer at all.
     */
    private long count(String service, Criteria c, double ra, double dec, double radius) {
        String cb = UUID.randomUUID().toString();
        PortalRequest one = PortalRequest.of(service, coneParams(c, ra, dec, radius), "json", 1, cb);
        try {
            long rows = countClient.probe(one, metrics).rowsFiltered();
            if (rows < 0) {
                throw new MastException(service + " answered without paging.rowsFiltered; a sky-tiled read needs it");
            }
            if (catalog.capParam() != null && rows >= catalog.cap()) {
                return SkyTiler.ConeCounter.OVER_LIMIT;
            }
            cacheBreakers.put(key(ra, dec, radius), cb);
            return rows;
        } catch (MastHttpException | MastServiceException | MastDataException e) {
            throw e;
        } catch (MastException e) {
            LOG.warn(
                    "{} could not count the cone ({}, {}, r={}): {}; taking it as beyond MAST's result limit",
                    service,
                    ra,
                    dec,
                    radius,
                    e.getMessage());
            return SkyTiler.ConeCounter.OVER_LIMIT;
        }
    }

    /**
     * The columns a catalog partition reads: the read schema's, with the computed ones ({@code dstArcSec},
     * {@code healpix}) renamed so that MAST's own values are never read into them (MAST's distance is relative
     * to the tile's cone), then the position columns when not required.
     */
    private final class Rows {
        final RowLayout layout;
        final int raAt;
        final int decAt;
        final int distanceAt;
        final int healpixAt;

        Rows(StructType required) {
            RowLayout base = MastSchemas.layout(required);
            RowLayout.Builder b = RowLayout.builder();
            for (int i = 0; i < base.size(); i++) {
                String n = base.name(i);
                b.add(
                        n.equals(MastSchemas.DISTANCE_ARCSEC) || n.equals(MastSchemas.HEALPIX) ? "(computed) " + n : n,
                        base.type(i));
            }
            if (base.indexOf(catalog.raColumn()) < 0) {
                b.add(catalog.raColumn(), MastType.DOUBLE);
            }
            if (base.indexOf(catalog.decColumn()) < 0) {
                b.add(catalog.decColumn(), MastType.DOUBLE);
            }
            layout = b.build();
            raAt = layout.indexOf(catalog.raColumn());
            decAt = layout.indexOf(catalog.decColumn());
            distanceAt = base.indexOf(MastSchemas.DISTANCE_ARCSEC);
            healpixAt = base.indexOf(MastSchemas.HEALPIX);
        }

        /** What a partition keeps and computes: the tile's rows in the region, their distance and cell. */
        SkyRows sky(SkyPiece tile, SkyRegion region, double centerRa, double centerDec) {
            List<SkyRows.Computed> computed = new ArrayList<>();
            if (distanceAt >= 0) {
                computed.add(new SkyRows.Distance(distanceAt, centerRa, centerDec, 3600.0));
            }
            if (healpixAt >= 0) {
                computed.add(new SkyRows.HealpixCell(healpixAt, options.healpixOrder()));
            }
            return new SkyRows(raAt, decAt, tile, region, computed, catalog.describe());
        }
    }
}
