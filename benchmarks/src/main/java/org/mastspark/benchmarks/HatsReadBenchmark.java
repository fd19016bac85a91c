package org.mastspark.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.hats.HatsFootprint;
import org.mastspark.emulator.hats.HatsWriter;

/**
 * A synthetic Gaia-like HATS catalog of about 20 million rows on the local file system, read by the connector
 * ({@code load("hats:...")}: partitions pruned by the cone, row groups by {@code _healpix_29}) beside Spark's
 * own {@code spark.read.parquet(dataset)} with a {@code where} on ra/dec (the same exact cone; no pruning but
 * Parquet's statistics), in one run: a 1-degree cone (every column, noop sink) and a full-catalog count, each the
 * median of some rounds, the two readers alternating. Files opened are counted by the file system both read
 * through ({@link CountingFileSystem}).
 *
 * <p>The catalog is written once by the emulator's {@link HatsWriter} under {@code benchmarks/target/hats-bench}
 * and reused by later runs.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.HatsReadBenchmark [-Dbench.args="--footprint 33 --cone 1 --rounds 3"]}
 */
public final class HatsReadBenchmark {
    private static final double RA = 150.0;
    private static final double DEC = 20.0;

    private HatsReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        double footprint = 33;
        double cone = 1.0;
        double scale = 1;
        int rounds = 3;
        Path dir = Path.of("target", "hats-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--footprint" -> footprint = Double.parseDouble(args[++i]);
                case "--cone" -> cone = Double.parseDouble(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; expected --footprint <deg>, --cone <deg>, --scale <x>, --rounds <n>, --dir <path>");
            }
        }
        Path root = dir.resolve(String.format(Locale.ROOT, "gaia-s%s-f%s", scale, footprint))
                .toAbsolutePath();
        Path catalog = root.resolve(HatsWriter.GAIA_DR3_KEY).resolve("gaia_dr3");
        write(root, catalog, footprint, scale);
        long files;
        long bytes;
        try (Stream<Path> s = Files.walk(catalog.resolve("dataset"))) {
            List<Path> parquet = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .toList();
            files = parquet.size();
            long b = 0;
            for (Path p : parquet) {
                b += Files.size(p);
            }
            bytes = b;
        }

        SparkSession spark = SparkSession.builder()
                .master("local[*]")
                .appName("mast-hats-benchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.hadoop.fs." + CountingFileSystem.SCHEME + ".impl", CountingFileSystem.class.getName())
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        String uri = CountingFileSystem.SCHEME + "://" + catalog;
        String dataset = uri + "/dataset";
        double radius = cone;
        Supplier<Dataset<Row>> connectorCone = () -> spark.read()
                .format("mast")
                .option("coordinates", RA + " " + DEC)
                .option("radius", radius + "deg")
                .load("hats:" + uri);
        double cosDec = Math.cos(Math.toRadians(Math.abs(DEC) + radius));
        String where = String.format(
                Locale.ROOT,
                "ra BETWEEN %.9f AND %.9f AND dec BETWEEN %.9f AND %.9f AND degrees(acos(least(1D,"
                        + " sin(radians(dec)) * sin(radians(%.9f)) + cos(radians(dec)) * cos(radians(%.9f))"
                        + " * cos(radians(ra - %.9f))))) <= %.9f",
                RA - radius / cosDec,
                RA + radius / cosDec,
                DEC - radius,
                DEC + radius,
                DEC,
                DEC,
                RA,
                radius);
        Supplier<Dataset<Row>> sparkCone = () -> spark.read().parquet(dataset).where(where);
        // Spark's reader adds the directories' Norder/Dir/Npix as partition columns; the sink takes them too.

        long total = spark.read().format("mast").load("hats:" + uri).count();
        long inCone = connectorCone.get().count();
        long inConeSpark = sparkCone.get().count();
        if (inCone != inConeSpark) {
            throw new IllegalStateException("the connector found " + inCone + " rows in the cone, Spark's reader "
                    + inConeSpark + ": the benchmark compares different answers");
        }
        long totalSpark = spark.read().parquet(dataset).count();
        if (total != totalSpark) {
            throw new IllegalStateException("the connector counted " + total + " rows, Spark's reader " + totalSpark);
        }
        System.out.printf(
                Locale.ROOT,
                "HATS catalog %s: %,d rows in %,d partition files (%,.0f MB), footprint %.0f deg around (%.0f, %.0f),"
                        + " scale %s%n",
                catalog,
                total,
                files,
                bytes / 1e6,
                footprint,
                RA,
                DEC,
                scale);

        List<Run> runs = new ArrayList<>();
        Run a = new Run(String.format(Locale.ROOT, "%.1f-deg cone, all columns", cone), "connector hats:", inCone);
        Run b = new Run(a.query, "spark.read.parquet + where", inCone);
        Run c = new Run("full-catalog count", "connector hats:", total);
        Run d = new Run(c.query, "spark.read.parquet", total);
        runs.addAll(List.of(a, b, c, d));
        // Warm-up round (JIT, first-job costs), then the measured rounds, readers alternating.
        for (int round = 0; round <= rounds; round++) {
            boolean measured = round > 0;
            a.time(
                    measured,
                    () -> connectorCone
                            .get()
                            .write()
                            .format("noop")
                            .mode("overwrite")
                            .save());
            b.time(
                    measured,
                    () -> sparkCone
                            .get()
                            .write()
                            .format("noop")
                            .mode("overwrite")
                            .save());
            c.time(
                    measured,
                    () -> spark.read().format("mast").load("hats:" + uri).count());
            d.time(measured, () -> spark.read().parquet(dataset).count());
        }
        spark.stop();

        System.out.printf(
                Locale.ROOT,
                "%n%-28s %-28s %14s %10s %16s %14s%n",
                "query",
                "reader",
                "rows",
                "median s",
                "rows/s",
                "files opened");
        for (Run r : runs) {
            double s = r.median();
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %-28s %,14d %10.3f %,16.0f %8d of %d%n",
                    r.query,
                    r.reader,
                    r.rows,
                    s,
                    r.rows / s,
                    r.files,
                    files);
        }
        System.out.printf(
                Locale.ROOT,
                "%ncone: connector %.1fx faster than spark.read.parquet; count: %.1fx (median of %d rounds)%n",
                b.median() / a.median(),
                d.median() / c.median(),
                rounds);
    }

    private static void write(Path root, Path catalog, double footprint, double scale) throws IOException {
        Path done = root.resolve("_written");
        if (Files.exists(done)) {
            System.out.printf("Reusing the HATS catalog written earlier under %s%n", root);
            return;
        }
        long t0 = System.nanoTime();
        try (MastEmulator mast = MastEmulator.builder().seed(14).scale(scale).build()) {
            HatsWriter.Written w = new HatsWriter(mast.sky())
                    .writeCatalog(HatsWriter.GAIA, HatsFootprint.cone(RA, DEC, footprint), catalog)[0];
            System.out.printf(
                    Locale.ROOT,
                    "Wrote %,d rows in %,d partitions (%,.0f MB) to %s in %.1f s%n",
                    w.rows(),
                    w.partitions().size(),
                    w.bytes() / 1e6,
                    catalog,
                    (System.nanoTime() - t0) / 1e9);
        }
        Files.writeString(done, "written\n", StandardCharsets.UTF_8);
    }

    /** One query by one reader: its measured seconds and the files it opened in the last round. */
    private static final class Run {
        final String query;
        final String reader;
        final long rows;
        final List<Double> seconds = new ArrayList<>();
        long files;

        Run(String query, String reader, long rows) {
            this.query = query;
            this.reader = reader;
            this.rows = rows;
        }

        void time(boolean measured, Runnable body) {
            CountingFileSystem.reset();
            long t0 = System.nanoTime();
            body.run();
            double s = (System.nanoTime() - t0) / 1e9;
            if (measured) {
                seconds.add(s);
                files = CountingFileSystem.parquetFilesOpened();
            }
        }

        double median() {
            double[] v = seconds.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }
}
