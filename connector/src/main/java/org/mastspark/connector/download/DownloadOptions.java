package org.mastspark.connector.download;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.options.DownloadKeys;

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

    /** Where files go: {@code mastDownload} or {@code flat} ({@link DownloadKeys#LAYOUT}). */
    public static final String LAYOUT = DownloadKeys.LAYOUT.name();
    /** Files downloaded at once by one Spark task (threads) ({@link DownloadKeys#CONCURRENCY}). */
    public static final String CONCURRENCY = DownloadKeys.CONCURRENCY.name();
    /** Spark partitions (tasks) the files are spread over ({@link DownloadKeys#PARTITIONS}). */
    public static final String PARTITIONS = DownloadKeys.PARTITIONS.name();
    /** Requests per second over the whole job ({@link DownloadKeys#REQUESTS_PER_SECOND}). */
    public static final String REQUESTS_PER_SECOND = DownloadKeys.REQUESTS_PER_SECOND.name();
    /** {@code skip} or {@code overwrite} files already complete ({@link DownloadKeys#IF_EXISTS}). */
    public static final String IF_EXISTS = DownloadKeys.IF_EXISTS.name();
    /** {@code auto}, {@code rename} or {@code direct} ({@link DownloadKeys#COMMIT}). */
    public static final String COMMIT = DownloadKeys.COMMIT.name();
    /** Check the byte count against the products' {@code size} ({@link DownloadKeys#VERIFY_SIZE}). */
    public static final String VERIFY_SIZE = DownloadKeys.VERIFY_SIZE.name();
    /** Read products from the public cloud copy ({@link DownloadKeys#CLOUD}). */
    public static final String CLOUD = DownloadKeys.CLOUD.name();
    /** Root of the cloud copy ({@link DownloadKeys#CLOUD_ROOT}). */
    public static final String CLOUD_ROOT = DownloadKeys.CLOUD_ROOT.name();
    /** S3 endpoint of the cloud bucket ({@link DownloadKeys#CLOUD_ENDPOINT}). */
    public static final String CLOUD_ENDPOINT = DownloadKeys.CLOUD_ENDPOINT.name();
    /** Seconds between driver progress lines ({@link DownloadKeys#PROGRESS_INTERVAL}). */
    public static final String PROGRESS_INTERVAL = DownloadKeys.PROGRESS_INTERVAL.name();

    /**
     * {@code mast} (default): products named by MAST {@code dataURI}s, fetched from {@code Download/file};
     * {@code mission:<name>}: Mission Search products ({@code post_list_products} rows: {@code uri},
     * {@code filename}, {@code dataset}, {@code size}), fetched from {@code retrieve_product} for hst, jwst and
     * roman (their {@code <dataset>/<file>} URIs) and from {@code Download/file} for {@code mast:} URIs
     * ({@link DownloadKeys#SOURCE}).
     */
    public static final String SOURCE = DownloadKeys.SOURCE.name();

    /** Missions whose products are downloaded with {@code retrieve_product} (astroquery's list). */
    public static final Set<String> RETRIEVE_PRODUCT_MISSIONS =
            Set.of("hst", "jwst", "roman", "roman_spectra", "roman_cgi");

    /** The default cloud root: MAST's public bucket through S3A. */
    public static final String DEFAULT_CLOUD_ROOT = DownloadKeys.DEFAULT_CLOUD_ROOT;

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
        this.layout = DownloadKeys.LAYOUT.parse(v.get(LAYOUT)).equals("flat") ? Layout.FLAT : Layout.MAST_DOWNLOAD;
        this.concurrency = DownloadKeys.CONCURRENCY.parse(v.get(CONCURRENCY));
        this.partitions = DownloadKeys.PARTITIONS.parse(v.get(PARTITIONS));
        this.requestsPerSecond = DownloadKeys.REQUESTS_PER_SECOND.parse(v.get(REQUESTS_PER_SECOND));
        this.overwrite = DownloadKeys.IF_EXISTS.parse(v.get(IF_EXISTS)).equals("overwrite");
        this.commit = Commit.valueOf(DownloadKeys.COMMIT.parse(v.get(COMMIT)).toUpperCase(Locale.ROOT));
        this.verifySize = DownloadKeys.VERIFY_SIZE.parse(v.get(VERIFY_SIZE));
        this.cloud = DownloadKeys.CLOUD.parse(v.get(CLOUD));
        this.cloudRoot = DownloadKeys.CLOUD_ROOT.parse(v.get(CLOUD_ROOT));
        this.cloudEndpoint = DownloadKeys.CLOUD_ENDPOINT.parse(v.get(CLOUD_ENDPOINT));
        this.progressIntervalSeconds = DownloadKeys.PROGRESS_INTERVAL.parse(v.get(PROGRESS_INTERVAL));
        String src = DownloadKeys.SOURCE.parse(v.get(SOURCE));
        this.mission = src.startsWith(DownloadKeys.SOURCE_MISSION_PREFIX)
                ? src.substring(DownloadKeys.SOURCE_MISSION_PREFIX.length())
                : null;
        Map<String, String> h = new TreeMap<>();
        for (Map.Entry<String, String> en : v.entrySet()) {
            if (en.getKey().startsWith(DownloadKeys.HADOOP_PREFIX)) {
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
        Map<String, String> session = MastOptions.sessionSettings(spark);
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

    @Override
    public String toString() {
        return "DownloadOptions{" + clientConfig + ", layout=" + layout + ", concurrency=" + concurrency
                + ", partitions=" + (partitions == 0 ? "auto" : partitions) + ", requestsPerSecond="
                + requestsPerSecond + ", ifExists=" + (overwrite ? "overwrite" : "skip") + ", commit=" + commit
                + ", verifySize=" + verifySize + ", cloud=" + cloud + ", cloudRoot=" + cloudRoot + ", source="
                + (mission == null ? "mast" : "mission:" + mission) + "}";
    }
}
