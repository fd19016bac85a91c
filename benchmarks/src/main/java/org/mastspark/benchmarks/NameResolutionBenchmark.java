package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.udfs.resolve.MastResolver;

/**
 * 10,000 target names (2,000 distinct, with repeats) resolved against the emulator with 100 ms of
 * latency per request, in one run: mast-spark's {@code MastResolver} on local[2]; sequential SANTA
 * batches of 30 names (what current astroquery does); and astroquery 0.4.6, one name per request,
 * timed on a 150-name sample (resolving all 10,000 that way takes over 15 minutes) and compared by rate.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.NameResolutionBenchmark}
 */
public final class NameResolutionBenchmark {
    private NameResolutionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int total = 10_000;
        int distinct = 2_000;
        try (MastEmulator mast = MastEmulator.builder().scale(0.05).build()) {
            List<String> pool = namePool(mast, distinct);
            Random random = new Random(1);
            List<String> names = new ArrayList<>(pool);
            while (names.size() < total) {
                names.add(pool.get(random.nextInt(pool.size())));
            }
            Collections.shuffle(names, random);
            mast.faults().latencyMillis(100);

            // mast-spark
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            List<Row> rows = new ArrayList<>();
            for (String n : names) {
                rows.add(RowFactory.create(n));
            }
            Dataset<Row> df = spark.createDataFrame(rows, new StructType().add("name", DataTypes.StringType))
                    .repartition(2);
            df.cache().count();
            mast.requestLog().clear();
            long t0 = System.nanoTime();
            long resolved = MastResolver.resolve(
                            df, "name", Map.of("baseUrl", mast.baseUrl(), "resolverConcurrency", "8"))
                    .where("resolve_status = 'RESOLVED'")
                    .count();
            double connector = (System.nanoTime() - t0) / 1e9;
            long connectorRequests = mast.requestLog().count(e -> "Santa".equals(e.service()));
            spark.stop();

            // sequential batches of 30, no de-duplication (current astroquery)
            mast.requestLog().clear();
            HttpClient http = HttpClient.newHttpClient();
            t0 = System.nanoTime();
            for (int i = 0; i < names.size(); i += 30) {
                StringBuilder q =
                        new StringBuilder(mast.baseUrl() + "/Santa-war/query?outputFormat=json&resolveAll=False");
                for (String n : names.subList(i, Math.min(names.size(), i + 30))) {
                    q.append("&name=").append(URLEncoder.encode(n, StandardCharsets.UTF_8));
                }
                http.send(
                        HttpRequest.newBuilder(URI.create(q.toString())).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            double batched = (System.nanoTime() - t0) / 1e9;
            long batchedRequests = mast.requestLog().count(e -> "Santa".equals(e.service()));

            // astroquery 0.4.6, one name per request, on a sample
            double[] aq = astroquery(mast, names.subList(0, 150));

            System.out.printf(
                    Locale.ROOT, "%-52s %8s %10s %10s %12s%n", "resolver", "names", "requests", "seconds", "names/s");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %,8d %,10d %10.2f %,12.0f%n",
                    "mast-spark MastResolver, local[2]",
                    names.size(),
                    connectorRequests,
                    connector,
                    names.size() / connector);
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %,8d %,10d %10.2f %,12.0f%n",
                    "sequential SANTA batches of 30 (astroquery HEAD)",
                    names.size(),
                    batchedRequests,
                    batched,
                    names.size() / batched);
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %,8d %,10d %10.2f %,12.1f%n",
                    "astroquery 0.4.6 resolve_object (150-name sample)",
                    (long) aq[0],
                    (long) aq[0],
                    aq[1],
                    aq[0] / aq[1]);
            System.out.printf(
                    Locale.ROOT,
                    "names resolved by mast-spark: %,d of %,d (%,d distinct)%n",
                    resolved,
                    names.size(),
                    distinct);
            System.out.printf(
                    Locale.ROOT,
                    "mast-spark vs astroquery 0.4.6: %.0fx (target >= 50x); vs sequential batches: %.1fx"
                            + " (target >= 3x); requests %d vs %d (must not exceed)%n",
                    (names.size() / connector) / (aq[0] / aq[1]),
                    batched / connector,
                    connectorRequests,
                    batchedRequests);
        }
    }

    /** Distinct names the emulator knows: famous objects and synthetic TIC stars. */
    private static List<String> namePool(MastEmulator mast, int n) throws Exception {
        List<String> out = new ArrayList<>(List.of(
                "M101",
                "M1",
                "M8",
                "M10",
                "M103",
                "M31",
                "M42",
                "M51",
                "M13",
                "M15",
                "M57",
                "M87",
                "Vega",
                "Sirius",
                "Betelgeuse",
                "NGC 2024",
                "LMC",
                "SMC",
                "Barnard's Star",
                "TIC 307210830"));
        String request =
                "{\"service\": \"Mast.Catalogs.Tic.Cone\", \"params\": {\"ra\": 150.1, \"dec\": 2.2, \"radius\": 3.0},"
                        + " \"format\": \"json\", \"pagesize\": " + n + ", \"page\": 1}";
        JsonNode stars = new ObjectMapper()
                .readTree(EmulatorServeBenchmark.post(mast.baseUrl(), request))
                .path("data");
        for (JsonNode s : stars) {
            if (out.size() >= n) {
                break;
            }
            out.add("TIC " + s.path("ID").asText());
        }
        if (out.size() < n) {
            throw new IllegalStateException("only " + out.size() + " distinct names available");
        }
        return out;
    }

    private static double[] astroquery(MastEmulator mast, List<String> names) throws Exception {
        Path home = Files.createTempDirectory("aq-resolve");
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
        Path list = home.resolve("names.txt");
        Files.write(list, names);
        Path script = Path.of("src/main/python/astroquery_resolve.py");
        if (!Files.exists(script)) {
            script = Path.of("benchmarks/src/main/python/astroquery_resolve.py");
        }
        ProcessBuilder pb = new ProcessBuilder(
                        "/usr/bin/python3", script.toAbsolutePath().toString(), list.toString())
                .redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("astroquery baseline failed:\n" + out);
        }
        String[] lines = out.trim().split("\n");
        JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
        return new double[] {r.path("names").asDouble(), r.path("seconds").asDouble()};
    }
}
