package org.mastspark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mastspark.cluster.StandaloneCluster.EmulatorProcess;
import org.mastspark.cluster.StandaloneCluster.Settings;
import org.mastspark.cluster.StandaloneCluster.SparkVersion;

/**
 * What a user sees: a fresh {@code spark-submit} of a job reading every CAOM observation (1,000,000 at scale
 * 0.5) on the standalone cluster (master and two workers, one core each, already running), from an emulator in
 * its own, already warm process, timed from submit to exit; beside Debian's astroquery 0.4.6 fetching the same
 * rows from the same emulator process (one {@code query_criteria} per declination band, MAST's result limit
 * being ~500,000 rows), in one run. Both readers start with the emulator's kept query evaluations evicted.
 * Prints both times, rows/s, the ratio, and where the Spark job's time goes, from the timestamps the
 * application records.
 *
 * <p>{@code ./mvnw -B -q -pl cluster -am verify -DskipTests -Pbench [-Dbench.args="--spark 4.2.0 --scale 0.5"]}
 */
public final class ClusterReadBenchmark {
    private ClusterReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        SparkVersion version = SparkVersion.parse("4.2.0");
        double scale = 0.5;
        boolean astroquery = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--spark" -> version = SparkVersion.parse(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--skip-astroquery" -> astroquery = false;
                default ->
                    throw new IllegalArgumentException(
                            "Unknown option '" + args[i] + "': expected --spark V, --scale X or --skip-astroquery");
            }
        }
        Settings settings = Settings.fromSystemProperties();
        Path dir = settings.target().resolve("cluster-bench");
        Files.createDirectories(dir);
        Path home = StandaloneCluster.sparkHome(settings, version);
        try (EmulatorProcess emulator = EmulatorProcess.start(
                        emulatorJar(settings), dir.resolve("emulator.log"), "--scale", "" + scale);
                StandaloneCluster cluster = StandaloneCluster.start(version, home, dir.resolve("cluster"))) {
            EmulatorHttp mast = new EmulatorHttp(emulator.baseUrl());
            long total = mast.countObservations(-90, 90);
            List<double[]> bands = new ArrayList<>();
            split(mast, -90, 90, bands);
            // Warm the emulator's JIT with a full read of other queries (right ascension halves of each band),
            // then evict its kept evaluations so that each reader pays MAST's query evaluation.
            long t = System.nanoTime();
            long warm = warmUp(mast, bands);
            System.out.printf(
                    Locale.ROOT,
                    "emulator warm-up: %,d rows served in %s%n",
                    warm,
                    StandaloneCluster.seconds(System.nanoTime() - t));
            evict(mast);

            Path result = dir.resolve("bench.json");
            Files.deleteIfExists(result);
            List<String> submit = List.of(
                    "--deploy-mode",
                    "client",
                    "--class",
                    ClusterApp.class.getName(),
                    "--total-executor-cores",
                    "2",
                    "--executor-memory",
                    "768m",
                    "--conf",
                    "spark.serializer=org.apache.spark.serializer.KryoSerializer",
                    "--conf",
                    "spark.mast.baseUrl=" + emulator.baseUrl(),
                    "--conf",
                    "spark.ui.enabled=false",
                    "--conf",
                    "spark.driver.host=127.0.0.1",
                    "--conf",
                    "spark.driver.bindAddress=127.0.0.1",
                    "--jars",
                    bundleJar(settings, version).toString(),
                    System.getProperty("cluster.app.jar"),
                    result.toString(),
                    "bench");
            long submitMs = System.currentTimeMillis();
            long s0 = System.nanoTime();
            int exit = cluster.submit("submit-bench", submit, Duration.ofMinutes(30));
            double sparkSeconds = (System.nanoTime() - s0) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("spark-submit failed (exit " + exit + "):\n" + cluster.tails(40));
            }
            JsonNode r = EmulatorHttp.JSON.readTree(result.toFile());
            long rows = r.path("records_read").asLong();
            if (rows != total) {
                throw new IllegalStateException("The Spark job read " + rows + " rows; the emulator holds " + total);
            }

            System.out.printf(Locale.ROOT, "%-52s %12s %10s %12s%n", "reader", "rows", "seconds", "rows/s");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %,12d %10.2f %,12.0f%n",
                    "spark-submit on the standalone cluster (2 x 1 core)",
                    rows,
                    sparkSeconds,
                    rows / sparkSeconds);
            System.out.println("where the Spark job's time goes (from submit):");
            phase(
                    "JVM start (launcher + driver JVM up)",
                    submitMs,
                    r.path("jvm_start_ms").asLong());
            phase(
                    "driver JVM up to main()",
                    r.path("jvm_start_ms").asLong(),
                    r.path("main_start_ms").asLong());
            phase(
                    "SparkSession/SparkContext up",
                    r.path("main_start_ms").asLong(),
                    r.path("session_up_ms").asLong());
            phase(
                    "2 executors registered",
                    r.path("session_up_ms").asLong(),
                    r.path("executors_registered_ms").asLong());
            phase(
                    "schema (load)",
                    r.path("executors_registered_ms").asLong(),
                    r.path("bench_plan_done_ms").asLong());
            phase(
                    "planning (count, bands) and read (" + r.path("tasks").asInt() + " tasks, noop sink)",
                    r.path("bench_plan_done_ms").asLong(),
                    r.path("bench_read_done_ms").asLong());
            phase("stop and exit", r.path("bench_read_done_ms").asLong(), submitMs + Math.round(sparkSeconds * 1000));
            if (astroquery) {
                evict(mast);
                double[] aq = astroquery(emulator.baseUrl(), bands, dir);
                System.out.printf(
                        Locale.ROOT,
                        "%-52s %,12d %10.2f %,12.0f%n",
                        "astroquery 0.4.6 query_criteria per band",
                        (long) aq[0],
                        aq[1],
                        aq[0] / aq[1]);
                System.out.printf(
                        Locale.ROOT,
                        "spark-submit vs astroquery, end to end: %.1fx (target >= 10x)%n",
                        aq[1] / sparkSeconds);
            }
        }
    }

    private static void phase(String what, long fromMs, long toMs) {
        System.out.printf(Locale.ROOT, "  %-52s %8.2f s%n", what, (toMs - fromMs) / 1e3);
    }

    /** Declination bands of at most ~450,000 rows (under MAST's result limit), from counts. */
    private static void split(EmulatorHttp mast, double lo, double hi, List<double[]> out) throws Exception {
        long n = mast.countObservations(lo, hi);
        if (n <= 450_000) {
            out.add(new double[] {lo, hi, n});
            return;
        }
        double mid = (lo + hi) / 2;
        split(mast, lo, mid, out);
        split(mast, Math.nextUp(mid), hi, out);
    }

    private static long warmUp(EmulatorHttp mast, List<double[]> bands) throws Exception {
        long rows = 0;
        for (double[] b : bands) {
            for (double[] ra : new double[][] {{0, 180}, {Math.nextUp(180.0), 360}}) {
                String params = "{\"columns\": \"*\", \"filters\": ["
                        + "{\"paramName\": \"s_dec\", \"values\": [{\"min\": " + b[0] + ", \"max\": " + b[1] + "}]},"
                        + "{\"paramName\": \"s_ra\", \"values\": [{\"min\": " + ra[0] + ", \"max\": " + ra[1] + "}]}]}";
                rows += mast.drainObservations(params);
            }
        }
        return rows;
    }

    /** The emulator keeps the evaluations of its last 24 distinct queries: 30 tiny ones push them out. */
    private static void evict(EmulatorHttp mast) throws Exception {
        for (int i = 0; i < 30; i++) {
            mast.countObservations(89.9 + i * 1e-3, 89.9 + i * 1e-3 + 1e-4);
        }
    }

    private static double[] astroquery(String baseUrl, List<double[]> bands, Path dir) throws Exception {
        Path xdg = dir.resolve("xdg");
        Files.createDirectories(xdg.resolve("astropy"));
        Files.writeString(xdg.resolve("astropy").resolve("astroquery.cfg"), "[mast]\nserver = " + baseUrl + "\n");
        // The same script as ConnectorReadBenchmark's baseline (module benchmarks).
        Path script = Path.of(System.getProperty("cluster.benchmarks.python"), "astroquery_bands.py");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        for (double[] b : bands) {
            cmd.add(b[0] + ":" + b[1]);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", xdg.toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("astroquery baseline failed:\n" + out);
        }
        String[] lines = out.trim().split("\n");
        JsonNode r = EmulatorHttp.JSON.readTree(lines[lines.length - 1]);
        return new double[] {r.path("rows").asDouble(), r.path("seconds").asDouble()};
    }

    private static Path emulatorJar(Settings s) throws Exception {
        try (var files = Files.list(s.target().resolve("emulator"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    static Path bundleJar(Settings s, SparkVersion v) {
        return s.target()
                .resolve("bundle")
                .resolve("mast-spark-bundle_" + v.scala() + "-" + System.getProperty("cluster.project.version")
                        + ".jar");
    }
}
