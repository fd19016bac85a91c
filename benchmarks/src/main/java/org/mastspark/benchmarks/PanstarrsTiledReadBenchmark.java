package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.mastspark.connector.sky.SkyRegion;
import org.mastspark.connector.sky.SkyTile;
import org.mastspark.connector.sky.SkyTiler;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * A Pan-STARRS DR2 mean region larger than one cone may ask (0.5 degree), read through
 * {@code load("catalogs/panstarrs/dr2/mean")} on local[2] (tiled by the connector; seven columns), beside
 * astroquery 0.4.6 reading the same rows as its users must: one {@code Catalogs.query_region} per tile
 * cone, page by page, de-duplicated in Python. Prints rows, seconds, rows/s, requests and the largest
 * radius any request asked.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.PanstarrsTiledReadBenchmark [-Dbench.args="--scale 0.5 --radius 0.8
 * --skip-astroquery"]}
 */
public final class PanstarrsTiledReadBenchmark {
    private static final String COLUMNS = "objID, raMean, decMean, gMeanPSFMag, rMeanPSFMag, iMeanPSFMag, nDetections";

    private PanstarrsTiledReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        double scale = 0.5;
        double radius = 0.8;
        double ra = 150.1;
        double dec = 2.2;
        int pagesize = 50_000;
        boolean astroquery = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--radius" -> radius = Double.parseDouble(args[++i]);
                case "--pagesize" -> pagesize = Integer.parseInt(args[++i]);
                case "--skip-astroquery" -> astroquery = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (MastEmulator mast = MastEmulator.builder().scale(scale).build()) {
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("panstarrs-tiled-benchmark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            // Warm-up: JIT and Spark's first-job costs are not what we measure.
            read(spark, mast, ra, dec, 0.1, pagesize);
            mast.requestLog().clear();
            long t0 = System.nanoTime();
            long rows = read(spark, mast, ra, dec, radius, pagesize);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long requests = 0;
            double maxRadius = 0;
            ObjectMapper json = new ObjectMapper();
            for (RequestLog.Entry e : mast.requestLog().entries()) {
                if (e.path().equals("/api/v0.1/panstarrs/dr2/mean.json")) {
                    requests++;
                    maxRadius = Math.max(
                            maxRadius, json.readTree(e.request()).path("radius").asDouble());
                }
            }
            System.out.printf(
                    Locale.ROOT, "Pan-STARRS dr2/mean, cone of %.2f deg at scale %.2f, %s%n", radius, scale, COLUMNS);
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %,10d rows %8.2f s %,10.0f rows/s %6d requests, largest radius %.4f deg%n",
                    "mast-spark (tiled, local[2])",
                    rows,
                    seconds,
                    rows / seconds,
                    requests,
                    maxRadius);
            if (astroquery) {
                List<SkyTile> tiles = SkyTiler.fixed(new SkyRegion.Cone(ra, dec, radius), 0.5);
                JsonNode aq = astroquery(mast, ra, dec, radius, pagesize, tiles);
                double s = aq.path("seconds").asDouble();
                System.out.printf(
                        Locale.ROOT,
                        "%-44s %,10d rows %8.2f s %,10.0f rows/s %6d requests%n",
                        "astroquery 0.4.6 query_region per tile",
                        aq.path("rows").asLong(),
                        s,
                        aq.path("rows").asLong() / s,
                        aq.path("requests").asLong());
                System.out.printf(Locale.ROOT, "mast-spark vs astroquery: %.1fx%n", s / seconds);
            }
            spark.stop();
        }
    }

    private static long read(SparkSession spark, MastEmulator mast, double ra, double dec, double r, int pagesize) {
        Dataset<Row> df = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", ra + " " + dec)
                .option("radius", r + "deg")
                .option("pagesize", String.valueOf(pagesize))
                .load("catalogs/panstarrs/dr2/mean")
                .selectExpr(COLUMNS.split(", "));
        LongAccumulator n = spark.sparkContext().longAccumulator("rows");
        df.foreachPartition((ForeachPartitionFunction<Row>) (Iterator<Row> it) -> {
            long c = 0;
            while (it.hasNext()) {
                it.next();
                c++;
            }
            n.add(c);
        });
        return n.value();
    }

    private static JsonNode astroquery(
            MastEmulator mast, double ra, double dec, double radius, int pagesize, List<SkyTile> tiles)
            throws Exception {
        Path home = Files.createTempDirectory("aq-bench");
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                script().toString(),
                String.valueOf(ra),
                String.valueOf(dec),
                String.valueOf(radius),
                String.valueOf(pagesize)));
        for (SkyTile t : tiles) {
            cmd.add(t.ra() + ":" + t.dec() + ":" + t.radius());
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
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static Path script() {
        Path p = Path.of("src/main/python/astroquery_panstarrs_tiles.py");
        return Files.exists(p)
                ? p.toAbsolutePath()
                : Path.of("benchmarks/src/main/python/astroquery_panstarrs_tiles.py")
                        .toAbsolutePath();
    }
}
