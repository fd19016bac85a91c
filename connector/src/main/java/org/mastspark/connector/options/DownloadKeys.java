package org.mastspark.connector.options;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Options of {@code MastDownloader} (README: "Downloading products", Options). Its MAST connection options
 * are {@link ReadKeys}' ({@code baseUrl}, {@code token}, {@code maxAttempts}, ...); options starting with
 * {@link #HADOOP_PREFIX} are Hadoop settings, not keys.
 */
public final class DownloadKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.DOWNLOAD);

    /** Options starting with this are Hadoop settings for the destination and cloud FileSystems. */
    public static final String HADOOP_PREFIX = "fs.";
    /** The default of {@link #CLOUD_ROOT}: MAST's public bucket through S3A. */
    public static final String DEFAULT_CLOUD_ROOT = "s3a://stpubdata";
    /** {@link #SOURCE} for products named by MAST {@code dataURI}s (the default). */
    public static final String SOURCE_MAST = "mast";
    /** {@link #SOURCE} prefix for Mission Search products: {@code mission:<name>}. */
    public static final String SOURCE_MISSION_PREFIX = "mission:";

    public static final OptionKey<String> LAYOUT = KEYS.choice(
            "layout",
            "mastDownload",
            null,
            List.of("mastDownload", "flat"),
            "mastDownload: mastDownload/<obs_collection>/<obs_id>/<file>; flat: <file>");
    public static final OptionKey<Integer> CONCURRENCY =
            KEYS.wholeNumber("concurrency", 4, 1, 256, null, "files downloaded at once by one task (threads)");
    public static final OptionKey<Integer> PARTITIONS = KEYS.wholeNumber(
            "partitions",
            0,
            0,
            1_000_000,
            "min(files, max(4 × default parallelism, files / 100))",
            "tasks the files are spread over; 0 chooses from the files and the cluster's parallelism");
    public static final OptionKey<Double> REQUESTS_PER_SECOND = KEYS.rate(
            "requestsPerSecond", "`0` (none)", "request rate of the whole job, split over the tasks running at once");
    public static final OptionKey<String> IF_EXISTS = KEYS.choice(
            "ifExists",
            "skip",
            null,
            List.of("skip", "overwrite"),
            "skip: keep files already complete; overwrite: download everything again");
    public static final OptionKey<String> COMMIT = KEYS.choice(
            "commit",
            "auto",
            null,
            List.of("auto", "rename", "direct"),
            "rename (temporary name, then rename), direct (write in place, abort on failure) or auto");
    public static final OptionKey<Boolean> VERIFY_SIZE =
            KEYS.bool("verifySize", true, "an ERROR when the byte count differs from the products' size");
    public static final OptionKey<Boolean> CLOUD =
            KEYS.bool("cloud", false, "read products from the public cloud copy, falling back to MAST");
    public static final OptionKey<String> CLOUD_ROOT = KEYS.add(
            "cloudRoot",
            DEFAULT_CLOUD_ROOT,
            null,
            DownloadKeys::cloudRoot,
            "root of the cloud copy (any FileSystem URI)");
    public static final OptionKey<String> CLOUD_ENDPOINT =
            KEYS.text("cloudEndpoint", null, null, "S3 endpoint of the cloud bucket");
    public static final OptionKey<String> SOURCE = KEYS.add(
            "source",
            SOURCE_MAST,
            null,
            DownloadKeys::source,
            "mast: dataURIs from Download/file; mission:<name>: Mission Search products");
    public static final OptionKey<Integer> PROGRESS_INTERVAL = KEYS.wholeNumber(
            "progressIntervalSeconds", 10, 0, 86_400, null, "seconds between driver progress lines; 0 for none");

    private DownloadKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }

    /** A FileSystem URI with a scheme, without trailing slashes. */
    private static String cloudRoot(String option, String text) {
        String root = text;
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(root);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null) {
            throw OptionKey.invalid(option, root, "a FileSystem URI such as " + DEFAULT_CLOUD_ROOT);
        }
        return root;
    }

    /** {@code mast}, or {@code mission:<name>} with the name in lower case. */
    private static String source(String option, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals(SOURCE_MAST)) {
            return SOURCE_MAST;
        }
        if (lower.startsWith(SOURCE_MISSION_PREFIX)) {
            String mission = lower.substring(SOURCE_MISSION_PREFIX.length()).trim();
            if (mission.matches("[a-z0-9_]+")) {
                return SOURCE_MISSION_PREFIX + mission;
            }
        }
        throw OptionKey.invalid(
                option, text, "mast, or mission:<name> (mission:hst, mission:jwst, mission:roman, ...)");
    }
}
