package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *
 * <p>The services are answered by {@link PortalQueries} (Portal), {@link MissionSearchAnswers} (Mission
 * Search API) and {@link PanstarrsQuery} (Pan-STARRS catalogs API); this class holds the generated sky
 * they share and the lookups tests use as brute-force references.
 */
public final class SyntheticSky {
    /** Observations at scale 1.0. */
    public static final long OBSERVATIONS_AT_SCALE_1 = 2_000_000L;

    private final long seed;
    private final double scale;
    private final int rows;
    private final Caom caom;
    private final Products products;
    private final StarCatalog tic;
    private final StarCatalog gaia;
    private final Panstarrs panstarrs;
    private final PortalQueries portal;
    private final MissionSearchAnswers missions;

    /**
     * Forgets the CAOM queries evaluated so far, so the next request for each is evaluated again, as by a
     * MAST that has not seen it (benchmarks give every reader the same cold start).
     */
    public void forgetEvaluatedQueries() {
        portal.forgetEvaluatedQueries();
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
        StarCatalog hsc = new StarCatalog(seed, scale, StarCatalog.Kind.HSC, null);
        StarCatalog galex = new StarCatalog(seed, scale, StarCatalog.Kind.GALEX, null);
        ObservationIndex observations = new ObservationIndex(caom, rows);
        this.panstarrs = new Panstarrs(seed, scale);
        this.portal = new PortalQueries(rows, caom, products, observations, tic, gaia, hsc, galex);
        this.missions = new MissionSearchAnswers(rows, caom, products, new Missions(seed, caom), observations);
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
     * Every column of synthetic observation {@code index} ({@code 0 <= index <} {@link #observationCount()}), keyed
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
        return portal.query(service, params);
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
        return MissionSearchAnswers.columns(mission);
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
        return missions.row(mission, index);
    }

    /**
     * Answers a Mission Search request over the synthetic datasets.
     *
     * @return empty for an unknown mission
     * @throws MastQueryException for bad input (the service answers HTTP 400)
     */
    public Optional<JsonNode> missionSearch(String mission, JsonNode body) {
        return missions.search(mission, body);
    }

    /**
     * The products of mission datasets ({@code post_list_products}), in the shape of
     * {@code mission_products.json}; unknown ids contribute nothing.
     */
    public List<Map<String, Object>> missionProducts(String mission, List<String> datasetIds) {
        return missions.productsOf(mission, datasetIds);
    }

    /**
     * The file behind a mission product URI ({@code <dataset>/<file>} for retrieve_product, or the
     * {@code mast:HLSP/<mission>/<dataset>/<file>} URI of the other missions), or empty.
     */
    public Optional<ProductFile> missionProduct(String mission, String uri) {
        return missions.productFile(mission, uri);
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

    /**
     * {@code metadata.json} of a Pan-STARRS table (the recorded one for mean), or empty: DR1 has only mean and
     * stack, DR2 also detection and forced_mean.
     */
    public static Optional<JsonNode> panstarrsMetadata(String release, String table) {
        Panstarrs.Table t = Panstarrs.TABLES.get(table);
        if (t == null
                || !(release.equals("dr1") || release.equals("dr2"))
                || (release.equals("dr1") && !(table.equals("mean") || table.equals("stack")))) {
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

    // ---- Catalog rows one by one (HATS catalogs, brute-force references) ----------------------------

    /** The columns of the Gaia catalog ({@code Mast.Catalogs.GaiaDR3.Cone}), in its order, without {@code distance}. */
    public List<Field> gaiaFields() {
        return gaia.fields();
    }

    /** Gaia sources in a catalog cell. */
    public int gaiaCountIn(int cell) {
        return gaia.countIn(cell);
    }

    /**
     * {@code [ra, dec]} of Gaia source {@code j} of a cell. A third of the sources sit within 1 arcsec of a TIC
     * star of the same cell, so a source may lie up to 1 arcsec outside its cell.
     */
    public double[] gaiaPosition(int cell, int j) {
        return gaia.position(cell, j);
    }

    /**
     * The values of Gaia source {@code j} of a cell in {@link #gaiaFields()} order, as the Portal serves them
     * (ids as strings, numbers as Double, null where the source has none).
     */
    public Object[] gaiaValues(int cell, int j) {
        return gaia.row(cell, j);
    }

    /**
     * Brute-force reference: every Gaia source within {@code radius} degrees of (ra, dec) (the rows of
     * {@code Mast.Catalogs.GaiaDR3.Cone} for that cone, without distance), each keyed by column name, in cell
     * order.
     */
    public List<Map<String, Object>> gaiaRowsInCone(double ra, double dec, double radius) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Field> fields = gaia.fields();
        for (int cell :
                new java.util.TreeSet<>(StarCatalog.GRID.cellsNear(ra, dec, radius + StarCatalog.OUTSIDE_CELL))) {
            for (int j = 0; j < gaia.countIn(cell); j++) {
                double[] p = gaia.position(cell, j);
                if (Sky.separation(ra, dec, p[0], p[1]) <= radius) {
                    Object[] v = gaia.row(cell, j);
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int c = 0; c < fields.size(); c++) {
                        m.put(fields.get(c).name(), v[c]);
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * The columns of a Pan-STARRS table with their catalogs-API datatypes ({@code char}, {@code long}, {@code int},
     * {@code short}, {@code unsignedByte}, {@code double}, {@code float}), in the table's order.
     */
    public static List<Field> panstarrsFields(String table) {
        Panstarrs.Table t = Panstarrs.TABLES.get(table);
        if (t == null) {
            throw new IllegalArgumentException("unknown Pan-STARRS table " + table);
        }
        List<Field> out = new ArrayList<>();
        for (Panstarrs.Column c : t.columns()) {
            out.add(new Field(c.name(), c.type()));
        }
        return List.copyOf(out);
    }

    /** {@code [raMean, decMean]} of Pan-STARRS object {@code j} of a cell (always inside the cell). */
    public double[] panstarrsPosition(int cell, int j) {
        return panstarrs.position(cell, j, panstarrs.countIn(cell));
    }

    /**
     * The values of one row of a Pan-STARRS object table ({@code mean}, {@code stack}, {@code forced_mean}) in
     * {@link #panstarrsFields} order, as the catalogs API computes them (String, Long, Double or null).
     */
    public Object[] panstarrsValues(String table, int cell, int j) {
        Panstarrs.Table t = Panstarrs.TABLES.get(table);
        if (t == null || t.detections()) {
            throw new IllegalArgumentException("not a Pan-STARRS object table: " + table);
        }
        Panstarrs.Base b = PanstarrsQuery.base(panstarrs, t, Panstarrs.key(cell, j));
        Object[] out = new Object[t.columns().size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = panstarrs.value(t, c, b);
        }
        return out;
    }

    /**
     * Brute-force reference: every row of a Pan-STARRS object table whose (raMean, decMean) lies within
     * {@code radius} degrees of (ra, dec), each keyed by column name, in cell order.
     */
    public List<Map<String, Object>> panstarrsRowsInCone(String table, double ra, double dec, double radius) {
        List<Field> fields = panstarrsFields(table);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int cell : new java.util.TreeSet<>(StarCatalog.GRID.cellsNear(ra, dec, radius))) {
            int n = panstarrs.countIn(cell);
            for (int j = 0; j < n; j++) {
                double[] p = panstarrs.position(cell, j, n);
                if (Sky.separation(ra, dec, p[0], p[1]) <= radius) {
                    Object[] v = panstarrsValues(table, cell, j);
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int c = 0; c < fields.size(); c++) {
                        m.put(fields.get(c).name(), v[c]);
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * Every TIC star within {@code radius} degrees of (ra, dec) as {@code {ra, dec, Tmag}}, in cell order: the stars
     * of {@code Mast.Catalogs.Tic.Cone} for that cone, which the TESS cutouts show.
     */
    public List<double[]> ticStarsInCone(double ra, double dec, double radius) {
        List<double[]> out = new ArrayList<>();
        for (int cell : new java.util.TreeSet<>(StarCatalog.GRID.cellsNear(ra, dec, radius))) {
            int n = tic.countIn(cell);
            for (int j = 0; j < n; j++) {
                double[] p = tic.position(cell, j);
                if (Sky.separation(ra, dec, p[0], p[1]) <= radius) {
                    out.add(new double[] {p[0], p[1], tic.ticMagnitude(cell, j)});
                }
            }
        }
        return out;
    }

    /** Great-circle distance in degrees between two positions, as the synthetic services measure cones. */
    public static double separation(double ra1, double dec1, double ra2, double dec2) {
        return Sky.separation(ra1, dec1, ra2, dec2);
    }
}
