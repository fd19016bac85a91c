package org.mastspark.connector.options;

import java.util.List;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.sky.SkyParse;

/**
 * The options of {@code spark.read().format("mast")} (README: "Reading MAST with Spark", Options). The MAST
 * connection keys here ({@link #BASE_URL}, {@link #TOKEN}, {@link #MAX_ATTEMPTS}, ...) also serve the
 * downloader, product lookups and name resolution. Where a missions or Pan-STARRS read has another default,
 * {@link MissionKeys} and {@link PanstarrsKeys} declare it.
 */
public final class ReadKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.READ);

    /** The default of {@link #RADIUS} for observations and Portal catalogs, in degrees (astroquery's 0.2 deg). */
    public static final double DEFAULT_RADIUS_DEG = 0.2;
    /** The default of {@link #PAGESIZE} for Portal reads: rows per request and per partition. */
    public static final int DEFAULT_PAGESIZE = 50_000;
    /** The most rows one Portal request may ask for ({@link #PAGESIZE}, every source). */
    public static final int MAX_PAGESIZE = 500_000;
    /** The default of {@link #MAX_RESULT_ROWS}: MAST drops the connection beyond about this many rows. */
    public static final int DEFAULT_MAX_RESULT_ROWS = 500_000;
    /** The default of {@link #MAX_PLANNED_REQUESTS}. */
    public static final int DEFAULT_MAX_PLANNED_REQUESTS = 2_000;
    /** The default of {@link #PRODUCT_BATCH_SIZE} for {@code Mast.Caom.Products}: astroquery's batch. */
    public static final int DEFAULT_PRODUCT_BATCH_SIZE = 500;
    /** The default and largest order of the {@code healpix} column (HATS/LSDB catalogs' order). */
    public static final int MAX_HEALPIX_ORDER = 29;

    public static final OptionKey<String> BASE_URL = KEYS.text(
            "baseUrl", MastClientConfig.DEFAULT_BASE_URL, null, "MAST's base URL; the emulator's URL in tests");
    public static final OptionKey<String> TOKEN = KEYS.text(
            "token",
            null,
            "see [Security](#security-the-mast-token)",
            "MAST API token for exclusive-access data; never logged or shown in plans");
    public static final OptionKey<String> TOKEN_FILE = KEYS.text(
            "tokenFile", null, null, "a file holding the token (any Hadoop FileSystem path), read on the driver");
    /** The default of {@link #TOKEN_ALIAS}. */
    public static final String DEFAULT_TOKEN_ALIAS = "mast.token";

    public static final OptionKey<String> TOKEN_ALIAS =
            KEYS.text("tokenAlias", DEFAULT_TOKEN_ALIAS, null, "alias of the token in Hadoop's credential providers");
    public static final OptionKey<String> TARGET =
            KEYS.text("target", null, null, "object name, resolved on the driver by MAST's SANTA resolver");
    public static final OptionKey<double[]> COORDINATES = KEYS.add(
            "coordinates",
            null,
            null,
            SkyParse::coordinates,
            "search centre: 'ra dec' in degrees or sexagesimal; exclusive with target");
    public static final OptionKey<Double> RADIUS = KEYS.radius(
            "radius", DEFAULT_RADIUS_DEG, "`0.2deg`", "search radius: an angle with unit (bare number: degrees)");
    public static final OptionKey<Integer> PAGESIZE = KEYS.wholeNumber(
            "pagesize", DEFAULT_PAGESIZE, 1, MAX_PAGESIZE, null, "rows per MAST request and per partition");
    public static final OptionKey<Integer> MAX_RESULT_ROWS = KEYS.wholeNumber(
            "maxResultRows",
            DEFAULT_MAX_RESULT_ROWS,
            1,
            Integer.MAX_VALUE,
            null,
            "largest result one MAST query may return; larger queries are split");
    public static final OptionKey<Integer> MAX_PLANNED_REQUESTS = KEYS.wholeNumber(
            "maxPlannedRequests",
            DEFAULT_MAX_PLANNED_REQUESTS,
            1,
            Integer.MAX_VALUE,
            null,
            "most requests one read may plan; a read planning more fails before sending them");
    public static final OptionKey<String> SPLIT_COLUMN = KEYS.text(
            "splitColumn", "s_dec", null, "continuous column used to split queries larger than maxResultRows");
    public static final OptionKey<String> PARAMS =
            KEYS.text("params", null, "`{}`", "service parameters (a JSON object) for portal:<Service> reads");
    public static final OptionKey<String> VERSION = KEYS.text(
            "version",
            null,
            "`dr3` (Gaia), `v3` (HSC)",
            "catalog release: dr3, dr2, dr1 for catalogs/gaia; v3, v2 for catalogs/hsc");
    public static final OptionKey<Boolean> HEALPIX =
            KEYS.bool("healpix", false, "true adds column healpix (nested cell at healpixOrder) to catalog reads");
    public static final OptionKey<Integer> HEALPIX_ORDER = KEYS.wholeNumber(
            "healpixOrder",
            MAX_HEALPIX_ORDER,
            0,
            MAX_HEALPIX_ORDER,
            null,
            "order of the healpix column; giving it turns the column on");
    /** {@link #SKY_TILING}: hexagons on the region's tangent plane (the default). */
    public static final String SKY_TILING_HEXAGONS = "hexagons";
    /** {@link #SKY_TILING}: nested HEALPix cells. */
    public static final String SKY_TILING_HEALPIX = "healpix";

    public static final OptionKey<String> SKY_TILING = KEYS.choice(
            "skyTiling",
            SKY_TILING_HEXAGONS,
            null,
            List.of(SKY_TILING_HEXAGONS, SKY_TILING_HEALPIX),
            "how a catalog cone beyond one request is tiled: hexagons (fewer rows sent) or healpix cells");
    public static final OptionKey<String> MATCH_ID = KEYS.text(
            "matchid", null, null, "the HSC MatchID of catalogs/hsc/matches (astroquery's query_hsc_matchid)");
    public static final OptionKey<Integer> PRODUCT_BATCH_SIZE = KEYS.wholeNumber(
            "productBatchSize", DEFAULT_PRODUCT_BATCH_SIZE, 1, 5_000, null, "obsids per Mast.Caom.Products request");
    public static final OptionKey<Integer> MAX_CONCURRENT_REQUESTS = KEYS.wholeNumber(
            "maxConcurrentRequests", 8, 1, 256, null, "requests one JVM may have open against a MAST host");
    public static final OptionKey<Integer> MAX_ATTEMPTS =
            KEYS.wholeNumber("maxAttempts", 6, 1, 100, null, "attempts per request, the first included");
    public static final OptionKey<Integer> RETRY_BACKOFF = KEYS.wholeNumber(
            "retryBackoffMillis", 500, 0, 600_000, null, "first retry wait in milliseconds; doubles per retry");
    public static final OptionKey<Integer> READ_TIMEOUT = KEYS.wholeNumber(
            "readTimeoutSeconds", 300, 1, 86_400, null, "longest MAST may stay silent during a request");
    public static final OptionKey<Integer> QUERY_TIMEOUT =
            KEYS.wholeNumber("queryTimeoutSeconds", 600, 1, 86_400, null, "longest wait while MAST answers EXECUTING");

    private ReadKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }
}
