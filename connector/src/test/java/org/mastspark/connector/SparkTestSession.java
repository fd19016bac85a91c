package org.mastspark.connector;

import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session per test JVM (starting Spark costs seconds), with the UI off and few shuffle
 * partitions. Tests must not stop it, except through {@link #kryo()} and {@link #endKryo()}.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = start(Map.of());
        }
        return session;
    }

    /**
     * A session whose data serializer is Kryo ({@code spark.kryo.registrationRequired} left false, as users
     * run it): task results, parallelized collections and shuffles then go through Kryo. It replaces the
     * shared session (a JVM has one SparkContext) until {@link #endKryo()}, after which {@link #get()} starts
     * the default one again.
     */
    public static synchronized SparkSession kryo() {
        if (session != null && !session.sparkContext().isStopped()) {
            if (isKryo(session)) {
                return session;
            }
            session.stop();
        }
        session = start(Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
        if (!isKryo(session)) {
            throw new IllegalStateException("the Spark session did not take the Kryo serializer");
        }
        return session;
    }

    /** Stops the Kryo session of {@link #kryo()}, if it is the current one. */
    public static synchronized void endKryo() {
        if (session != null && isKryo(session)) {
            session.stop();
            session = null;
        }
    }

    /**
     * A session running {@code cores} tasks at once ({@code local[cores]}), for tests of what many concurrent
     * tasks do together. It replaces the shared session (a JVM has one SparkContext) until {@link #endLocal()},
     * after which {@link #get()} starts the default one again.
     */
    public static synchronized SparkSession local(int cores) {
        String master = "local[" + cores + "]";
        if (session != null && !session.sparkContext().isStopped()) {
            if (session.sparkContext().master().equals(master)) {
                return session;
            }
            session.stop();
        }
        session = start(Map.of("spark.master", master));
        return session;
    }

    /** Stops the session of {@link #local(int)}, if it is the current one. */
    public static synchronized void endLocal() {
        if (session != null
                && !session.sparkContext().isStopped()
                && !session.sparkContext().master().equals("local[2]")) {
            session.stop();
            session = null;
        }
    }

    private static boolean isKryo(SparkSession s) {
        return !s.sparkContext().isStopped() && SparkEnv.get().serializer() instanceof KryoSerializer;
    }

    private static SparkSession start(Map<String, String> extra) {
        SparkSession.Builder b = SparkSession.builder()
                .master(extra.getOrDefault("spark.master", "local[2]"))
                .appName("mast-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        extra.forEach(b::config);
        SparkSession s = b.getOrCreate();
        Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        return s;
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
