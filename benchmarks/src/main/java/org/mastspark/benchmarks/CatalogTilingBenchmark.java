package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.mastspark.emulator.MastEmulator;

/**
 * A Gaia cone holding more than 2,000,000 rows (four times MAST's 500,000-row result limit) read through
 * the connector's sky tiling on {@code local[2]} (noop sink), tiled with HEALPix cells ({@code
 * skyTiling=healpix}) and with hexagons (the default), beside astroquery 0.4.6 getting the same rows as a
 * user must: many smaller {@code Catalogs.query_region} cones, de-duplicated, in one run. All ask {@code
 * Mast.Catalogs.GaiaDR2.Cone} (astroquery 0.4.6's Gaia default). Rows sent are counted from the emulator's
 * request log (every row of every answer), not from the connector.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.CatalogTilingBenchmark [-Dbench.args="--radius 1.8 --skip-astroquery"]}
 */
public final class CatalogTilingBenchmark {
    private CatalogTilingBenchmark() {}

    public static void main(String[] args) throws Exception {
        double scale = 30;
        double ra = 120.0;
        double dec = -35.0;
        double radius = 1.8;
        boolean astroquery = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--radius" -> radius = Double.parseDouble(args[++i]);
                case "--skip-astroquery" -> astroquery = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (MastEmulator mast = MastEmulator.builder().seed(5).scale(scale).build()) {
            ObjectNode cone = new ObjectMapper().createObjectNode();
            cone.put("ra", ra);
            cone.put("dec", dec);
            cone.put("radius", radius);
            long rows = mast.sky()
                    .query("Mast.Catalogs.GaiaDR2.Cone", cone)
                    .orElseThrow()
                    .rowCount();
            System.out.printf(
                    Locale.ROOT,
                    "Gaia cone (%.1f, %.1f) radius %.2f deg at scale %.0f: %,d rows (MAST's limit: 500,000 per"
                            + " request)%n",
                    ra,
                    dec,
                    radius,
                    scale,
                    rows);

            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("mast-catalog-tiling-benchmark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            // Warm-up: JIT and Spark's first-job costs are not what we measure.
            read(spark, mast, ra + 3, dec, 0.1, "hexagons");
            System.out.printf(
                    Locale.ROOT,
                    "%-52s %12s %10s %12s %10s %12s %6s%n",
                    "reader",
                    "rows",
                    "seconds",
                    "rows/s",
                    "requests",
                    "rows sent",
                    "sent/kept");
            double connector = 0;
            for (String tiling : List.of("healpix", "hexagons")) {
                mast.requestLog().clear();
                long t0 = System.nanoTime();
                read(spark, mast, ra, dec, radius, tiling);
                double seconds = (System.nanoTime() - t0) / 1e9;
                connector = seconds;
                long requests = mast.requestLog().count(e -> e.service() != null);
                // Rows sent: every row of every answer the emulator served (counts' one-row pages included).
                long served = mast.requestLog().entries().stream()
                        .filter(e -> e.service() != null && e.rows() > 0)
                        .mapToLong(e -> e.rows())
                        .sum();
                long dropped = mast.requestLog().count(e -> e.status() == 0);
                System.out.printf(
                        Locale.ROOT,
                        "%-52s %,12d %10.2f %,12.0f %10d %,12d %6.2f%n",
                        "mast-spark sky-tiled (" + tiling + "), local[2], noop sink",
                        rows,
                        seconds,
                        rows / seconds,
                        requests,
                        served,
                        served / (double) rows);
                if (dropped > 0) {
                    System.out.printf(Locale.ROOT, "  requests dropped: %d%n", dropped);
                }
            }
            spark.stop();

            if (astroquery) {
                JsonNode aq = astroquery(mast, ra, dec, radius);
                double s = aq.path("seconds").asDouble();
                System.out.printf(
                        Locale.ROOT,
                        "%-52s %,12d %10.2f %,12.0f %10d%n",
                        "astroquery 0.4.6, query_region cones, sequential",
                        aq.path("rows").asLong(),
                        s,
                        aq.path("rows").asDouble() / s,
                        aq.path("calls").asLong());
                System.out.printf(
                        Locale.ROOT,
                        "  rows received by astroquery (overlapping cones): %,d; cones MAST dropped (re-asked as 4): %d%n",
                        aq.path("received").asLong(),
                        aq.path("failed").asLong());
                System.out.printf(
                        Locale.ROOT,
                        "mast-spark (hexagons) vs astroquery: %.1fx%n",
                        (rows / connector) / (aq.path("rows").asDouble() / s));
            }
        }
    }

    private static void read(
            SparkSession spark, MastEmulator mast, double ra, double dec, double radius, String tiling) {
        spark.read()
                .format("mast")
                .option("skyTiling", tiling)
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", ra + " " + dec)
                .option("radius", radius + "deg")
                .option("version", "dr2")
                .load("catalogs/gaia")
                .write()
                .format("noop")
                .mode("overwrite")
                .save();
    }

    private static JsonNode astroquery(MastEmulator mast, double ra, double dec, double radius) throws Exception {
        Path home = Files.createTempDirectory("aq-bench");
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                script().toString(),
                Double.toString(ra),
                Double.toString(dec),
                Double.toString(radius)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("astroquery baseline failed:\n" + out);
        }
        String[] lines = out.trim().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static Path script() {
        Path p = Path.of("src/main/python/astroquery_cones.py");
        return Files.exists(p)
                ? p.toAbsolutePath()
                : Path.of("benchmarks/src/main/python/astroquery_cones.py").toAbsolutePath();
    }
}
