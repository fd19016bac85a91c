package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Downloads ~2,000 product files (0.6-2 MB each, ~2 GB) from the emulator capped at 20 MB/s per connection
 * with 50 ms latency per request, to a local folder, in one run: the ceiling of this machine (the same
 * number of connections without cap or latency, plain JDK client to local files, on a subset); mast-spark's
 * {@code MastDownloader} on local[2]; astroquery 0.4.6 {@code download_products} on a sample of the files
 * (sequential, so the full set would take minutes), compared by throughput.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.DownloadBenchmark [-Dbench.args="--files 2000 --concurrency 8
 * --sample 60 --skip-astroquery"]}
 */
public final class DownloadBenchmark {
    private static final String DOWNLOAD = "/api/v0.1/Download/file";
    private static final StructType SCHEMA = new StructType()
            .add("dataURI", DataTypes.StringType)
            .add("productFilename", DataTypes.StringType)
            .add("obs_collection", DataTypes.StringType)
            .add("obs_id", DataTypes.StringType)
            .add("size", DataTypes.LongType);

    private DownloadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = 2000;
        int concurrency = 8;
        int sample = 60;
        long capBytesPerSecond = 20_000_000L;
        long latencyMillis = 50;
        boolean astroquery = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--skip-astroquery" -> astroquery = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("mast-download-bench");
        try (MastEmulator mast = MastEmulator.builder().scale(0.05).threads(128).build()) {
            List<Map<String, Object>> products = pick(mast, files, 600_000, 2_000_000);
            long totalBytes = products.stream()
                    .mapToLong(p -> ((Number) p.get("size")).longValue())
                    .sum();
            int parallelTasks = 2;
            int connections = parallelTasks * concurrency;
            System.out.printf(
                    Locale.ROOT,
                    "%d files, %.2f GB; emulator cap %.0f MB/s per connection, %d ms latency; %d connections%n",
                    products.size(),
                    totalBytes / 1e9,
                    capBytesPerSecond / 1e6,
                    latencyMillis,
                    connections);

            // Ceiling: the same connections, no cap, no latency, plain client writing local files.
            List<Map<String, Object>> subset = products.subList(0, Math.min(products.size(), 400));
            double ceiling = plainParallel(mast, subset, connections, work.resolve("ceiling"));
            System.out.printf(
                    Locale.ROOT, "machine ceiling (no cap, %d connections): %.1f MB/s%n", connections, ceiling / 1e6);

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
                    .option("progressIntervalSeconds", "5")
                    .build();
            // Warm-up (JIT, Spark's first job), not measured.
            downloader
                    .download(
                            frame(spark, products.subList(0, 10)),
                            work.resolve("warm").toUri().toString())
                    .count();

            mast.faults().pathPrefix(DOWNLOAD).latencyMillis(latencyMillis).bandwidthBytesPerSecond(capBytesPerSecond);
            Path out = work.resolve("connector");
            long t0 = System.nanoTime();
            List<Row> manifest = downloader
                    .download(frame(spark, products), out.toUri().toString())
                    .collectAsList();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long bytes = 0;
            long complete = 0;
            for (Row r : manifest) {
                bytes += r.<Long>getAs("bytes");
                complete += "COMPLETE".equals(r.getAs("status")) ? 1 : 0;
            }
            if (complete != products.size() || bytes != totalBytes) {
                throw new IllegalStateException("connector: " + complete + " of " + products.size() + " complete, "
                        + bytes + " of " + totalBytes + " bytes");
            }
            spark.stop();
            double connector = bytes / seconds;
            double bound = Math.min(connections * (double) capBytesPerSecond, ceiling);
            System.out.printf(
                    Locale.ROOT,
                    "mast-spark MastDownloader, local[2] x %d threads: %.1f s, %.1f MB/s%n",
                    concurrency,
                    seconds,
                    connector / 1e6);
            System.out.printf(
                    Locale.ROOT,
                    "bound min(connections x cap = %.0f MB/s, ceiling = %.1f MB/s) = %.1f MB/s; mast-spark at %.0f%%"
                            + " of it (target >= 80%%)%n",
                    connections * capBytesPerSecond / 1e6,
                    ceiling / 1e6,
                    bound / 1e6,
                    100 * connector / bound);

            if (astroquery) {
                List<Map<String, Object>> aqSample = products.subList(0, Math.min(sample, products.size()));
                double[] aq = astroquery(mast, aqSample, work.resolve("astroquery"));
                double aqRate = aq[1] / aq[2];
                System.out.printf(
                        Locale.ROOT,
                        "astroquery 0.4.6 download_products, %d-file sample: %.1f s, %.1f MB/s (all %d files: ~%.0f s)%n",
                        (long) aq[0],
                        aq[2],
                        aqRate / 1e6,
                        products.size(),
                        totalBytes / aqRate);
                System.out.printf(Locale.ROOT, "mast-spark vs astroquery: %.1fx (target >= 10x)%n", connector / aqRate);
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

    /** Bytes per second of {@code connections} plain JDK clients copying the files to local disk. */
    private static double plainParallel(
            MastEmulator mast, List<Map<String, Object>> products, int connections, Path dir) throws Exception {
        Files.createDirectories(dir);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            futures.add(pool.submit(() -> {
                long bytes = 0;
                for (int i; (i = next.getAndIncrement()) < products.size(); ) {
                    String uri = (String) products.get(i).get("dataURI");
                    HttpRequest req = HttpRequest.newBuilder(URI.create(mast.baseUrl() + DOWNLOAD + "?uri=" + uri))
                            .build();
                    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = r.body()) {
                        bytes += Files.copy(in, dir.resolve(i + ".bin"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                return bytes;
            }));
        }
        long bytes = 0;
        for (Future<Long> f : futures) {
            bytes += f.get();
        }
        pool.shutdown();
        return bytes / ((System.nanoTime() - t0) / 1e9);
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

    private static void deleteTree(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
