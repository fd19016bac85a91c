package org.mastspark.connector;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session per test JVM (starting Spark costs seconds), with the UI off and few shuffle
 * partitions. Tests must not stop it.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("mast-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /**
     * A {@code format("mast")} reader of the session against {@code baseUrl}, retrying after 1 ms, with
     * {@code options} given as name, value pairs.
     */
    public static DataFrameReader mastReader(String baseUrl, String... options) {
        DataFrameReader reader =
                get().read().format("mast").option("baseUrl", baseUrl).option("retryBackoffMillis", "1");
        for (int i = 0; i < options.length; i += 2) {
            reader = reader.option(options[i], options[i + 1]);
        }
        return reader;
    }
}
