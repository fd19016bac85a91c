package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.download.MastDownloader;
import org.mastspark.emulator.MastEmulator;

/**
 * Downloads ~2,000 product files (0.6-2 MB each, ~2.3 GB) from the emulator to a local folder, in one run:
 *
 * <ul>
 *   <li>the machine ceiling: the same files over the same number of connections by a minimal blocking client
 *       that does what a manifest needs and no more: each body copied to a local file and its SHA-256
 *       computed; no cap, no latency, warm;
 *   <li>mast-spark's {@code MastDownloader} on local[2] under the same conditions: its overhead over the
 *       ceiling;
 *   <li>the plain client and {@code MastDownloader} with the emulator capped at 20 MB/s per connection and
 *       50 ms latency per request; the bound is the lower of the plain client's rate and what the connections
 *       can carry (each waits the latency, then receives its file at the cap, file after file);
 *   <li>astroquery 0.4.6 {@code download_products} on a sample (sequential, so the full set would take
 *       minutes).
 * </ul>
 *
 * <p>The emulator runs in this JVM for all of them alike. Each phase also prints the CPU time this process
 * and the child processes it waited for spent, per GB: on a small machine the CPU is what bounds the rate,
 * and it shows where the time goes even when other work on the machine slows every phase.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.DownloadBenchmark [-Dbench.args="--files 2000 --concurrency 8
 * --sample 60 --rounds 1 --skip-astroquery"]}
 */
public final class DownloadBenchmark {
    private static final String DOWNLOAD = "/api/v0.1/Download/file";
    private static final int BUFFER = 64 * 1024;
    private static final StructType SCHEMA = new StructType()
            .add("dataURI", DataTypes.StringType)
            .add("productFilename", DataTypes.StringType)
            .add("obs_collection", DataTypes.StringType)
            .add("obs_id", DataTypes.StringType)
            .add("size", DataTypes.LongType);

    private DownloadBenchmark() {}

    /** One measured phase: bytes moved, wall-clock seconds, CPU seconds. */
    private record Phase(long bytes, double seconds, double cpu) {
        double rate() {
            return bytes / seconds;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.1f s, %.1f MB/s; cpu %.1f s (%.1f s per GB)",
                    seconds,
                    rate() / 1e6,
                    cpu,
                    cpu / (bytes / 1e9));
        }
    }

    public static void main(String[] args) throws Exception {
        int files = 2000;
        int concurrency = 8;
        int sample = 60;
        int rounds = 1;
        long capBytesPerSecond = 20_000_000L;
        long latencyMillis = 50;
        boolean astroquery = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--skip-astroquery" -> astroquery = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // HttpURLConnection keeps at most 5 idle connections per server unless told otherwise.
        System.setProperty("http.maxConnections", "64");
        Path work = Files.createTempDirectory("mast-download-bench");
        try (MastEmulator mast = MastEmulator.builder().scale(0.05).threads(128).build()) {
            List<Map<String, Object>> products = pick(mast, files, 600_000, 2_000_000);
            long totalBytes = products.stream()
                    .mapToLong(p -> ((Number) p.get("size")).longValue())
                    .sum();
            int parallelTasks = 2;
            int connections = parallelTasks * concurrency;
            // Each connection waits the latency, then receives its file at the cap: at best the files are
            // spread evenly over the connections.
            double busySeconds = 0;
            for (Map<String, Object> p : products) {
                busySeconds += latencyMillis / 1e3 + ((Number) p.get("size")).doubleValue() / capBytesPerSecond;
            }
            double network = totalBytes / (busySeconds / connections);
            System.out.printf(
                    Locale.ROOT,
                    "%d files, %.2f GB; %d connections; %d round(s)%n",
                    products.size(),
                    totalBytes / 1e9,
                    connections,
                    rounds);

            SparkSession spark = SparkSession.builder()
                    .master("local[" + parallelTasks + "]")
                    .appName("mast-download-benchmark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            MastDownloader downloader = MastDownloader.builder()
                    .option("baseUrl", mast.baseUrl())
                    .option("concurrency", Integer.toString(concurrency))
                    .option("maxConcurrentRequests", Integer.toString(Math.max(8, connections)))
                    .option("progressIntervalSeconds", "60")
                    .build();
            // Warm-up of both clients (JIT, Spark's first job), not measured.
            List<Map<String, Object>> warm = products.subList(0, Math.min(products.size(), 100));
            plainParallel(mast, warm, connections, work.resolve("warm-plain"));
            connector(spark, downloader, warm, work.resolve("warm-connector"));

            List<double[]> ratios = new ArrayList<>();
            double lastCapped = 0;
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.printf(Locale.ROOT, "round %d:%n", round);
                }
                Phase ceiling = plainParallel(mast, products, connections, work.resolve("ceiling"));
                System.out.printf(
                        Locale.ROOT,
                        "  machine ceiling (plain blocking client, copy + SHA-256, %d connections, no cap): %s%n",
                        connections,
                        ceiling.describe());
                Phase open = connector(spark, downloader, products, work.resolve("connector"));
                System.out.printf(
                        Locale.ROOT,
                        "  mast-spark MastDownloader, local[2] x %d threads, no cap: %s; %.0f%% of the ceiling%n",
                        concurrency,
                        open.describe(),
                        100 * open.rate() / ceiling.rate());

                mast.faults()
                        .pathPrefix(DOWNLOAD)
                        .latencyMillis(latencyMillis)
                        .bandwidthBytesPerSecond(capBytesPerSecond);
                Phase plainCapped;
                Phase capped;
                try {
                    plainCapped = plainParallel(mast, products, connections, work.resolve("ceiling"));
                    capped = connector(spark, downloader, products, work.resolve("connector"));
                } finally {
                    mast.faults().reset();
                }
                // A capped answer costs more CPU per byte than an open one (the server sleeps and wakes per
                // block, the client reads the body in more, smaller pieces): the plain client under the same
                // cap and latency is what this machine can do against this server.
                double bound = Math.min(network, plainCapped.rate());
                System.out.printf(
                        Locale.ROOT,
                        "  plain blocking client, %.0f MB/s per connection, %d ms latency: %s%n",
                        capBytesPerSecond / 1e6,
                        latencyMillis,
                        plainCapped.describe());
                System.out.printf(
                        Locale.ROOT, "  mast-spark MastDownloader, same cap and latency: %s%n", capped.describe());
                System.out.printf(
                        Locale.ROOT,
                        "  bound min(connections at cap after latency = %.1f MB/s, plain client = %.1f MB/s) = %.1f MB/s;"
                                + " mast-spark at %.0f%% of it (target >= 80%%)%n",
                        network / 1e6,
                        plainCapped.rate() / 1e6,
                        bound / 1e6,
                        100 * capped.rate() / bound);
                ratios.add(new double[] {open.rate() / ceiling.rate(), capped.rate() / bound});
                lastCapped = capped.rate();
            }
            spark.stop();
            if (rounds > 1) {
                System.out.printf(
                        Locale.ROOT,
                        "median of %d rounds: no cap %.0f%% of the ceiling; capped %.0f%% of the bound%n",
                        rounds,
                        100 * median(ratios, 0),
                        100 * median(ratios, 1));
            }

            if (astroquery) {
                List<Map<String, Object>> aqSample = products.subList(0, Math.min(sample, products.size()));
                mast.faults()
                        .pathPrefix(DOWNLOAD)
                        .latencyMillis(latencyMillis)
                        .bandwidthBytesPerSecond(capBytesPerSecond);
                double[] aq = astroquery(mast, aqSample, work.resolve("astroquery"));
                double aqRate = aq[1] / aq[2];
                System.out.printf(
                        Locale.ROOT,
                        "astroquery 0.4.6 download_products, %d-file sample, same cap and latency: %.1f s, %.1f MB/s"
                                + " (all %d files: ~%.0f s)%n",
                        (long) aq[0],
                        aq[2],
                        aqRate / 1e6,
                        products.size(),
                        totalBytes / aqRate);
                System.out.printf(
                        Locale.ROOT,
                        "mast-spark (capped, last round) vs astroquery: %.1fx (target >= 10x)%n",
                        lastCapped / aqRate);
            }
        } finally {
            deleteTree(work);
        }
    }

    static List<Map<String, Object>> pick(MastEmulator mast, int n, long min, long max) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 0; i < mast.sky().observationCount() && out.size() < n; i++) {
            for (Map<String, Object> p : mast.sky().productsOf(100_000_000L + i)) {
                long size = ((Number) p.get("size")).longValue();
                if (out.size() < n && size >= min && size <= max && "PUBLIC".equals(p.get("dataRights"))) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Dataset<Row> frame(SparkSession spark, List<Map<String, Object>> products) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> p : products) {
            rows.add(RowFactory.create(
                    p.get("dataURI"),
                    p.get("productFilename"),
                    p.get("obs_collection"),
                    p.get("obs_id"),
                    ((Number) p.get("size")).longValue()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The downloader fetching the products into an empty folder, checked complete; the folder is deleted. */
    private static Phase connector(
            SparkSession spark, MastDownloader downloader, List<Map<String, Object>> products, Path dir)
            throws Exception {
        long expected = 0;
        for (Map<String, Object> p : products) {
            expected += ((Number) p.get("size")).longValue();
        }
        Dataset<Row> input = frame(spark, products);
        double cpu = cpuSeconds();
        long t0 = System.nanoTime();
        List<Row> manifest = downloader.download(input, dir.toUri().toString()).collectAsList();
        double seconds = (System.nanoTime() - t0) / 1e9;
        cpu = cpuSeconds() - cpu;
        long bytes = 0;
        long complete = 0;
        for (Row r : manifest) {
            bytes += r.<Long>getAs("bytes");
            complete += "COMPLETE".equals(r.getAs("status")) ? 1 : 0;
        }
        if (complete != products.size() || bytes != expected) {
            throw new IllegalStateException("connector: " + complete + " of " + products.size() + " complete, " + bytes
                    + " of " + expected + " bytes");
        }
        deleteTree(dir);
        return new Phase(bytes, seconds, cpu);
    }

    /**
     * {@code connections} threads of a plain blocking client ({@link HttpURLConnection}, kept alive) copying
     * the files to local files through a 64 KiB buffer and computing their SHA-256, as a manifest needs; the
     * folder is deleted afterwards.
     */
    private static Phase plainParallel(MastEmulator mast, List<Map<String, Object>> products, int connections, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicInteger next = new AtomicInteger();
        double cpu = cpuSeconds();
        long t0 = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            futures.add(pool.submit(() -> {
                long bytes = 0;
                byte[] buf = new byte[BUFFER];
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (int i; (i = next.getAndIncrement()) < products.size(); ) {
                    String uri = (String) products.get(i).get("dataURI");
                    HttpURLConnection http = (HttpURLConnection) URI.create(mast.baseUrl() + DOWNLOAD + "?uri=" + uri)
                            .toURL()
                            .openConnection();
                    if (http.getResponseCode() != 200) {
                        throw new IllegalStateException("HTTP " + http.getResponseCode() + " for " + uri);
                    }
                    try (InputStream in = http.getInputStream();
                            OutputStream out = Files.newOutputStream(dir.resolve(i + ".bin"))) {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            out.write(buf, 0, n);
                            sha.update(buf, 0, n);
                            bytes += n;
                        }
                    }
                    HexFormat.of().formatHex(sha.digest());
                }
                return bytes;
            }));
        }
        long bytes = 0;
        for (Future<Long> f : futures) {
            bytes += f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        cpu = cpuSeconds() - cpu;
        pool.shutdown();
        deleteTree(dir);
        return new Phase(bytes, seconds, cpu);
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {files, bytes, seconds} of astroquery 0.4.6 download_products on these products. */
    private static double[] astroquery(MastEmulator mast, List<Map<String, Object>> products, Path dir)
            throws Exception {
        Path home = Files.createDirectories(dir);
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = json.createArrayNode();
        for (Map<String, Object> p : products) {
            rows.addObject()
                    .put("dataURI", (String) p.get("dataURI"))
                    .put("obs_collection", (String) p.get("obs_collection"))
                    .put("obs_id", (String) p.get("obs_id"))
                    .put("productFilename", (String) p.get("productFilename"));
        }
        Path list = home.resolve("products.json");
        json.writeValue(list.toFile(), rows);
        ProcessBuilder pb = new ProcessBuilder(
                        "/usr/bin/python3",
                        script().toString(),
                        list.toString(),
                        home.resolve("out").toString())
                .redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buf);
        String out = buf.toString(StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("astroquery baseline failed:\n" + out);
        }
        String[] lines = out.trim().split("\n");
        JsonNode r = json.readTree(lines[lines.length - 1]);
        if (r.path("complete").asInt() != products.size()) {
            throw new IllegalStateException("astroquery completed " + r.path("complete") + " of " + products.size());
        }
        return new double[] {
            r.path("files").asDouble(),
            r.path("bytes").asDouble(),
            r.path("seconds").asDouble()
        };
    }

    private static Path script() {
        Path p = Path.of("src/main/python/astroquery_download.py");
        return Files.exists(p)
                ? p.toAbsolutePath()
                : Path.of("benchmarks/src/main/python/astroquery_download.py").toAbsolutePath();
    }

    /** CPU seconds of this process and of the child processes it waited for (Linux {@code /proc/self/stat}). */
    static double cpuSeconds() throws Exception {
        String[] f = Files.readString(Path.of("/proc/self/stat"))
                .replaceFirst("^.*\\) ", "")
                .split(" ");
        // utime stime cutime cstime are fields 14-17 (1-based) of stat, 12-15 after the "(comm) " part.
        long ticks = 0;
        for (int i = 11; i <= 14; i++) {
            ticks += Long.parseLong(f[i]);
        }
        return ticks / 100.0;
    }

    private static void deleteTree(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
