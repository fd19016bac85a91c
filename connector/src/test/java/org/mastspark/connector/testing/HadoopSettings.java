package org.mastspark.connector.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** Hadoop settings for tests: applying them to a Configuration or a session, and fast-failing S3A. */
public final class HadoopSettings {
    private HadoopSettings() {}

    /** A new Configuration (defaults plus {@code settings}). */
    public static Configuration configuration(Map<String, String> settings) {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        return conf;
    }

    /**
     * Sets {@code settings} in the session's Hadoop configuration (what executors of a local session and
     * every FileSystem the session opens see). Keys are per bucket or per endpoint, so applying the settings of
     * several servers to the shared test session is safe.
     */
    public static void apply(SparkSession spark, Map<String, String> settings) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        settings.forEach(conf::set);
    }

    /**
     * Per-bucket S3A retry settings (S3A's connection timeouts have a 15 s floor, so they are left alone) that make an unreachable or failing endpoint fail in about a second rather
     * than S3A's minutes of retries (for tests of fallback when the cloud bucket is down).
     */
    public static Map<String, String> fastFailure(String bucket) {
        String p = "fs.s3a.bucket." + bucket + ".";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "attempts.maximum", "1");
        m.put(p + "retry.limit", "1");
        m.put(p + "retry.interval", "50ms");
        m.put(p + "retry.throttle.limit", "1");
        m.put(p + "retry.throttle.interval", "50ms");
        return m;
    }

    /** {@code a} then {@code b} (b wins on equal keys). */
    public static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }
}
