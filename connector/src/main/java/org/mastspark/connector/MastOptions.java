package org.mastspark.connector;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.resolve.SantaClient;
import org.mastspark.connector.sky.SkyParse;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The options of {@code spark.read().format("mast")}. Each option is read from the reader's options,
 * else from the session configuration {@code spark.mast.<option>}, else its default. Keys are case
 * insensitive. Immutable and serializable (it travels to executors); {@link #toString()} never shows the
 * token.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class MastOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Session configuration prefix: {@code spark.mast.baseUrl} sets {@link #BASE_URL} for every read. */
    public static final String SESSION_PREFIX = "spark.mast.";

    /** MAST's base URL. Default {@value MastClientConfig#DEFAULT_BASE_URL}; point it at the emulator in tests. */
    public static final String BASE_URL = "baseUrl";
    /**
     * MAST API token for exclusive-access data. Other ways to give it, and which one wins, are described in
     * {@link MastTokens}.
     */
    public static final String TOKEN = "token";
    /** A file holding the MAST token, read on the driver (see {@link MastTokens#TOKEN_FILE}). */
    public static final String TOKEN_FILE = MastTokens.TOKEN_FILE;
    /** The Hadoop credential provider alias of the token (see {@link MastTokens#TOKEN_ALIAS}). */
    public static final String TOKEN_ALIAS = MastTokens.TOKEN_ALIAS;
    /**
     * Object name to search around (e.g. {@code M101}), resolved with MAST's SANTA resolver; exclusive with
     * {@link #COORDINATES}; a blank value is refused.
     */
    public static final String TARGET = "target";
    /**
     * The name resolver to pin for {@link #TARGET} (SIMBAD, NED, SIMBADCFA, TIC, KEPLER, K2); default SANTA's
     * first answer.
     */
    public static final String RESOLVER = "resolver";
    /**
     * SANTA's base URL; default {@code baseUrl} when it was set (the emulator serves SANTA too), else
     * {@code https://mastresolver.stsci.edu}.
     */
    public static final String RESOLVER_URL = "resolverUrl";
    /**
     * Search centre: {@code "210.8024 54.3488"} (degrees) or {@code "14h03m12.6s +54d20m56s"}; a blank value or
     * an out-of-range sexagesimal field is refused.
     */
    public static final String COORDINATES = "coordinates";
    /** Search radius with unit ({@code 0.2deg}, {@code 12arcmin}, {@code 30arcsec}); default {@code 0.2deg}. */
    public static final String RADIUS = "radius";
    /** Rows per MAST request and per partition; default 50000. */
    public static final String PAGESIZE = "pagesize";
    /** Most rows one MAST query may return before MAST resets the connection; default 500000. */
    public static final String MAX_RESULT_ROWS = "maxResultRows";
    /** Continuous column used to split queries larger than {@link #MAX_RESULT_ROWS}; default {@code s_dec}. */
    public static final String SPLIT_COLUMN = "splitColumn";
    /** Service parameters (a JSON object) for {@code portal:<Service>} reads. */
    public static final String PARAMS = "params";
    /** Obsids per {@code Mast.Caom.Products} request; default 500 (astroquery's batch size). */
    public static final String PRODUCT_BATCH_SIZE = "productBatchSize";
    /** Requests one executor JVM may have open against MAST at once; default 8. */
    public static final String MAX_CONCURRENT_REQUESTS = "maxConcurrentRequests";
    /** Attempts per request (first included); default 6. */
    public static final String MAX_ATTEMPTS = "maxAttempts";
    /** Read timeout in seconds; default 300. */
    public static final String READ_TIMEOUT = "readTimeoutSeconds";
    /** Longest wait for MAST's EXECUTING phase, in seconds; default 600. */
    public static final String QUERY_TIMEOUT = "queryTimeoutSeconds";
    /** Initial retry backoff in milliseconds (doubles per retry, with jitter); default 500. */
    public static final String RETRY_BACKOFF = "retryBackoffMillis";

    /**
     * Most requests one read may plan to send to MAST (its planning counts and one per partition, each
     * partition sending at least one); a read planning more fails before sending them. Default
     * {@value #DEFAULT_MAX_PLANNED_REQUESTS}.
     */
    public static final String MAX_PLANNED_REQUESTS = "maxPlannedRequests";
    /** The default of {@link #MAX_PLANNED_REQUESTS}. */
    public static final int DEFAULT_MAX_PLANNED_REQUESTS = 2_000;

    /** Catalog release: {@code dr3} (default), {@code dr2}, {@code dr1} for Gaia; {@code v3} (default), {@code v2} for HSC. */
    public static final String VERSION = "version";
    /** {@code true} adds a {@code healpix} column to catalog reads (nested cell at {@link #HEALPIX_ORDER}). */
    public static final String HEALPIX = "healpix";
    /** Order (0 to 29, default 29) of the {@code healpix} column; giving it also turns the column on. */
    public static final String HEALPIX_ORDER = "healpixOrder";

    /** The HSC MatchID of {@code catalogs/hsc/matches} (astroquery's {@code query_hsc_matchid}). */
    public static final String MATCH_ID = "matchid";

    private static final String[] ALL = {
        VERSION,
        HEALPIX,
        HEALPIX_ORDER,
        BASE_URL,
        TOKEN,
        TOKEN_FILE,
        TOKEN_ALIAS,
        TARGET,
        COORDINATES,
        RADIUS,
        PAGESIZE,
        MAX_RESULT_ROWS,
        SPLIT_COLUMN,
        PARAMS,
        PRODUCT_BATCH_SIZE,
        MAX_CONCURRENT_REQUESTS,
        MAX_ATTEMPTS,
        READ_TIMEOUT,
        QUERY_TIMEOUT,
        RETRY_BACKOFF,
        MAX_PLANNED_REQUESTS
    };

    private final Map<String, String> values;

    private MastOptions(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Resolves options: reader options first, then session configuration ({@code spark.mast.*}); the token as
     * {@link MastTokens} finds it, with Hadoop's default configuration for token files and credential
     * providers.
     *
     * @param readerOptions the options given to the reader (any case)
     * @param sessionConf the session configuration entries that start with {@code spark.mast.}
     */
    public static MastOptions resolve(Map<String, String> readerOptions, Map<String, String> sessionConf) {
        return resolve(readerOptions, sessionConf, null, null);
    }

    /**
     * Resolves options against a session: its configuration ({@code spark.mast.*}), the settings its
     * SparkContext started with (a {@code spark.mast.token} set only at run time draws a warning, see
     * {@link MastTokens}) and its Hadoop configuration (for {@code tokenFile} and credential providers).
     *
     * @param readerOptions the options given to the reader (any case)
     * @param spark the session
     */
    public static MastOptions resolve(Map<String, String> readerOptions, SparkSession spark) {
        Map<String, String> session =
                new HashMap<>(CollectionConverters.asJava(spark.conf().getAll()));
        Map<String, String> submitted = new HashMap<>();
        for (Tuple2<String, String> t : spark.sparkContext().getConf().getAll()) {
            submitted.put(t._1(), t._2());
        }
        Configuration hadoop = new Configuration(spark.sparkContext().hadoopConfiguration());
        // As Spark's own per-session Hadoop configuration: spark.hadoop.* set at run time applies too.
        session.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                hadoop.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return resolve(readerOptions, session, submitted, hadoop);
    }

    static MastOptions resolve(
            Map<String, String> readerOptions,
            Map<String, String> sessionConf,
            Map<String, String> submitted,
            Configuration hadoop) {
        Map<String, String> v = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : sessionConf.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith(SESSION_PREFIX)) {
                v.put(e.getKey().substring(SESSION_PREFIX.length()), e.getValue());
            }
        }
        v.putAll(readerOptions);
        v.remove(TOKEN);
        String token = MastTokens.resolve(readerOptions, sessionConf, submitted, hadoop)
                .token();
        if (token != null) {
            v.put(TOKEN, token);
        }
        MastOptions options = new MastOptions(v);
        options.validate();
        return options;
    }

    public static MastOptions of(Map<String, String> readerOptions) {
        return resolve(readerOptions, Map.of());
    }

    private void validate() {
        clientConfig();
        pagesize();
        maxResultRows();
        productBatchSize();
        maxPlannedRequests();
        // get() treats a blank value as absent; for a position that would read the whole archive
        // instead of a cone, so a blank target or coordinates (an empty variable) is refused.
        refuseBlank(TARGET, "an object name such as 'M101'");
        refuseBlank(COORDINATES, "'ra dec' such as '210.8024 54.3488'");
        if (get(TARGET) != null && get(COORDINATES) != null) {
            throw new IllegalArgumentException("Options 'target' and 'coordinates' were both given: use one of them");
        }
        if (get(COORDINATES) != null) {
            coordinates();
        }
        radiusDegrees();
        resolver();
        healpix();
        healpixOrder();
    }

    private void refuseBlank(String key, String example) {
        String raw = values.get(key);
        if (raw != null && raw.isBlank()) {
            throw new IllegalArgumentException("Invalid value '" + raw + "' for option '" + key
                    + "': it is blank; give " + example + ", or leave the option out to read without a position");
        }
    }

    /** Catalog version as given, or null for the catalog's default. */
    public String version() {
        return get(VERSION);
    }

    /** Whether catalog reads carry a {@code healpix} column (option {@code healpix}, or {@code healpixOrder} given). */
    public boolean healpix() {
        String h = get(HEALPIX);
        if (h == null) {
            return get(HEALPIX_ORDER) != null;
        }
        if (!h.equalsIgnoreCase("true") && !h.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(
                    "Invalid value '" + Echo.of(h) + "' for option 'healpix': expected true or false (default false)");
        }
        return Boolean.parseBoolean(h);
    }

    /** Order of the {@code healpix} column: 0 to 29, default 29 (HATS/LSDB catalogs' order). */
    public int healpixOrder() {
        return intOption(HEALPIX_ORDER, 29, 0, 29);
    }

    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** SANTA's base URL for these options. */
    public String resolverUrl() {
        if (get(RESOLVER_URL) != null) {
            return get(RESOLVER_URL);
        }
        return get(BASE_URL) != null ? get(BASE_URL) : SantaClient.DEFAULT_URL;
    }

    /** The pinned resolver, upper case, or null. */
    public String resolver() {
        String r = get(RESOLVER);
        if (r == null) {
            return null;
        }
        if (!r.matches("(?i)SIMBAD|NED|SIMBADCFA|TIC|KEPLER|K2|DADS|EXO")) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(r)
                    + "' for option 'resolver': expected SIMBAD, NED," + " SIMBADCFA, TIC, KEPLER, K2, DADS or EXO");
        }
        return r.toUpperCase(Locale.ROOT);
    }

    /**
     * The HTTP settings for SANTA: those of {@link #clientConfig()} at {@link #resolverUrl()}, without the
     * token (SANTA needs none, and the resolver's settings travel to executors).
     */
    public MastClientConfig resolverConfig() {
        return clientConfig().toBuilder().baseUrl(resolverUrl()).token(null).build();
    }

    public String target() {
        return get(TARGET);
    }

    /** {@code [ra, dec]} in degrees, or null when no coordinates were given. */
    public double[] coordinates() {
        String c = get(COORDINATES);
        return c == null ? null : SkyParse.coordinates(COORDINATES, c);
    }

    public double radiusDegrees() {
        String r = get(RADIUS);
        return r == null ? 0.2 : SkyParse.radiusDegrees(RADIUS, r);
    }

    public boolean hasPosition() {
        return get(TARGET) != null || get(COORDINATES) != null;
    }

    public int pagesize() {
        return intOption(PAGESIZE, 50_000, 1, 500_000);
    }

    public long maxResultRows() {
        return intOption(MAX_RESULT_ROWS, 500_000, 1, Integer.MAX_VALUE);
    }

    /** Most requests one read may plan (option {@link #MAX_PLANNED_REQUESTS}). */
    public int maxPlannedRequests() {
        return intOption(MAX_PLANNED_REQUESTS, DEFAULT_MAX_PLANNED_REQUESTS, 1, Integer.MAX_VALUE);
    }

    public String splitColumn() {
        String s = get(SPLIT_COLUMN);
        return s == null ? "s_dec" : s;
    }

    public int productBatchSize() {
        return intOption(PRODUCT_BATCH_SIZE, 500, 1, 5_000);
    }

    public String params() {
        return get(PARAMS);
    }

    /** The HTTP client settings these options describe. */
    public MastClientConfig clientConfig() {
        MastClientConfig.Builder b = MastClientConfig.builder();
        if (get(BASE_URL) != null) {
            b.baseUrl(get(BASE_URL));
        }
        b.token(get(TOKEN));
        b.maxConcurrentRequests(intOption(MAX_CONCURRENT_REQUESTS, 8, 1, 256));
        b.maxAttempts(intOption(MAX_ATTEMPTS, 6, 1, 100));
        b.readTimeout(Duration.ofSeconds(intOption(READ_TIMEOUT, 300, 1, 86_400)));
        b.queryTimeout(Duration.ofSeconds(intOption(QUERY_TIMEOUT, 600, 1, 86_400)));
        long backoff = intOption(RETRY_BACKOFF, 500, 0, 600_000);
        b.initialBackoff(Duration.ofMillis(backoff));
        b.maxBackoff(Duration.ofMillis(Math.max(backoff, 30_000)));
        return b.build();
    }

    private int intOption(String key, int def, int min, int max) {
        String v = get(key);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(v) + "' for option '" + key
                    + "': expected a whole number from " + min + " to " + max + " (default " + def + ")");
        }
    }

    /** Known option names, for messages. */
    static String[] names() {
        return ALL.clone();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MastOptions{");
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=');
            sb.append(e.getKey().equalsIgnoreCase(TOKEN) ? "<redacted>" : e.getValue());
            first = false;
        }
        return sb.append('}').toString();
    }
}
