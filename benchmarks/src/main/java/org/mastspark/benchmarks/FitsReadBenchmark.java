package org.mastspark.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import nom.tam.fits.Header;
import nom.tam.util.FitsInputStream;
import nom.tam.util.FitsOutputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.mastspark.emulator.sky.LightCurves;

/**
 * {@code format("fits")} reading TESS-like 2-minute light curves beside astropy, in one run.
 *
 * <ol>
 *   <li>{@code --files} (2,000) light curves of {@code --rows} (19,728) rows, written once by the emulator's
 *       {@link LightCurves} under {@code --dir} (default {@code benchmarks/target/fits-bench}), are read on
 *       {@code local[2]} with {@code format("fits")}: a count and a sum of every column of {@code LIGHTCURVE}
 *       (so every cell is decoded), then the per-file median of {@code PDCSAP_FLUX}; wall seconds, rows/s, MB/s
 *       (file bytes) and rows/s per core, for a first (cold JVM) and a second round.
 *   <li>astropy 5.2 in one {@code /usr/bin/python3} process ({@code src/main/python/fits_read_astropy.py}): a
 *       loop over {@code fits.open}, every column of {@code LIGHTCURVE} converted and summed; rows/s, MB/s.
 *   <li>One large table ({@code --big-gb}, default 2 GB; the light curve layout, its rows repeated), written
 *       once: the reader's decode rate (count + sum of every column, {@code local[2]}) beside a plain Java
 *       sequential read of the same file (4 MB buffers), i.e. the disk's (or page cache's) rate.
 * </ol>
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.FitsReadBenchmark [-Dbench.args="--files 2000 --big-gb 2"]}
 */
public final class FitsReadBenchmark {
    private FitsReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int files = 2000;
        int rows = LightCurves.DEFAULT_ROWS;
        double bigGb = 2;
        boolean python = true;
        Path dir = Path.of("target", "fits-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--big-gb" -> bigGb = Double.parseDouble(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-python" -> python = false;
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; expected --files <n>, --rows <n>, --big-gb <GB>, --dir <path>, --no-python");
            }
        }
        Path lc =
                dir.resolve(String.format(Locale.ROOT, "lc-%d-%d", files, rows)).toAbsolutePath();
        writeLightCurves(lc, files, rows);
        long lcBytes = sizeOf(lc);
        long lcRows = (long) files * rows;
        System.out.printf(
                Locale.ROOT, "light curves: %,d files, %,d rows, %.1f MB in %s%n", files, lcRows, lcBytes / 1e6, lc);
        Path big =
                dir.resolve(String.format(Locale.ROOT, "big-%sgb.fits", bigGb)).toAbsolutePath();
        long bigRows = writeBigTable(big, lc, bigGb);

        int cores = 2;
        SparkSession spark = SparkSession.builder()
                .master("local[" + cores + "]")
                .appName("FitsReadBenchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        List<String> lines = new ArrayList<>();
        try {
            for (int round = 1; round <= 2; round++) {
                long t0 = System.nanoTime();
                Row r = sumAll(
                        spark.read().format("fits").option("hdu", "LIGHTCURVE").load(lc.toString()));
                double s = (System.nanoTime() - t0) / 1e9;
                check(r.getLong(0) == lcRows, "format(\"fits\") counted " + r.getLong(0) + " rows, expected " + lcRows);
                lines.add(rate("format(\"fits\") count+sum all columns, round " + round, s, lcRows, lcBytes, cores));
                System.out.println(lines.get(lines.size() - 1) + "  sum " + r.get(1));
            }
            long t0 = System.nanoTime();
            List<Row> medians = spark.read()
                    .format("fits")
                    .option("hdu", "LIGHTCURVE")
                    .option("headerKeywords", "TICID")
                    .load(lc.toString())
                    .groupBy("TICID")
                    .agg(functions.expr("percentile_approx(PDCSAP_FLUX, 0.5)").as("median"))
                    .collectAsList();
            double s = (System.nanoTime() - t0) / 1e9;
            check(medians.size() == files, "medians of " + medians.size() + " stars, expected " + files);
            lines.add(rate("format(\"fits\") per-star median PDCSAP_FLUX", s, lcRows, lcBytes, cores));
            System.out.println(lines.get(lines.size() - 1));

            if (python) {
                String out = runPython(lc);
                double ps = Double.parseDouble(field(out, "seconds"));
                long prows = Long.parseLong(field(out, "rows"));
                check(prows == lcRows, "astropy read " + prows + " rows, expected " + lcRows);
                lines.add(rate("astropy fits.open loop, every column (1 process)", ps, prows, lcBytes, 1)
                        + String.format(Locale.ROOT, ", cpu %.1f s", Double.parseDouble(field(out, "cpu_seconds"))));
                System.out.println(lines.get(lines.size() - 1));
            }

            long bigBytes = Files.size(big);
            double plain = plainRead(big);
            lines.add(rate("plain Java sequential read of the large table (1 thread)", plain, bigRows, bigBytes, 1));
            System.out.println(lines.get(lines.size() - 1));
            for (int round = 1; round <= 2; round++) {
                long t1 = System.nanoTime();
                Row r = sumAll(
                        spark.read().format("fits").option("hdu", "LIGHTCURVE").load(big.toString()));
                double bs = (System.nanoTime() - t1) / 1e9;
                check(r.getLong(0) == bigRows, "large table: " + r.getLong(0) + " rows, expected " + bigRows);
                lines.add(rate(
                        "format(\"fits\") large table count+sum all columns, round " + round,
                        bs,
                        bigRows,
                        bigBytes,
                        cores));
                System.out.println(lines.get(lines.size() - 1));
            }
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.println("FitsReadBenchmark (" + Runtime.getRuntime().availableProcessors() + " processors):");
        lines.forEach(l -> System.out.println("  " + l));
    }

    /** count(*) and the sum of every numeric column (NaN skipped), forcing every cell to be decoded. */
    private static Row sumAll(Dataset<Row> df) {
        Column total = functions.lit(0.0);
        for (String c : df.columns()) {
            if (!c.equals("path")) {
                total = total.plus(functions.coalesce(
                        functions.sum(functions.nanvl(functions.col(c).cast("double"), functions.lit(0.0))),
                        functions.lit(0.0)));
            }
        }
        return df.agg(functions.count(functions.lit(1)), total).first();
    }

    private static String rate(String what, double seconds, long rows, long bytes, int cores) {
        return String.format(
                Locale.ROOT,
                "%-62s %7.2f s  %,13.0f rows/s  %8.1f MB/s  %,12.0f rows/s per core",
                what,
                seconds,
                rows / seconds,
                bytes / 1e6 / seconds,
                rows / seconds / cores);
    }

    private static void writeLightCurves(Path lc, int files, int rows) throws IOException {
        Path done = lc.resolve("_COMPLETE");
        if (Files.exists(done)) {
            return;
        }
        long t0 = System.nanoTime();
        LightCurves.write(lc, 1_000_000_000L, files, rows);
        Files.writeString(done, "written by FitsReadBenchmark\n");
        System.out.printf(Locale.ROOT, "wrote %d light curves in %.1f s%n", files, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A primary HDU and one LIGHTCURVE table of about {@code gb} GB: the header of the first light curve's table
     * with NAXIS2 raised, and its rows repeated.
     */
    private static long writeBigTable(Path big, Path lc, double gb) throws IOException {
        Path first;
        try (Stream<Path> s = Files.list(lc)) {
            first = s.filter(p -> p.toString().endsWith(".fits"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        byte[] src = Files.readAllBytes(first);
        Header primary;
        Header table;
        long dataStart;
        try (FitsInputStream in = new FitsInputStream(new ByteArrayInputStream(src))) {
            primary = Header.readHeader(in);
            in.skipAllBytes(primary.getDataSize());
            table = Header.readHeader(in);
            dataStart = primary.getSize() + primary.getDataSize() + table.getSize();
        } catch (Exception e) {
            throw new IOException("cannot read " + first + ": " + e, e);
        }
        int width = table.getIntValue("NAXIS1");
        int srcRows = table.getIntValue("NAXIS2");
        long rows = (long) (gb * 1e9 / width);
        if (Files.exists(big) && Files.size(big) >= rows * width) {
            return rows;
        }
        table.addValue("NAXIS2", rows, "rows: the first light curve's rows repeated");
        long t0 = System.nanoTime();
        try (OutputStream raw = Files.newOutputStream(big);
                FitsOutputStream out = new FitsOutputStream(new BufferedOutputStream(raw, 1 << 22))) {
            primary.write(out);
            table.write(out);
            byte[] block = new byte[srcRows * width];
            System.arraycopy(src, (int) dataStart, block, 0, block.length);
            long left = rows;
            while (left > 0) {
                int n = (int) Math.min(left, srcRows);
                out.write(block, 0, n * width);
                left -= n;
            }
            long pad = (2880 - (rows * width) % 2880) % 2880;
            out.write(new byte[(int) pad]);
        } catch (Exception e) {
            throw new IOException("cannot write " + big + ": " + e, e);
        }
        System.out.printf(
                Locale.ROOT,
                "wrote %s (%,d rows, %.2f GB) in %.1f s%n",
                big,
                rows,
                Files.size(big) / 1e9,
                (System.nanoTime() - t0) / 1e9);
        return rows;
    }

    /** Seconds to read the file once, sequentially, in 4 MB buffers. */
    private static double plainRead(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22);
        long t0 = System.nanoTime();
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int r;
            while ((r = ch.read(buf)) >= 0) {
                n += r;
                buf.clear();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        check(n == Files.size(file), "read " + n + " bytes of " + Files.size(file));
        return s;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".fits"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static String runPython(Path lc) throws IOException, InterruptedException {
        Path script = Path.of("src/main/python/fits_read_astropy.py");
        if (!Files.exists(script)) {
            script = Path.of("benchmarks/src/main/python/fits_read_astropy.py");
        }
        Process p = new ProcessBuilder(
                        "/usr/bin/python3", script.toAbsolutePath().toString(), lc.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        if (rc != 0 || !last.startsWith("{")) {
            throw new IllegalStateException("astropy failed (exit " + rc + "):\n" + output);
        }
        return last;
    }

    private static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\": ");
        int start = i + name.length() + 4;
        int end = start;
        while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(start, end).trim();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
