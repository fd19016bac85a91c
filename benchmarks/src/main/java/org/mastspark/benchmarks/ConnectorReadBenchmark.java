package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.mastspark.emulator.MastEmulator;

/**
 * Reads every observation of a synthetic sky (1,000,000 rows at scale 0.5) into Spark with
 * {@code write.format("noop")} (no count pushdown), beside, in the same run: the emulator's serving rate
 * to a client that discards the bytes, and astroquery 0.4.6 reading the same rows (one query_criteria
 * per declination band, since MAST drops results above ~500,000 rows). Every reader starts with the
 * emulator's query cache cold, so each pays the same query evaluation. Also prints the driver JVM's peak
 * heap (local mode: driver and executors share it). After a warm-up read of the same rows (whose time is printed
 * too), {@code --runs} rounds (default 5) each time the connector's read and then astroquery's: on a machine with
 * other work on it the load changes from minute to minute, so each round's ratio compares two reads that met the
 * same load, and the target holds only if it holds in every round. Each round also prints the CPU seconds each
 * side used (this JVM's for the connector, Spark and the emulator; Python's plus the emulator's for astroquery),
 * which, unlike seconds, do not depend on the load. The emulator's serving rate is measured {@code --runs} times
 * after the reads.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.ConnectorReadBenchmark [-Dbench.args="--scale 0.5 --runs 5 --skip-astroquery"]}
 */
public final class ConnectorReadBenchmark {
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final OperatingSystemMXBean LOAD = ManagementFactory.getOperatingSystemMXBean();

    private ConnectorReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        double scale = 0.5;
        boolean astroquery = true;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--skip-astroquery" -> astroquery = false;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (MastEmulator mast = MastEmulator.builder().scale(scale).build()) {
            long total = mast.sky().observationCount();
            System.out.printf(Locale.ROOT, "synthetic sky: %,d observations (scale %.2f)%n", total, scale);

            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("mast-read-benchmark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            // Warm-up: one whole read. JIT compilation of the reader, of Spark's generated code and of the
            // emulator's renderer takes several seconds of the 2 cores; steady throughput is what we compare.
            double warmUp = readAll(spark, mast);
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            double[] runSeconds = new double[runs];
            double[] runCpu = new double[runs];
            double[] aqSeconds = new double[runs];
            double[] aqCpu = new double[runs];
            double[] ratios = new double[runs];
            List<double[]> bands = bands(mast);
            double loadBefore = LOAD.getSystemLoadAverage();
            long rowsServed = -1;
            long requests = -1;
            long aqRows = -1;
            for (int run = 0; run < runs; run++) {
                mast.requestLog().clear();
                // Every reader starts with the emulator's query cache cold: each pays MAST's query evaluation.
                mast.sky().forgetEvaluatedQueries();
                long cpu0 = CPU.getProcessCpuTime();
                runSeconds[run] = readAll(spark, mast);
                runCpu[run] = (CPU.getProcessCpuTime() - cpu0) / 1e9;
                long served = mast.requestLog().entries().stream()
                        .filter(e -> e.rows() > 1)
                        .mapToLong(e -> e.rows())
                        .sum();
                if (rowsServed >= 0 && served != rowsServed) {
                    throw new IllegalStateException(
                            "run " + run + " read " + served + " rows, earlier runs " + rowsServed);
                }
                rowsServed = served;
                requests = mast.requestLog().count(e -> e.service() != null);
                String line = String.format(
                        Locale.ROOT,
                        "run %d: mast-spark %.2f s (%,.0f rows/s, CPU %.2f s)",
                        run + 1,
                        runSeconds[run],
                        served / runSeconds[run],
                        runCpu[run]);
                if (astroquery) {
                    // right after the connector's read, so that both meet the same load on the machine
                    long aqCpu0 = CPU.getProcessCpuTime();
                    double[] aq = astroquery(mast, bands);
                    double emulatorCpu = (CPU.getProcessCpuTime() - aqCpu0) / 1e9;
                    if (aqRows >= 0 && (long) aq[0] != aqRows) {
                        throw new IllegalStateException(
                                "astroquery run " + run + " read " + aq[0] + " rows, earlier runs " + aqRows);
                    }
                    aqRows = (long) aq[0];
                    aqSeconds[run] = aq[1];
                    aqCpu[run] = aq[2] + emulatorCpu;
                    ratios[run] = (served / runSeconds[run]) / (aq[0] / aq[1]);
                    line += String.format(
                            Locale.ROOT,
                            "; astroquery %.2f s (%,.0f rows/s, CPU %.2f s in Python + %.2f s serving it); %.1fx",
                            aq[1],
                            aq[0] / aq[1],
                            aq[2],
                            emulatorCpu,
                            ratios[run]);
                }
                System.out.println(line + String.format(Locale.ROOT, "; load %.1f", LOAD.getSystemLoadAverage()));
            }
            double connector = median(runSeconds);
            double loadAfter = LOAD.getSystemLoadAverage();
            long peakHeap = 0;
            long peakOld = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peakHeap += pool.getPeakUsage().getUsed();
                    if (pool.getName().contains("Old Gen") || pool.getName().contains("Tenured")) {
                        peakOld += pool.getPeakUsage().getUsed();
                    }
                }
            }
            spark.stop();

            double[] serveRates = new double[runs];
            for (int run = 0; run < runs; run++) {
                serveRates[run] = serveRate(mast, bands);
            }
            double serve = median(serveRates);

            System.out.printf(Locale.ROOT, "%-44s %12s %12s %14s%n", "reader", "rows", "seconds", "rows/s");
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %,12d %12.2f %,14.0f%n",
                    "mast-spark, local[2], noop sink",
                    rowsServed,
                    connector,
                    rowsServed / connector);
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %,12d %12s %,14.0f%n",
                    "emulator serving to a discarding client",
                    total,
                    "-",
                    serve);
            System.out.printf(
                    Locale.ROOT,
                    "(median of %d runs each after a warm-up read of %.2f s; mast-spark runs: %s s; emulator serving"
                            + " runs: %s rows/s)%n",
                    runs,
                    warmUp,
                    join(runSeconds, "%.2f"),
                    join(serveRates, "%,.0f"));
            System.out.printf(
                    Locale.ROOT,
                    "CPU of this JVM (connector, Spark and emulator) per mast-spark run: %s s, median %.1f us per row;"
                            + " load average %.1f before the runs, %.1f after%n",
                    join(runCpu, "%.2f"),
                    median(runCpu) * 1e6 / rowsServed,
                    loadBefore,
                    loadAfter);
            if (astroquery) {
                double aq = median(aqSeconds);
                System.out.printf(
                        Locale.ROOT,
                        "%-44s %,12d %12.2f %,14.0f%n",
                        "astroquery 0.4.6 query_criteria per band",
                        aqRows,
                        aq,
                        aqRows / aq);
                System.out.printf(
                        Locale.ROOT,
                        "CPU of astroquery (Python and the emulator serving it) per run: %s s, median %.1f us per row%n",
                        join(aqCpu, "%.2f"),
                        median(aqCpu) * 1e6 / aqRows);
                double[] sorted = ratios.clone();
                Arrays.sort(sorted);
                System.out.printf(
                        Locale.ROOT,
                        "mast-spark vs astroquery, each run against the astroquery read right after it: %s; lowest"
                                + " %.1fx, median %.1fx (target >= 10x in every run)%n",
                        join(ratios, "%.1fx"),
                        sorted[0],
                        median(ratios));
            }
            System.out.printf(
                    Locale.ROOT,
                    "mast-spark vs emulator serving rate: %.0f%% (target >= 50%%)%n",
                    100 * (rowsServed / connector) / serve);
            System.out.printf(
                    Locale.ROOT,
                    "MAST requests by the connector: %d; peak JVM heap during the reads: %.0f MB (sum of the pools'"
                            + " peaks), of which old generation (what outlives young collections): %.0f MB%n",
                    requests,
                    peakHeap / 1e6,
                    peakOld / 1e6);
        }
    }

    /** Seconds to read every observation into Spark's noop sink (no count pushdown). */
    private static double readAll(SparkSession spark, MastEmulator mast) {
        long t0 = System.nanoTime();
        spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("observations")
                .write()
                .format("noop")
                .mode("overwrite")
                .save();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String join(double[] values, String format) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v));
        }
        return sb.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Declination bands of at most ~450,000 rows each (under MAST's result limit), from counts. */
    private static List<double[]> bands(MastEmulator mast) throws Exception {
        List<double[]> out = new ArrayList<>();
        split(mast, -90, 90, out);
        return out;
    }

    private static void split(MastEmulator mast, double lo, double hi, List<double[]> out) throws Exception {
        long n = count(mast, lo, hi);
        if (n <= 450_000) {
            out.add(new double[] {lo, hi, n});
            return;
        }
        double mid = (lo + hi) / 2;
        split(mast, lo, mid, out);
        split(mast, Math.nextUp(mid), hi, out);
    }

    private static long count(MastEmulator mast, double lo, double hi) throws Exception {
        String request =
                "{\"service\": \"Mast.Caom.Filtered\", \"params\": {\"columns\": \"COUNT_BIG(*)\", \"filters\": "
                        + "[{\"paramName\": \"s_dec\", \"values\": [{\"min\": " + lo + ", \"max\": " + hi + "}]}]}, "
                        + "\"format\": \"json\", \"pagesize\": 1, \"page\": 1}";
        JsonNode r = new ObjectMapper().readTree(EmulatorServeBenchmark.post(mast.baseUrl(), request));
        return r.path("data").path(0).path("Column1").asLong();
    }

    private static double serveRate(MastEmulator mast, List<double[]> bands) throws Exception {
        mast.sky().forgetEvaluatedQueries();
        long rows = 0;
        long t0 = System.nanoTime();
        for (double[] b : bands) {
            String params = "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"s_dec\", \"values\": [{\"min\": "
                    + b[0] + ", \"max\": " + b[1] + "}]}]}";
            String cb = UUID.randomUUID().toString();
            for (int page = 1; (long) (page - 1) * 50_000 < b[2]; page++) {
                rows += EmulatorServeBenchmark.fetchRows(mast.baseUrl(), params, page, cb);
            }
        }
        return rows / ((System.nanoTime() - t0) / 1e9);
    }

    private static double[] astroquery(MastEmulator mast, List<double[]> bands) throws Exception {
        mast.sky().forgetEvaluatedQueries();
        Path home = Files.createTempDirectory("aq-bench");
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script().toString()));
        for (double[] b : bands) {
            cmd.add(b[0] + ":" + b[1]);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("astroquery baseline failed:\n" + out);
        }
        String[] lines = out.trim().split("\n");
        JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
        return new double[] {
            r.path("rows").asDouble(),
            r.path("seconds").asDouble(),
            r.path("cpu").asDouble()
        };
    }

    private static Path script() {
        Path p = Path.of("src/main/python/astroquery_bands.py");
        return Files.exists(p)
                ? p.toAbsolutePath()
                : Path.of("benchmarks/src/main/python/astroquery_bands.py").toAbsolutePath();
    }
}
