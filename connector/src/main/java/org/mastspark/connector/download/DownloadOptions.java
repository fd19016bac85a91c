package org.mastspark.connector.download;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.http.MastClientConfig;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The options of {@link MastDownloader}, resolved like those of {@code format("mast")}: the downloader's
 * {@code option(...)} first, then the session configuration {@code spark.mast.<option>}, then the default.
 * MAST connection options ({@code baseUrl}, {@code token} and its other sources, {@code maxAttempts}, {@code retryBackoffMillis},
 * {@code readTimeoutSeconds}, {@code maxConcurrentRequests}) are {@link MastOptions}'. Options whose name
 * starts with {@code fs.} are Hadoop settings applied to the destination and cloud FileSystems. Immutable and
 * serializable; {@link #toString()} never shows the token.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class DownloadOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code mastDownload} (default): {@code mastDownload/<obs_collection>/<obs_id>/<file>}; {@code flat}: {@code <file>}. */
    public static final String LAYOUT = "layout";
    /** Files downloaded at once by one Spark task (threads); default 4. */
    public static final String CONCURRENCY = "concurrency";
    /** Spark partitions (tasks) the files are spread over; default min(files, max(4 x default parallelism, files / 100)). */
    public static final String PARTITIONS = "partitions";
    /** Requests per second over the whole job (split evenly over the tasks running at once); default 0, no limit. */
    public static final String REQUESTS_PER_SECOND = "requestsPerSecond";
    /** {@code skip} (default: keep files already complete) or {@code overwrite} (download everything again). */
    public static final String IF_EXISTS = "ifExists";
    /** {@code auto} (default), {@code rename} (temporary name, then rename) or {@code direct} (write in place, abort on failure). */
    public static final String COMMIT = "commit";
    /** Check the byte count against the products' {@code size} when known; default true. */
    public static final String VERIFY_SIZE = "verifySize";
    /** Read products from the public cloud copy (path_lookup, then the cloud FileSystem); default false. */
    public static final String CLOUD = "cloud";
    /** Root of the cloud copy; default {@code s3a://stpubdata}. */
    public static final String CLOUD_ROOT = "cloudRoot";
    /** S3 endpoint of the cloud bucket (sets {@code fs.s3a.bucket.<bucket>.endpoint}, path-style access). */
    public static final String CLOUD_ENDPOINT = "cloudEndpoint";
    /** Seconds between driver progress lines; default 10, 0 for none. */
    public static final String PROGRESS_INTERVAL = "progressIntervalSeconds";

    /**
     * {@code mast} (default): products named by MAST {@code dataURI}s, fetched from {@code Download/file};
     * {@code mission:<name>}: Mission Search products ({@code post_list_products} rows: {@code uri},
     * {@code filename}, {@code dataset}, {@code size}), fetched from {@code retrieve_product} for hst, jwst and
     * roman (their {@code <dataset>/<file>} URIs) and from {@code Download/file} for {@code mast:} URIs.
     */
    public static final String SOURCE = "source";

    /** Missions whose products are downloaded with {@code retrieve_product} (astroquery's list). */
    public static final Set<String> RETRIEVE_PRODUCT_MISSIONS =
            Set.of("hst", "jwst", "roman", "roman_spectra", "roman_cgi");

    /** The default cloud root: MAST's public bucket through S3A. */
    public static final String DEFAULT_CLOUD_ROOT = "s3a://stpubdata";

    /** Schemes written in place ({@code direct}) under {@code commit=auto}: object stores without atomic rename. */
    static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss");

    /** Where files go inside the destination. */
    public enum Layout {
        MAST_DOWNLOAD,
        FLAT
    }

    /** How a finished file becomes visible at its final path. */
    public enum Commit {
        AUTO,
        RENAME,
        DIRECT
    }

    private final MastClientConfig clientConfig;
    private final Layout layout;
    private final int concurrency;
    private final int partitions;
    private final double requestsPerSecond;
    private final boolean overwrite;
    private final Commit commit;
    private final boolean verifySize;
    private final boolean cloud;
    private final String cloudRoot;
    private final String cloudEndpoint;
    private final int progressIntervalSeconds;
    private final String mission;
    private final Map<String, String> hadoop;

    private DownloadOptions(MastOptions mast, Map<String, String> v) {
        this.clientConfig = mast.clientConfig();
        String l = get(v, LAYOUT, "mastDownload");
        this.layout = switch (l.toLowerCase(Locale.ROOT)) {
            case "mastdownload" -> Layout.MAST_DOWNLOAD;
            case "flat" -> Layout.FLAT;
            default -> throw invalid(LAYOUT, l, "mastDownload or flat");
        };
        this.concurrency = intOption(v, CONCURRENCY, 4, 1, 256);
        this.partitions = intOption(v, PARTITIONS, 0, 0, 1_000_000);
        String r = get(v, REQUESTS_PER_SECOND, "0");
        try {
            this.requestsPerSecond = Double.parseDouble(r);
        } catch (NumberFormatException e) {
            throw invalid(REQUESTS_PER_SECOND, r, "a number of requests per second, 0 for no limit");
        }
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw invalid(REQUESTS_PER_SECOND, r, "a number of requests per second, 0 for no limit");
        }
        String e = get(v, IF_EXISTS, "skip");
        this.overwrite = switch (e.toLowerCase(Locale.ROOT)) {
            case "skip" -> false;
            case "overwrite" -> true;
            default -> throw invalid(IF_EXISTS, e, "skip or overwrite");
        };
        String c = get(v, COMMIT, "auto");
        this.commit = switch (c.toLowerCase(Locale.ROOT)) {
            case "auto" -> Commit.AUTO;
            case "rename" -> Commit.RENAME;
            case "direct" -> Commit.DIRECT;
            default -> throw invalid(COMMIT, c, "auto, rename or direct");
        };
        this.verifySize = bool(v, VERIFY_SIZE, true);
        this.cloud = bool(v, CLOUD, false);
        this.cloudRoot = stripSlash(get(v, CLOUD_ROOT, DEFAULT_CLOUD_ROOT));
        URI root;
        try {
            root = URI.create(cloudRoot);
        } catch (IllegalArgumentException ex) {
            throw invalid(CLOUD_ROOT, cloudRoot, "a FileSystem URI such as " + DEFAULT_CLOUD_ROOT);
        }
        if (root.getScheme() == null) {
            throw invalid(CLOUD_ROOT, cloudRoot, "a FileSystem URI such as " + DEFAULT_CLOUD_ROOT);
        }
        this.cloudEndpoint = get(v, CLOUD_ENDPOINT, null);
        this.progressIntervalSeconds = intOption(v, PROGRESS_INTERVAL, 10, 0, 86_400);
        String src = get(v, SOURCE, "mast");
        if (src.equalsIgnoreCase("mast")) {
            this.mission = null;
        } else if (src.toLowerCase(Locale.ROOT).startsWith("mission:")
                && src.substring("mission:".length())
                        .trim()
                        .toLowerCase(Locale.ROOT)
                        .matches("[a-z0-9_]+")) {
            this.mission = src.substring("mission:".length()).trim().toLowerCase(Locale.ROOT);
        } else {
            throw invalid(SOURCE, src, "mast, or mission:<name> (mission:hst, mission:jwst, mission:roman, ...)");
        }
        Map<String, String> h = new TreeMap<>();
        for (Map.Entry<String, String> en : v.entrySet()) {
            if (en.getKey().startsWith("fs.")) {
                h.put(en.getKey(), en.getValue());
            }
        }
        this.hadoop = Collections.unmodifiableMap(h);
    }

    /**
     * Resolves the options.
     *
     * @param options the downloader's options (any case, except {@code fs.*} Hadoop keys, kept as given)
     * @param sessionConf the session configuration (entries starting with {@code spark.mast.} are used)
     */
    public static DownloadOptions resolve(Map<String, String> options, Map<String, String> sessionConf) {
        return of(MastOptions.resolve(options, sessionConf), options, sessionConf);
    }

    /**
     * Resolves the options against a session: its {@code spark.mast.*} settings, and its Hadoop configuration
     * for a token file or credential provider (see {@link org.mastspark.connector.MastTokens}).
     *
     * @param options the downloader's options (any case, except {@code fs.*} Hadoop keys, kept as given)
     * @param spark the session
     */
    public static DownloadOptions resolve(Map<String, String> options, SparkSession spark) {
        Map<String, String> session =
                new HashMap<>(CollectionConverters.asJava(spark.conf().getAll()));
        return of(MastOptions.resolve(options, spark), options, session);
    }

    private static DownloadOptions of(MastOptions mast, Map<String, String> options, Map<String, String> sessionConf) {
        Map<String, String> v = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : sessionConf.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith(MastOptions.SESSION_PREFIX)) {
                v.put(e.getKey().substring(MastOptions.SESSION_PREFIX.length()), e.getValue());
            }
        }
        v.putAll(options);
        return new DownloadOptions(mast, v);
    }

    public MastClientConfig clientConfig() {
        return clientConfig;
    }

    public Layout layout() {
        return layout;
    }

    public int concurrency() {
        return concurrency;
    }

    /** 0: chosen from the number of files and the cluster's parallelism. */
    public int partitions() {
        return partitions;
    }

    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public Commit commit() {
        return commit;
    }

    /** The commit used for a destination with this scheme ({@code auto}: direct for object stores). */
    public Commit commitFor(String scheme) {
        if (commit != Commit.AUTO) {
            return commit;
        }
        return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT))
                ? Commit.DIRECT
                : Commit.RENAME;
    }

    public boolean verifySize() {
        return verifySize;
    }

    public boolean cloud() {
        return cloud;
    }

    public String cloudRoot() {
        return cloudRoot;
    }

    public String cloudEndpoint() {
        return cloudEndpoint;
    }

    public int progressIntervalSeconds() {
        return progressIntervalSeconds;
    }

    /** The mission of {@code source=mission:<name>} (lower case), or null for MAST dataURIs. */
    public String mission() {
        return mission;
    }

    /** Hadoop settings given as options ({@code fs.*}). */
    public Map<String, String> hadoopSettings() {
        return hadoop;
    }

    private static String get(Map<String, String> v, String key, String def) {
        String s = v.get(key);
        return s == null || s.isBlank() ? def : s.trim();
    }

    private static int intOption(Map<String, String> v, String key, int def, int min, int max) {
        String s = get(v, key, null);
        if (s == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(s.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, s, "a whole number from " + min + " to " + max + " (default " + def + ")");
    }

    private static boolean bool(Map<String, String> v, String key, boolean def) {
        String s = get(v, key, null);
        if (s == null) {
            return def;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, s, "true or false");
        };
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(
                "Invalid value '" + Echo.of(value) + "' for option '" + key + "': expected " + expected);
    }

    private static String stripSlash(String s) {
        String u = s;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    @Override
    public String toString() {
        return "DownloadOptions{" + clientConfig + ", layout=" + layout + ", concurrency=" + concurrency
                + ", partitions=" + (partitions == 0 ? "auto" : partitions) + ", requestsPerSecond="
                + requestsPerSecond + ", ifExists=" + (overwrite ? "overwrite" : "skip") + ", commit=" + commit
                + ", verifySize=" + verifySize + ", cloud=" + cloud + ", cloudRoot=" + cloudRoot + ", source="
                + (mission == null ? "mast" : "mission:" + mission) + "}";
    }
}
