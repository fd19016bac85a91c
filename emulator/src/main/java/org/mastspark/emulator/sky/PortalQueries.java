package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Answers the Portal services over the synthetic sky: matches CAOM observations against cones and
 * criteria filters, collects the products of obsids, and scans the virtual catalogs cell by cell. CAOM
 * matches are kept for the last 24 distinct queries, so the pages of one query share one evaluation and
 * one row order. Thread safe.
 */
final class PortalQueries {
    private static final double MAX_CATALOG_AREA = 100;

    private final int rows;
    private final Caom caom;
    private final Products products;
    private final ObservationIndex observations;
    private final StarCatalog tic;
    private final StarCatalog gaia;
    private final StarCatalog hsc;
    private final StarCatalog galex;
    private final Map<String, int[]> matches = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > 24;
        }
    };

    PortalQueries(
            int rows,
            Caom caom,
            Products products,
            ObservationIndex observations,
            StarCatalog tic,
            StarCatalog gaia,
            StarCatalog hsc,
            StarCatalog galex) {
        this.rows = rows;
        this.caom = caom;
        this.products = products;
        this.observations = observations;
        this.tic = tic;
        this.gaia = gaia;
        this.hsc = hsc;
        this.galex = galex;
    }

    /** Forgets the CAOM matches kept so far. */
    void forgetEvaluatedQueries() {
        synchronized (matches) {
            matches.clear();
        }
    }

    /**
     * Answers a Portal service.
     *
     * @return empty when the service is not one the synthetic sky serves
     * @throws MastQueryException for missing or malformed parameters, with MAST-like messages
     */
    Optional<ResultTable> query(String service, JsonNode params) {
        JsonNode p = params == null ? NullNode.getInstance() : params;
        return Optional.ofNullable(
                switch (service) {
                    case "Mast.Caom.Cone" -> caomQuery(p, PortalParameters.cone(p), Filters.NONE, "*");
                    case "Mast.Caom.Filtered" ->
                        caomQuery(p, null, caomFilters(p), p.path("columns").asText("*"));
                    case "Mast.Caom.Filtered.Position" ->
                        caomQuery(
                                p,
                                PortalParameters.position(p),
                                caomFilters(p),
                                p.path("columns").asText("*"));
                    case "Mast.Caom.Products" -> productsQuery(p);
                    case "Mast.Catalogs.Tic.Cone" ->
                        catalogQuery(tic, PortalParameters.cone(p), Filters.NONE, Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Ctl.Cone" ->
                        catalogQuery(tic, PortalParameters.cone(p), Filters.NONE, Integer.MAX_VALUE, 13.0, p);
                    case "Mast.Catalogs.GaiaDR3.Cone", "Mast.Catalogs.GaiaDR2.Cone", "Mast.Catalogs.GaiaDR1.Cone" ->
                        catalogQuery(gaia, PortalParameters.cone(p), Filters.NONE, Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Filtered.Tic.Rows" ->
                        catalogQuery(tic, null, filters(p, tic), Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Filtered.Tic.Position.Rows" ->
                        catalogQuery(tic, PortalParameters.cone(p), filters(p, tic), Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Filtered.Ctl.Rows" ->
                        catalogQuery(tic, null, filters(p, tic), Integer.MAX_VALUE, 13.0, p);
                    case "Mast.Catalogs.Filtered.Ctl.Position.Rows" ->
                        catalogQuery(tic, PortalParameters.cone(p), filters(p, tic), Integer.MAX_VALUE, 13.0, p);
                    case "Mast.Hsc.Db.v3", "Mast.Hsc.Db.v2" ->
                        catalogQuery(
                                hsc,
                                PortalParameters.cone(p),
                                Filters.NONE,
                                PortalParameters.limit(p, "nr", 50_000),
                                null,
                                p);
                    case "Mast.Galex.Catalog" ->
                        catalogQuery(
                                galex,
                                PortalParameters.cone(p),
                                Filters.NONE,
                                PortalParameters.limit(p, "maxrecords", 50_000),
                                null,
                                p);
                    default -> null;
                });
    }

    private ResultTable caomQuery(JsonNode p, double[] cone, Filters filters, String columns) {
        boolean count = columns.replace(" ", "").equalsIgnoreCase("COUNT_BIG(*)");
        int[] projection = count ? null : PortalParameters.projection(columns);
        String key = (cone == null ? "" : Arrays.toString(cone)) + "|" + p.path("filters");
        int[] ids;
        synchronized (matches) {
            ids = matches.get(key);
        }
        if (ids == null) {
            ids = match(cone, filters);
            synchronized (matches) {
                matches.put(key, ids);
            }
        }
        if (count) {
            return new CountTable(ids.length);
        }
        return new CaomTable(caom, ids, projection, cone);
    }

    private int[] match(double[] cone, Filters filters) {
        if (cone == null && filters.isEmpty()) {
            // every observation, already in index order: nothing to evaluate
            int[] all = new int[rows];
            Arrays.setAll(all, k -> k);
            return all;
        }
        IntPredicate keep;
        int[] candidates;
        if (cone != null) {
            candidates = observations.candidatesNear(cone[0], cone[1], cone[2]);
            keep = i -> Sky.separation(cone[0], cone[1], observations.ra(i), observations.dec(i)) <= cone[2]
                    && (filters.isEmpty() || filters.test(caom.row(i)));
        } else {
            double[] dec = filters.rangeOf(Caom.column("s_dec"));
            candidates = dec == null ? null : observations.candidatesInDecRange(dec[0], dec[1]);
            int ra = Caom.column("s_ra");
            int decCol = Caom.column("s_dec");
            if (filters.onlyOn(ra, decCol)) {
                // Position filters need only the indexed position, not the whole row; one sparse row serves every
                // candidate (the predicate runs on this thread only).
                Object[] sparse = new Object[Caom.FIELDS.size()];
                keep = i -> {
                    sparse[ra] = observations.ra(i);
                    sparse[decCol] = observations.dec(i);
                    return filters.test(sparse);
                };
            } else {
                keep = i -> filters.test(caom.row(i));
            }
        }
        int total = candidates == null ? rows : candidates.length;
        // sized for every candidate: growing a large result would copy it (and allocate) repeatedly
        int[] out = new int[total];
        int n = 0;
        for (int k = 0; k < total; k++) {
            int i = candidates == null ? k : candidates[k];
            if (keep.test(i)) {
                out[n++] = i;
            }
        }
        if (candidates == null) {
            return Arrays.copyOf(out, n); // scanned in index order
        }
        return inIndexOrder(out, n);
    }

    /**
     * The first {@code n} ids of {@code ids} (distinct, in grid-cell order) in index order: for many ids, by
     * marking them in a bitmap of all observations, which is linear where sorting is not.
     */
    private int[] inIndexOrder(int[] ids, int n) {
        if (n < rows / 64) {
            int[] out = Arrays.copyOf(ids, n);
            Arrays.sort(out);
            return out;
        }
        long[] marks = new long[(rows + 63) >>> 6];
        for (int k = 0; k < n; k++) {
            marks[ids[k] >>> 6] |= 1L << ids[k];
        }
        int[] out = new int[n];
        int at = 0;
        for (int w = 0; w < marks.length; w++) {
            long bits = marks[w];
            while (bits != 0) {
                out[at++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        return out;
    }

    private static Filters caomFilters(JsonNode p) {
        return Filters.parse(p.get("filters"), Caom::column);
    }

    private ResultTable productsQuery(JsonNode p) {
        JsonNode obsid = p.get("obsid");
        if (obsid == null || obsid.isNull()) {
            throw new MastQueryException("Missing required parameter 'obsid'");
        }
        List<String> ids = new ArrayList<>();
        if (obsid.isArray()) {
            obsid.forEach(v -> ids.add(v.asText()));
        } else {
            ids.addAll(Arrays.asList(obsid.asText().split(",")));
        }
        List<long[]> refs = new ArrayList<>();
        TreeSet<Long> seen = new TreeSet<>();
        for (String id : ids) {
            long o;
            try {
                o = Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                continue;
            }
            long index = Caom.indexOf(o, rows);
            if (index < 0 || !seen.add(index)) {
                continue;
            }
            for (int k = 0; k < products.count(index); k++) {
                refs.add(new long[] {index, k});
            }
        }
        return new ProductsTable(products, refs);
    }

    // ---- catalogs ---------------------------------------------------------------------------------

    private ResultTable catalogQuery(
            StarCatalog catalog, double[] cone, Filters filters, int limit, Double maxTmag, JsonNode p) {
        int tmagCol = catalog == tic ? tic.column("Tmag") : -1;
        List<Integer> cells;
        if (cone != null) {
            // a source may lie just outside its cell (a Gaia counterpart of a TIC star at the cell's edge)
            cells = StarCatalog.GRID.cellsNear(cone[0], cone[1], cone[2] + StarCatalog.OUTSIDE_CELL);
        } else {
            double[] ra = filters.rangeOf(catalog.column("ra"));
            double[] dec = filters.rangeOf(catalog.column("dec"));
            if (ra == null || dec == null || areaOf(ra, dec) > MAX_CATALOG_AREA) {
                throw new MastQueryException("The synthetic catalog is too large to search without a position:"
                        + " give ra/dec/radius, or bound both ra and dec to at most " + (int) MAX_CATALOG_AREA
                        + " square degrees");
            }
            cells = new ArrayList<>();
            double pad = StarCatalog.OUTSIDE_CELL;
            for (int c : StarCatalog.GRID.cellsInDecRange(dec[0] - pad, dec[1] + pad)) {
                double[] b = StarCatalog.GRID.bounds(c);
                // the pad as right ascension at the cell's edge nearer the pole
                double cos = Math.cos(Math.toRadians(Math.min(90, Math.max(Math.abs(b[2]), Math.abs(b[3])) + pad)));
                double padRa = cos < 1e-9 ? 360 : pad / cos;
                if (b[1] + padRa >= ra[0] && b[0] - padRa <= ra[1]) {
                    cells.add(c);
                }
            }
        }
        long[] keys = new long[16];
        int n = 0;
        for (int c : new TreeSet<>(cells)) {
            int count = catalog.countIn(c);
            double[] pos = cone != null && count > 0 && n < limit ? catalog.positions(c) : null;
            for (int j = 0; j < count && n < limit; j++) {
                if (cone != null) {
                    if (Sky.separation(cone[0], cone[1], pos[2 * j], pos[2 * j + 1]) > cone[2]) {
                        continue;
                    }
                }
                if (!filters.isEmpty() || maxTmag != null) {
                    Object[] row = catalog.row(c, j);
                    if (!filters.test(row) || (maxTmag != null && !((Double) row[tmagCol] < maxTmag))) {
                        continue;
                    }
                }
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                }
                keys[n++] = StarCatalog.key(c, j);
            }
        }
        return new CatalogTable(catalog, Arrays.copyOf(keys, n), cone);
    }

    private static double areaOf(double[] ra, double[] dec) {
        double lo = Math.max(-90, dec[0]);
        double hi = Math.min(90, dec[1]);
        double dra = Math.min(360, Math.max(0, ra[1] - ra[0]));
        return Math.max(0, dra * (Math.sin(Math.toRadians(hi)) - Math.sin(Math.toRadians(lo))) * 180 / Math.PI);
    }

    private static Filters filters(JsonNode p, StarCatalog catalog) {
        return Filters.parse(p.get("filters"), catalog::column);
    }
}
