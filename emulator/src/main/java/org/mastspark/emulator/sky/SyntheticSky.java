package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The emulator's deterministic synthetic sky: CAOM observations over the real collections, their data
 * products (with deterministic bytes), and TIC-, Gaia-, HSC- and GALEX-like catalogs generated per sky
 * cell. Everything is a pure function of {@code (seed, scale)}; nothing but a compact position index of
 * the observations is kept in memory.
 *
 * <p>Size: {@code scale} 1.0 holds 2,000,000 observations and catalogs of about 4,000 TIC stars per square
 * degree (about 165 million virtual TIC rows); sizes scale linearly.
 *
 * <p>Services answered by {@link #query}: {@code Mast.Caom.Cone}, {@code Mast.Caom.Filtered},
 * {@code Mast.Caom.Filtered.Position} (with {@code columns} "*", "COUNT_BIG(*)" or a column list),
 * {@code Mast.Caom.Products}, {@code Mast.Catalogs.Tic.Cone}, {@code Mast.Catalogs.Ctl.Cone},
 * {@code Mast.Catalogs.GaiaDR3.Cone}, {@code Mast.Catalogs.GaiaDR2.Cone}, {@code Mast.Catalogs.GaiaDR1.Cone},
 * {@code Mast.Catalogs.Filtered.Tic[.Position].Rows}, {@code Mast.Catalogs.Filtered.Ctl[.Position].Rows},
 * {@code Mast.Hsc.Db.v3}, {@code Mast.Hsc.Db.v2}, {@code Mast.Galex.Catalog}. A catalog criteria query
 * without a position must bound {@code ra} and {@code dec} to at most 100 square degrees (the synthetic
 * catalogs are too large to scan whole, as MAST's are). Thread safe.
 */
public final class SyntheticSky {
    /** Observations at scale 1.0. */
    public static final long OBSERVATIONS_AT_SCALE_1 = 2_000_000L;

    private static final CellGrid CAOM_GRID = new CellGrid(1.0);
    private static final double MAX_CATALOG_AREA = 100;

    private final long seed;
    private final double scale;
    private final int rows;
    private final Caom caom;
    private final Products products;
    private final StarCatalog tic;
    private final StarCatalog gaia;
    private final StarCatalog hsc;
    private final StarCatalog galex;
    private final Missions missions;
    private final Panstarrs panstarrs;
    private volatile int[][] cellIndex;
    private final Map<String, int[]> matches = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > 24;
        }
    };

    /**
     * Forgets the CAOM queries evaluated so far, so the next request for each is evaluated again, as by a
     * MAST that has not seen it (benchmarks give every reader the same cold start).
     */
    public void forgetEvaluatedQueries() {
        synchronized (matches) {
            matches.clear();
        }
    }

    public SyntheticSky(long seed, double scale) {
        if (!(scale > 0) || scale > 1000) {
            throw new IllegalArgumentException(
                    "Invalid scale " + scale + ": expected a number above 0 and at most 1000");
        }
        this.seed = seed;
        this.scale = scale;
        this.rows = (int) Math.max(1, Math.round(OBSERVATIONS_AT_SCALE_1 * scale));
        this.caom = new Caom(seed);
        this.products = new Products(seed, caom);
        this.tic = new StarCatalog(seed, scale, StarCatalog.Kind.TIC, null);
        this.gaia = new StarCatalog(seed, scale, StarCatalog.Kind.GAIA, tic);
        this.hsc = new StarCatalog(seed, scale, StarCatalog.Kind.HSC, null);
        this.galex = new StarCatalog(seed, scale, StarCatalog.Kind.GALEX, null);
        this.missions = new Missions(seed, caom);
        this.panstarrs = new Panstarrs(seed, scale);
    }

    public long seed() {
        return seed;
    }

    public double scale() {
        return scale;
    }

    /** Number of synthetic CAOM observations. */
    public long observationCount() {
        return rows;
    }

    /** The CAOM columns of observations, in MAST's order (without {@code distance}). */
    public static List<Field> observationFields() {
        return Caom.FIELDS;
    }

    /**
     * Every column of synthetic observation {@code index} (0 ≤ index < {@link #observationCount()}), keyed
     * by column name; for tests that evaluate queries by brute force.
     */
    public Map<String, Object> observation(long index) {
        Object[] row = caom.row(index);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < Caom.FIELDS.size(); k++) {
            out.put(Caom.FIELDS.get(k).name(), row[k]);
        }
        return out;
    }

    /** The product rows of a synthetic obsid (each keyed by column name); empty for other obsids. */
    public List<Map<String, Object>> productsOf(long obsid) {
        long index = Caom.indexOf(obsid, rows);
        List<Map<String, Object>> out = new ArrayList<>();
        if (index >= 0) {
            for (int k = 0; k < products.count(index); k++) {
                Object[] p = products.row(index, k);
                Map<String, Object> m = new LinkedHashMap<>();
                for (int c = 0; c < Products.FIELDS.size(); c++) {
                    m.put(Products.FIELDS.get(c).name(), p[c]);
                }
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The Gaia {@code source_id} placed within 1 arcsec of a synthetic TIC star, or empty: every third TIC
     * star of a cell has one (the cross-match ground truth).
     */
    public Optional<String> gaiaCounterpart(String ticId) {
        long k;
        try {
            k = Long.parseLong(ticId) - 20_000_000_001L;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int cell = (int) (k / 100_000L);
        int j = (int) (k % 100_000L);
        if (k < 0 || cell >= StarCatalog.GRID.count() || j >= tic.countIn(cell) || j % 3 != 0) {
            return Optional.empty();
        }
        return Optional.of(Long.toString(tic.gaiaCounterpartId(cell, j)));
    }

    /** {@code [ra, dec]} of a synthetic TIC star by its ID, or empty. */
    public Optional<double[]> ticPosition(String ticId) {
        long k;
        try {
            k = Long.parseLong(ticId.trim()) - 20_000_000_001L;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int cell = (int) (k / 100_000L);
        int j = (int) (k % 100_000L);
        if (k < 0 || cell >= StarCatalog.GRID.count() || j >= tic.countIn(cell)) {
            return Optional.empty();
        }
        return Optional.of(tic.position(cell, j));
    }

    /**
     * Answers a Portal service over the synthetic data.
     *
     * @return empty when the service is not one the synthetic sky serves
     * @throws MastQueryException for missing or malformed parameters, with MAST-like messages
     */
    public Optional<ResultTable> query(String service, JsonNode params) {
        JsonNode p = params == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : params;
        return Optional.ofNullable(
                switch (service) {
                    case "Mast.Caom.Cone" -> caomQuery(p, cone(p), Filters.NONE, "*");
                    case "Mast.Caom.Filtered" ->
                        caomQuery(p, null, caomFilters(p), p.path("columns").asText("*"));
                    case "Mast.Caom.Filtered.Position" ->
                        caomQuery(
                                p,
                                position(p),
                                caomFilters(p),
                                p.path("columns").asText("*"));
                    case "Mast.Caom.Products" -> productsQuery(p);
                    case "Mast.Catalogs.Tic.Cone" ->
                        catalogQuery(tic, cone(p), Filters.NONE, Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Ctl.Cone" ->
                        catalogQuery(tic, cone(p), Filters.NONE, Integer.MAX_VALUE, 13.0, p);
                    case "Mast.Catalogs.GaiaDR3.Cone", "Mast.Catalogs.GaiaDR2.Cone", "Mast.Catalogs.GaiaDR1.Cone" ->
                        catalogQuery(gaia, cone(p), Filters.NONE, Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Filtered.Tic.Rows" ->
                        catalogQuery(tic, null, filters(p, tic), Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Filtered.Tic.Position.Rows" ->
                        catalogQuery(tic, cone(p), filters(p, tic), Integer.MAX_VALUE, null, p);
                    case "Mast.Catalogs.Filtered.Ctl.Rows" ->
                        catalogQuery(tic, null, filters(p, tic), Integer.MAX_VALUE, 13.0, p);
                    case "Mast.Catalogs.Filtered.Ctl.Position.Rows" ->
                        catalogQuery(tic, cone(p), filters(p, tic), Integer.MAX_VALUE, 13.0, p);
                    case "Mast.Hsc.Db.v3", "Mast.Hsc.Db.v2" ->
                        catalogQuery(hsc, cone(p), Filters.NONE, limit(p, "nr", 50_000), null, p);
                    case "Mast.Galex.Catalog" ->
                        catalogQuery(galex, cone(p), Filters.NONE, limit(p, "maxrecords", 50_000), null, p);
                    default -> null;
                });
    }

    /** The file behind a synthetic product URI, or empty. */
    public Optional<ProductFile> product(String dataUri) {
        return Optional.ofNullable(dataUri == null ? null : products.file(dataUri, rows));
    }

    /**
     * Deterministic bytes for any file name and exact size: a valid FITS primary header for names ending
     * in {@code .fits}, then pseudo-random data. Used for recorded products, whose names and sizes come
     * from real MAST answers.
     */
    public static ProductFile file(String name, long size, boolean exclusiveAccess) {
        return new GeneratedFile(name, size, exclusiveAccess);
    }

    // ---- Mission Search API -----------------------------------------------------------------------

    /** The missions the Mission Search API serves: hst, jwst, roman, classy, ullyses, iue. */
    public static List<String> missionNames() {
        return List.copyOf(Missions.MISSIONS.keySet());
    }

    /**
     * The {@code column_list} answer of a mission (the recorded one for hst), or empty for an unknown
     * mission: {@code [{field_name, description, column_name, queryable, qual_type, default_output,
     * indexed, datatype}]}.
     */
    public static Optional<JsonNode> missionColumns(String mission) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ArrayNode out =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (Missions.Column c : m.columns()) {
            boolean meta = MissionSearch.isMeta(c.name()) && !c.name().equals("ang_sep");
            out.addObject()
                    .put("field_name", c.field())
                    .put("description", c.description())
                    .put("column_name", c.name())
                    .put("queryable", meta ? "no" : "yes")
                    .put("qual_type", c.qualType())
                    .put("default_output", c.defaultOutput() ? "yes" : "no")
                    .put("indexed", c.name().equals(m.datasetColumn()) ? "yes" : "no")
                    .put("datatype", c.datatype());
        }
        return Optional.of(out);
    }

    /** The dataset keyword column of a mission ({@code sci_data_set_name} for hst), or empty. */
    public static Optional<String> missionDatasetColumn(String mission) {
        Missions.Mission m = Missions.mission(mission);
        return m == null ? Optional.empty() : Optional.of(m.datasetColumn());
    }

    /**
     * The columns of observation {@code index} as a dataset of {@code mission}, keyed by column name
     * ({@code search_pos}, {@code search_key} and {@code ang_sep}, which depend on the search, left out), or
     * empty when the observation is not one of the mission's datasets. Brute-force reference: a search's
     * rows are the observations {@code 0 <= i < observationCount()} for which this is present and whose
     * position column lies within the radius of a target and which satisfy the conditions.
     */
    public Optional<Map<String, Object>> missionRow(String mission, long index) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null || index < 0 || index >= rows) {
            return Optional.empty();
        }
        Object[] row = caom.row(index);
        if (!missions.isDataset(m, row)) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < m.columns().size(); k++) {
            String name = m.columns().get(k).name();
            if (!MissionSearch.isMeta(name)) {
                out.put(name, missions.value(m, k, index, row));
            }
        }
        return Optional.of(out);
    }

    /**
     * Answers a Mission Search request over the synthetic datasets.
     *
     * @return empty for an unknown mission
     * @throws MastQueryException for bad input (the service answers HTTP 400)
     */
    public Optional<JsonNode> missionSearch(String mission, JsonNode body) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null) {
            return Optional.empty();
        }
        MissionSearch.Request r = MissionSearch.parse(m, body);
        List<MissionSearch.Match> matches = new ArrayList<>();
        Map<Long, Object[]> rowCache = new java.util.HashMap<>();
        java.util.function.LongFunction<Object[]> rowOf = i -> rowCache.computeIfAbsent(i, caom::row);
        if (r.targets().isEmpty()) {
            for (int i : collectionIndex(m.collection())) {
                Object[] row = caom.row(i);
                if (conditionsHold(m, r, i, row)) {
                    matches.add(new MissionSearch.Match(i, -1, Double.NaN));
                }
            }
        } else {
            for (int t = 0; t < r.targets().size(); t++) {
                double[] target = r.targets().get(t);
                for (int i : candidatesNear(target[0], target[1], r.radiusDeg())) {
                    double[] pos = caom.position(i);
                    double sep = Sky.separation(target[0], target[1], pos[0], pos[1]);
                    if (sep > r.radiusDeg() || !m.collection().equals(caom.collection(i))) {
                        continue;
                    }
                    Object[] row = rowOf.apply(i);
                    if (missions.isDataset(m, row) && conditionsHold(m, r, i, row)) {
                        matches.add(new MissionSearch.Match(i, t, sep * 60));
                    }
                }
            }
        }
        java.util.function.BiFunction<MissionSearch.Match, String, Object> value = (match, column) -> {
            switch (column) {
                case "ang_sep":
                    return match.target() < 0 ? null : match.angSepArcmin();
                case "search_pos":
                    return match.target() < 0 ? null : r.targetTexts().get(match.target());
                default:
                    return missions.value(m, m.column(column), match.index(), rowOf.apply(match.index()));
            }
        };
        MissionSearch.sort(matches, r, value);

        com.fasterxml.jackson.databind.node.ObjectNode out =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.putArray("messages");
        com.fasterxml.jackson.databind.node.ArrayNode info = out.putArray("info");
        for (int k : r.select()) {
            info.addObject()
                    .put("name", m.columns().get(k).name())
                    .put("type", m.columns().get(k).infoType());
        }
        info.addObject().put("name", "search_key").put("type", "VARCHAR");
        boolean positional = !r.targets().isEmpty();
        if (positional) {
            info.addObject().put("name", "search_pos").put("type", "VARCHAR");
            info.addObject().put("name", "ang_sep").put("type", "FLOAT");
        }
        out.set("search_params", r.searchParams());
        out.put("totalResults", matches.size());
        com.fasterxml.jackson.databind.node.ArrayNode results = out.putArray("results");
        int from = Math.min(matches.size(), r.offset());
        int to = Math.min(matches.size(), from + r.limit());
        for (int n = from; n < to; n++) {
            MissionSearch.Match match = matches.get(n);
            Object[] row = rowOf.apply(match.index());
            com.fasterxml.jackson.databind.node.ObjectNode o = results.addObject();
            for (int k : r.select()) {
                putValue(o, m.columns().get(k).name(), missions.value(m, k, match.index(), row));
            }
            String id = missions.datasetId(m, match.index(), row);
            if (positional) {
                String pos = r.targetTexts().get(match.target());
                o.put("search_key", pos + id);
                o.put("search_pos", pos);
                o.put("ang_sep", match.angSepArcmin());
            } else {
                o.put("search_key", id);
            }
        }
        return Optional.of(out);
    }

    private final Map<String, int[]> byCollection = new java.util.concurrent.ConcurrentHashMap<>();

    /** The observations of one CAOM collection, in index order (built once per collection). */
    private int[] collectionIndex(String collection) {
        return byCollection.computeIfAbsent(collection, c -> {
            int[] out = new int[1024];
            int n = 0;
            for (int i = 0; i < rows; i++) {
                if (c.equals(caom.collection(i))) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = i;
                }
            }
            return Arrays.copyOf(out, n);
        });
    }

    private boolean conditionsHold(Missions.Mission m, MissionSearch.Request r, long i, Object[] row) {
        return r.conditions().isEmpty() || r.conditions().test(k -> missions.value(m, k, i, row));
    }

    private static void putValue(com.fasterxml.jackson.databind.node.ObjectNode o, String name, Object v) {
        if (v == null) {
            o.putNull(name);
        } else if (v instanceof Double d) {
            o.put(name, d);
        } else if (v instanceof Long n) {
            o.put(name, n);
        } else if (v instanceof Integer n) {
            o.put(name, n);
        } else {
            o.put(name, v.toString());
        }
    }

    /**
     * The products of mission datasets ({@code post_list_products}), in the shape of
     * {@code mission_products.json}; unknown ids contribute nothing.
     */
    public List<Map<String, Object>> missionProducts(String mission, List<String> datasetIds) {
        Missions.Mission m = Missions.mission(mission);
        List<Map<String, Object>> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (String id : datasetIds) {
            long i = Missions.indexOf(m, id, rows);
            if (i < 0) {
                continue;
            }
            Object[] row = caom.row(i);
            String dataset = missions.datasetId(m, i, row);
            if (!missions.isDataset(m, row) || !dataset.equalsIgnoreCase(id.trim()) || !seen.add(i)) {
                continue;
            }
            for (int k = 0; k < products.count(i); k++) {
                out.add(missions.product(m, dataset, products.row(i, k), row));
            }
        }
        return out;
    }

    /**
     * The file behind a mission product URI ({@code <dataset>/<file>} for retrieve_product, or the
     * {@code mast:HLSP/<mission>/<dataset>/<file>} URI of the other missions), or empty.
     */
    public Optional<ProductFile> missionProduct(String mission, String uri) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null || uri == null) {
            return Optional.empty();
        }
        String u = uri.startsWith("mast:HLSP/" + m.name() + "/")
                ? uri.substring(("mast:HLSP/" + m.name() + "/").length())
                : uri;
        int slash = u.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String file = u.substring(slash + 1);
        for (Map<String, Object> p : missionProducts(m.name(), List.of(u.substring(0, slash)))) {
            if (p.get("filename").equals(file)) {
                return Optional.of(new GeneratedFile(
                        file, ((Number) p.get("size")).longValue(), "PROPRIETARY".equals(p.get("access"))));
            }
        }
        return Optional.empty();
    }

    // ---- Pan-STARRS (catalogs API) ---------------------------------------------------------------

    /**
     * Answers {@code /api/v0.1/panstarrs/<release>/<table>} over the synthetic catalog.
     *
     * @param params request parameters, each with its values (repeated keys, list values)
     * @throws MastQueryException for bad input (the service answers HTTP 400)
     */
    public PanstarrsQuery.Result panstarrsQuery(String release, String table, Map<String, List<String>> params) {
        return PanstarrsQuery.run(panstarrs, release, table, params);
    }

    /** {@code metadata.json} of a Pan-STARRS table (the recorded one for mean), or empty. */
    public static Optional<JsonNode> panstarrsMetadata(String release, String table) {
        Panstarrs.Table t = Panstarrs.TABLES.get(table);
        if (t == null
                || !(release.equals("dr1") || release.equals("dr2"))
                || (t.detections() && release.equals("dr1"))) {
            return Optional.empty();
        }
        return Optional.of(Panstarrs.metadata(t));
    }

    /** Number of cells of the grid the Pan-STARRS (and TIC-like) catalogs are generated on. */
    public static int catalogCellCount() {
        return StarCatalog.GRID.count();
    }

    /** {@code [raMin, raMax, decMin, decMax]} of a catalog cell (0.5 degree declination stripes). */
    public static double[] catalogCellBounds(int cell) {
        return StarCatalog.GRID.bounds(cell);
    }

    /** The catalog cells that may hold a point within {@code radius} degrees of (ra, dec). */
    public static List<Integer> catalogCellsNear(double ra, double dec, double radius) {
        return StarCatalog.GRID.cellsNear(ra, dec, radius);
    }

    /** Pan-STARRS objects in a catalog cell; the detection table has {@value Panstarrs#DETECTIONS} rows per object. */
    public int panstarrsObjectsIn(int cell) {
        return panstarrs.countIn(cell);
    }

    /**
     * Every column of one Pan-STARRS row, keyed by column name: object {@code j} of {@code cell} (and, for
     * the detection table, its detection {@code k}, 0 to 2; ignored otherwise). Brute-force reference: the
     * rows of a region are those of every cell and j whose position columns (raMean/decMean, or ra/dec for
     * detections) lie in it.
     */
    public Map<String, Object> panstarrsRow(String table, int cell, int j, int k) {
        Panstarrs.Table t = Panstarrs.TABLES.get(table);
        if (t == null) {
            throw new IllegalArgumentException("unknown Pan-STARRS table " + table);
        }
        long objKey = Panstarrs.key(cell, j);
        long key = t.detections() ? objKey * 4 + k : objKey;
        Panstarrs.Base b = PanstarrsQuery.base(panstarrs, t, key);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int c = 0; c < t.columns().size(); c++) {
            out.put(t.columns().get(c).name(), panstarrs.value(t, c, b));
        }
        return out;
    }

    // ---- CAOM -------------------------------------------------------------------------------------

    private ResultTable caomQuery(JsonNode p, double[] cone, Filters filters, String columns) {
        boolean count = columns.replace(" ", "").equalsIgnoreCase("COUNT_BIG(*)");
        int[] projection = count ? null : projection(columns);
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
        IntPredicate keep;
        int[] candidates;
        if (cone != null) {
            candidates = candidatesNear(cone[0], cone[1], cone[2]);
            keep = i -> {
                double[] pos = caom.position(i);
                return Sky.separation(cone[0], cone[1], pos[0], pos[1]) <= cone[2]
                        && (filters.isEmpty() || filters.test(caom.row(i)));
            };
        } else {
            double[] dec = filters.rangeOf(Caom.column("s_dec"));
            candidates = dec == null ? null : candidatesInDecRange(dec[0], dec[1]);
            int ra = Caom.column("s_ra");
            int decCol = Caom.column("s_dec");
            if (filters.onlyOn(ra, decCol)) {
                // Position filters need only the cheap position, not the whole row.
                keep = i -> {
                    double[] pos = caom.position(i);
                    Object[] sparse = new Object[Caom.FIELDS.size()];
                    sparse[ra] = pos[0];
                    sparse[decCol] = pos[1];
                    return filters.test(sparse);
                };
            } else {
                keep = i -> filters.isEmpty() || filters.test(caom.row(i));
            }
        }
        int[] out = new int[16];
        int n = 0;
        int total = candidates == null ? rows : candidates.length;
        for (int k = 0; k < total; k++) {
            int i = candidates == null ? k : candidates[k];
            if (keep.test(i)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = i;
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private int[][] index() {
        int[][] idx = cellIndex;
        if (idx == null) {
            synchronized (this) {
                idx = cellIndex;
                if (idx == null) {
                    int[] cellOf = new int[rows];
                    int[] counts = new int[CAOM_GRID.count()];
                    for (int i = 0; i < rows; i++) {
                        double[] pos = caom.position(i);
                        cellOf[i] = CAOM_GRID.cellOf(pos[0], pos[1]);
                        counts[cellOf[i]]++;
                    }
                    idx = new int[counts.length][];
                    for (int c = 0; c < counts.length; c++) {
                        idx[c] = new int[counts[c]];
                        counts[c] = 0;
                    }
                    for (int i = 0; i < rows; i++) {
                        idx[cellOf[i]][counts[cellOf[i]]++] = i;
                    }
                    cellIndex = idx;
                }
            }
        }
        return idx;
    }

    private int[] candidatesNear(double ra, double dec, double radius) {
        return gather(CAOM_GRID.cellsNear(ra, dec, radius));
    }

    private int[] candidatesInDecRange(double lo, double hi) {
        return gather(CAOM_GRID.cellsInDecRange(lo, hi));
    }

    private int[] gather(List<Integer> cells) {
        int[][] idx = index();
        int n = 0;
        for (int c : cells) {
            n += idx[c].length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int c : new TreeSet<>(cells)) {
            System.arraycopy(idx[c], 0, out, at, idx[c].length);
            at += idx[c].length;
        }
        return Arrays.copyOf(out, at);
    }

    private static Filters caomFilters(JsonNode p) {
        return Filters.parse(p.get("filters"), Caom::column);
    }

    private static int[] projection(String columns) {
        String c = columns == null ? "*" : columns.trim();
        if (c.isEmpty() || c.equals("*")) {
            return null;
        }
        String[] names = c.split(",");
        int[] out = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            String n = names[k].trim();
            int col = n.equalsIgnoreCase("distance") ? Caom.FIELDS.size() : Caom.column(n);
            if (col < 0) {
                throw new MastQueryException("Invalid column name '" + n + "' in columns");
            }
            out[k] = col;
        }
        return out;
    }

    // ---- products ---------------------------------------------------------------------------------

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
            cells = StarCatalog.GRID.cellsNear(cone[0], cone[1], cone[2]);
        } else {
            double[] ra = filters.rangeOf(catalog.column("ra"));
            double[] dec = filters.rangeOf(catalog.column("dec"));
            if (ra == null || dec == null || areaOf(ra, dec) > MAX_CATALOG_AREA) {
                throw new MastQueryException("The synthetic catalog is too large to search without a position:"
                        + " give ra/dec/radius, or bound both ra and dec to at most " + (int) MAX_CATALOG_AREA
                        + " square degrees");
            }
            cells = new ArrayList<>();
            for (int c : StarCatalog.GRID.cellsInDecRange(dec[0], dec[1])) {
                double[] b = StarCatalog.GRID.bounds(c);
                if (b[1] >= ra[0] && b[0] <= ra[1]) {
                    cells.add(c);
                }
            }
        }
        long[] keys = new long[16];
        int n = 0;
        for (int c : new TreeSet<>(cells)) {
            int count = catalog.countIn(c);
            for (int j = 0; j < count && n < limit; j++) {
                if (cone != null) {
                    double[] pos = catalog.position(c, j);
                    if (Sky.separation(cone[0], cone[1], pos[0], pos[1]) > cone[2]) {
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

    private static int limit(JsonNode p, String key, int def) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        int n = v.asInt(-1);
        if (n < 0) {
            throw new MastQueryException("Invalid value '" + v.asText() + "' for parameter '" + key + "'");
        }
        return n;
    }

    // ---- parameters -------------------------------------------------------------------------------

    private static double[] cone(JsonNode p) {
        return new double[] {Sky.normRa(number(p, "ra")), dec(number(p, "dec")), radius(number(p, "radius"))};
    }

    private static double[] position(JsonNode p) {
        JsonNode pos = p.get("position");
        if (pos == null || pos.isNull()) {
            throw new MastQueryException("Missing required parameter 'position'");
        }
        String[] parts = pos.asText().split(",");
        if (parts.length != 3) {
            throw new MastQueryException(
                    "Invalid position '" + pos.asText() + "': expected 'ra, dec, radius' in degrees");
        }
        try {
            return new double[] {
                Sky.normRa(Double.parseDouble(parts[0].trim())),
                dec(Double.parseDouble(parts[1].trim())),
                radius(Double.parseDouble(parts[2].trim()))
            };
        } catch (NumberFormatException e) {
            throw new MastQueryException(
                    "Invalid position '" + pos.asText() + "': expected 'ra, dec, radius' in degrees");
        }
    }

    private static double number(JsonNode p, String key) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            throw new MastQueryException("Missing required parameter '" + key + "'");
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new MastQueryException("Invalid value '" + v.asText() + "' for parameter '" + key + "'");
        }
    }

    private static double dec(double d) {
        if (!(d >= -90 && d <= 90)) {
            throw new MastQueryException("Invalid value '" + d + "' for parameter 'dec': must lie between -90 and 90");
        }
        return d;
    }

    private static double radius(double r) {
        if (!(r >= 0 && r <= 180)) {
            throw new MastQueryException(
                    "Invalid value '" + r + "' for parameter 'radius': must lie between 0 and 180");
        }
        return r;
    }

    // ---- result tables ----------------------------------------------------------------------------

    /** The one-row answer of a COUNT_BIG(*) query, shaped as MAST's (countsResp.json). */
    private record CountTable(long count) implements ResultTable {
        private static final List<Field> FIELDS = List.of(new Field("Column1", "string"));

        @Override
        public List<Field> fields() {
            return FIELDS;
        }

        @Override
        public long rowCount() {
            return 1;
        }

        @Override
        public void writeRow(long index, JsonGenerator gen) throws IOException {
            gen.writeStartObject();
            gen.writeNumberField("Column1", count);
            gen.writeEndObject();
        }
    }

    private static final class CaomTable implements ResultTable {
        private static final ThreadLocal<CaomRowWriter> WRITERS = ThreadLocal.withInitial(CaomRowWriter::new);

        private final Caom caom;
        private final int[] ids;
        private final int[] columns;
        private final double[] cone;
        private final List<Field> fields;

        CaomTable(Caom caom, int[] ids, int[] projection, double[] cone) {
            this.caom = caom;
            this.ids = ids;
            this.cone = cone;
            List<Field> f = new ArrayList<>();
            int[] cols;
            if (projection == null) {
                cols = new int[Caom.FIELDS.size() + (cone != null ? 1 : 0)];
                for (int k = 0; k < cols.length; k++) {
                    cols[k] = k;
                }
            } else {
                cols = projection;
            }
            for (int c : cols) {
                f.add(c == Caom.FIELDS.size() ? Caom.DISTANCE : Caom.FIELDS.get(c));
            }
            this.columns = cols;
            this.fields = List.copyOf(f);
        }

        @Override
        public List<Field> fields() {
            return fields;
        }

        @Override
        public long rowCount() {
            return ids.length;
        }

        @Override
        public void writeRow(long index, JsonGenerator gen) throws IOException {
            if (CaomRowWriter.writes(gen)) {
                WRITERS.get().write(caom, ids[(int) index], columns, cone, gen);
                return;
            }
            Object[] row = caom.row(ids[(int) index]);
            gen.writeStartObject();
            for (int c : columns) {
                if (c == Caom.FIELDS.size()) {
                    double d = cone == null
                            ? 0
                            : Sky.separation(cone[0], cone[1], (Double) row[10], (Double) row[11]) * 3600;
                    gen.writeNumberField("distance", d);
                } else {
                    Caom.write(gen, Caom.NAMES[c], row[c]);
                }
            }
            gen.writeEndObject();
        }
    }

    private record ProductsTable(Products products, List<long[]> refs) implements ResultTable {
        @Override
        public List<Field> fields() {
            return Products.FIELDS;
        }

        @Override
        public long rowCount() {
            return refs.size();
        }

        @Override
        public void writeRow(long index, JsonGenerator gen) throws IOException {
            long[] ref = refs.get((int) index);
            Object[] row = products.row(ref[0], (int) ref[1]);
            gen.writeStartObject();
            for (int c = 0; c < Products.FIELDS.size(); c++) {
                Caom.write(gen, Products.FIELDS.get(c).name(), row[c]);
            }
            gen.writeEndObject();
        }
    }

    private static final class CatalogTable implements ResultTable {
        private final StarCatalog catalog;
        private final long[] keys;
        private final double[] cone;
        private final List<Field> fields;

        CatalogTable(StarCatalog catalog, long[] keys, double[] cone) {
            this.catalog = catalog;
            this.keys = keys;
            this.cone = cone;
            List<Field> f = new ArrayList<>(catalog.fields());
            if (cone != null) {
                f.add(new Field(catalog.distanceColumn(), "float"));
            }
            this.fields = List.copyOf(f);
        }

        @Override
        public List<Field> fields() {
            return fields;
        }

        @Override
        public long rowCount() {
            return keys.length;
        }

        @Override
        public void writeRow(long index, JsonGenerator gen) throws IOException {
            long key = keys[(int) index];
            int cell = (int) (key / 100_000L);
            int j = (int) (key % 100_000L);
            Object[] row = catalog.row(cell, j);
            List<Field> base = catalog.fields();
            gen.writeStartObject();
            for (int c = 0; c < base.size(); c++) {
                Caom.write(gen, base.get(c).name(), row[c]);
            }
            if (cone != null) {
                double[] pos = catalog.position(cell, j);
                double sep = Sky.separation(cone[0], cone[1], pos[0], pos[1]);
                String unit = catalog.distanceColumn().toLowerCase(Locale.ROOT);
                double v = unit.equals("dstarcsec")
                        ? sep * 3600
                        : unit.equals("distance_arcmin") || unit.equals("distance") ? sep * 60 : sep;
                gen.writeNumberField(catalog.distanceColumn(), v);
            }
            gen.writeEndObject();
        }
    }
}
