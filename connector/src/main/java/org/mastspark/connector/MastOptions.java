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
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.resolve.SantaClient;
import org.mastspark.connector.options.OptionKey;
import org.mastspark.connector.options.ReadKeys;
import org.mastspark.connector.options.ResolverKeys;
import scala.Tuple2;

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

    /** MAST's base URL ({@link ReadKeys#BASE_URL}); point it at the emulator in tests. */
    public static final String BASE_URL = ReadKeys.BASE_URL.name();
    /**
     * MAST API token for exclusive-access data ({@link ReadKeys#TOKEN}). Other ways to give it, and which one
     * wins, are described in {@link MastTokens}.
     */
    public static final String TOKEN = ReadKeys.TOKEN.name();
    /** A file holding the MAST token, read on the driver (see {@link MastTokens#TOKEN_FILE}). */
    public static final String TOKEN_FILE = MastTokens.TOKEN_FILE;
    /** The Hadoop credential provider alias of the token (see {@link MastTokens#TOKEN_ALIAS}). */
    public static final String TOKEN_ALIAS = MastTokens.TOKEN_ALIAS;
    /**
     * Object name to search around (e.g. {@code M101}), resolved with MAST's SANTA resolver; exclusive with
     * {@link #COORDINATES}; a blank value is refused ({@link ReadKeys#TARGET}).
     */
    public static final String TARGET = ReadKeys.TARGET.name();
    /** The name resolver to pin for {@link #TARGET} ({@link ResolverKeys#RESOLVER}). */
    public static final String RESOLVER = ResolverKeys.RESOLVER.name();
    /** SANTA's base URL ({@link ResolverKeys#RESOLVER_URL}). */
    public static final String RESOLVER_URL = ResolverKeys.RESOLVER_URL.name();
    /**
     * Search centre: {@code "210.8024 54.3488"} (degrees) or {@code "14h03m12.6s +54d20m56s"}; a blank value or
     * an out-of-range sexagesimal field is refused ({@link ReadKeys#COORDINATES}).
     */
    public static final String COORDINATES = ReadKeys.COORDINATES.name();
    /** Search radius with unit ({@link ReadKeys#RADIUS}). */
    public static final String RADIUS = ReadKeys.RADIUS.name();
    /** Rows per MAST request and per partition ({@link ReadKeys#PAGESIZE}). */
    public static final String PAGESIZE = ReadKeys.PAGESIZE.name();
    /** Most rows one MAST query may return before MAST resets the connection ({@link ReadKeys#MAX_RESULT_ROWS}). */
    public static final String MAX_RESULT_ROWS = ReadKeys.MAX_RESULT_ROWS.name();
    /** Continuous column used to split queries larger than {@link #MAX_RESULT_ROWS} ({@link ReadKeys#SPLIT_COLUMN}). */
    public static final String SPLIT_COLUMN = ReadKeys.SPLIT_COLUMN.name();
    /** Service parameters (a JSON object) for {@code portal:<Service>} reads ({@link ReadKeys#PARAMS}). */
    public static final String PARAMS = ReadKeys.PARAMS.name();
    /** Obsids per {@code Mast.Caom.Products} request ({@link ReadKeys#PRODUCT_BATCH_SIZE}). */
    public static final String PRODUCT_BATCH_SIZE = ReadKeys.PRODUCT_BATCH_SIZE.name();
    /** Requests one JVM may have open against a MAST host at once ({@link ReadKeys#MAX_CONCURRENT_REQUESTS}). */
    public static final String MAX_CONCURRENT_REQUESTS = ReadKeys.MAX_CONCURRENT_REQUESTS.name();
    /** Attempts per request, first included ({@link ReadKeys#MAX_ATTEMPTS}). */
    public static final String MAX_ATTEMPTS = ReadKeys.MAX_ATTEMPTS.name();
    /** Read timeout in seconds ({@link ReadKeys#READ_TIMEOUT}). */
    public static final String READ_TIMEOUT = ReadKeys.READ_TIMEOUT.name();
    /** Longest wait for MAST's EXECUTING phase, in seconds ({@link ReadKeys#QUERY_TIMEOUT}). */
    public static final String QUERY_TIMEOUT = ReadKeys.QUERY_TIMEOUT.name();
    /** Initial retry backoff in milliseconds, doubling per retry with jitter ({@link ReadKeys#RETRY_BACKOFF}). */
    public static final String RETRY_BACKOFF = ReadKeys.RETRY_BACKOFF.name();

    /**
     * Most requests one read may plan to send to MAST (its planning counts and one per partition, each
     * partition sending at least one); a read planning more fails before sending them
     * ({@link ReadKeys#MAX_PLANNED_REQUESTS}).
     */
    public static final String MAX_PLANNED_REQUESTS = ReadKeys.MAX_PLANNED_REQUESTS.name();
    /** The default of {@link #MAX_PLANNED_REQUESTS}. */
    public static final int DEFAULT_MAX_PLANNED_REQUESTS = ReadKeys.DEFAULT_MAX_PLANNED_REQUESTS;

    /** Catalog release ({@link ReadKeys#VERSION}); the default depends on the catalog. */
    public static final String VERSION = ReadKeys.VERSION.name();
    /** {@code true} adds a {@code healpix} column to catalog reads ({@link ReadKeys#HEALPIX}). */
    public static final String HEALPIX = ReadKeys.HEALPIX.name();
    /** Order of the {@code healpix} column; giving it also turns the column on ({@link ReadKeys#HEALPIX_ORDER}). */
    public static final String HEALPIX_ORDER = ReadKeys.HEALPIX_ORDER.name();
    /** How catalog cones beyond one request are tiled ({@link ReadKeys#SKY_TILING}). */
    public static final String SKY_TILING = ReadKeys.SKY_TILING.name();

    /** The HSC MatchID of {@code catalogs/hsc/matches} ({@link ReadKeys#MATCH_ID}). */
    public static final String MATCH_ID = ReadKeys.MATCH_ID.name();

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
     * A session's runtime settings ({@code spark.conf().getAll()}) as a new, mutable Java map. The Scala map is
     * read through its iterator, which Scala 2.12 and 2.13 share, so one source builds for both.
     *
     * @param spark the session
     */
    public static Map<String, String> sessionSettings(SparkSession spark) {
        Map<String, String> out = new HashMap<>();
        scala.collection.Iterator<Tuple2<String, String>> it =
                spark.conf().getAll().iterator();
        while (it.hasNext()) {
            Tuple2<String, String> t = it.next();
            out.put(t._1(), t._2());
        }
        return out;
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
        Map<String, String> session = sessionSettings(spark);
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
        get(ReadKeys.RADIUS);
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
        return get(HEALPIX) == null ? get(HEALPIX_ORDER) != null : get(ReadKeys.HEALPIX);
    }

    /** Whether catalog cones are tiled with HEALPix cells rather than hexagons (option {@link #SKY_TILING}). */
    public boolean healpixTiling() {
        return ReadKeys.SKY_TILING_HEALPIX.equals(get(ReadKeys.SKY_TILING));
    }

    /** Order of the {@code healpix} column: 0 to 29, default 29 (HATS/LSDB catalogs' order). */
    public int healpixOrder() {
        return get(ReadKeys.HEALPIX_ORDER);
    }

    /** The option's text as given (trimmed), or null when absent or blank. */
    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The option's value as its key parses it, or the key's default when absent or blank. */
    public <T> T get(OptionKey<T> key) {
        return key.parse(values.get(key.name()));
    }

    /**
     * The options whose names start with {@code prefix} (any case), with their values as given: settings passed
     * through to another system, such as a read's Hadoop settings ({@code fs.*}).
     */
    public Map<String, String> startingWith(String prefix) {
        Map<String, String> out = new TreeMap<>();
        String p = prefix.toLowerCase(Locale.ROOT);
        values.forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(p) && v != null) {
                out.put(k, v.trim());
            }
        });
        return out;
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
        return get(ResolverKeys.RESOLVER);
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
        return get(ReadKeys.COORDINATES);
    }

    public boolean hasPosition() {
        return get(TARGET) != null || get(COORDINATES) != null;
    }

    public int pagesize() {
        return get(ReadKeys.PAGESIZE);
    }

    public long maxResultRows() {
        return get(ReadKeys.MAX_RESULT_ROWS);
    }

    /** Most requests one read may plan (option {@link #MAX_PLANNED_REQUESTS}). */
    public int maxPlannedRequests() {
        return get(ReadKeys.MAX_PLANNED_REQUESTS);
    }

    public String splitColumn() {
        return get(ReadKeys.SPLIT_COLUMN);
    }

    public int productBatchSize() {
        return get(ReadKeys.PRODUCT_BATCH_SIZE);
    }

    public String params() {
        return get(PARAMS);
    }

    /** The HTTP client settings these options describe. */
    public MastClientConfig clientConfig() {
        MastClientConfig.Builder b = MastClientConfig.builder();
        b.baseUrl(get(ReadKeys.BASE_URL));
        b.token(get(ReadKeys.TOKEN));
        b.maxConcurrentRequests(get(ReadKeys.MAX_CONCURRENT_REQUESTS));
        b.maxAttempts(get(ReadKeys.MAX_ATTEMPTS));
        b.readTimeout(Duration.ofSeconds(get(ReadKeys.READ_TIMEOUT)));
        b.queryTimeout(Duration.ofSeconds(get(ReadKeys.QUERY_TIMEOUT)));
        long backoff = get(ReadKeys.RETRY_BACKOFF);
        b.initialBackoff(Duration.ofMillis(backoff));
        b.maxBackoff(Duration.ofMillis(Math.max(backoff, 30_000)));
        return b.build();
    }

    /** A pass-through Hadoop setting that may hold a credential ({@code fs.s3a.secret.key}, ...). */
    private static boolean secretSetting(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith("fs.")
                && (k.contains("secret") || k.contains("key") || k.contains("password") || k.contains("token"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MastOptions{");
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=');
            sb.append(e.getKey().equalsIgnoreCase(TOKEN) || secretSetting(e.getKey()) ? "<redacted>" : e.getValue());
            first = false;
        }
        return sb.append('}').toString();
    }
}
