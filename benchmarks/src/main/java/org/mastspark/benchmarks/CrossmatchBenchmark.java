package org.mastspark.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.mastspark.connector.crossmatch.MastCrossmatch;

/**
 * The cross-match of two synthetic catalogs at 1 arcsec, k = 1, by {@code MastCrossmatch} on Spark beside astropy's
 * {@code match_coordinates_sky} and scipy's {@code cKDTree} (LSDB's per-partition kernel) on the same data, in one
 * run, with the pair sets compared; then the same match on two HATS catalogs of the data, aligned (no shuffle)
 * against the shuffle join.
 *
 * <p>Data ({@link CrossmatchData}): {@code --left} x {@code --right} rows (default 10,000,000 each), uniform on the
 * sphere plus dense clusters, a third of the left rows with a counterpart within 0.9 arcsec; written once to
 * Parquet (for Spark), to {@code .npy} files with the same doubles (for Python, which has no Parquet reader here)
 * and as two HATS collections ({@link HatsCatalogWriter}), under {@code --dir} (default
 * {@code target/crossmatch-bench}), and reused by later runs with the same sizes and seed.
 *
 * <p>Spark runs on {@code local[c]} for each {@code --cores} entry (default {@code 2,1}): reads the Parquet files,
 * matches, writes the result as Parquet; figures are the wall time, (left + right rows) / wall / cores, the peak
 * JVM heap (sampled every 100 ms) and process RSS ({@code VmHWM}, reset before each run), shuffle bytes written
 * (summed from the tasks' metrics) and output rows. Python runs {@code /usr/bin/python3}
 * {@code src/main/python/crossmatch_kdtree.py}, one process per method.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.CrossmatchBenchmark [-Dbench.args="--left 1000000 --right 1000000"]}
 */
public final class CrossmatchBenchmark {
    /** LSDB's published rate: ZTF DR14 (1.2 B) x Gaia DR3 (1.8 B) at 1 arcsec in 46 min on 128 cores. */
    private static final double LSDB_ROWS_PER_S_PER_CORE = 8_500;

    private CrossmatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nLeft = 10_000_000;
        int nRight = 10_000_000;
        long seed = 15;
        double radius = 1.0;
        int[] cores = {2, 1};
        boolean python = true;
        boolean hats = true;
        boolean flat = true;
        boolean alignedOnly = false;
        long hatsMaxRows = 1_000_000;
        Path dir = Path.of("target", "crossmatch-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--left" -> nLeft = Integer.parseInt(args[++i]);
                case "--right" -> nRight = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--radius" -> radius = Double.parseDouble(args[++i]);
                case "--cores" ->
                    cores = Arrays.stream(args[++i].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--hats-max-rows" -> hatsMaxRows = Long.parseLong(args[++i]);
                case "--no-python" -> python = false;
                case "--no-hats" -> hats = false;
                case "--no-flat" -> flat = false;
                case "--aligned-only" -> alignedOnly = true;
                case "--dir" -> dir = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; expected --left <rows>,"
                            + " --right <rows>, --seed <n>, --radius <arcsec>, --cores <c,c,...>,"
                            + " --hats-max-rows <rows>, --no-python, --no-hats, --no-flat (no Spark run on the Parquet"
                            + " files), --aligned-only (no alignHats(false) run), --dir <path>");
            }
        }
        Path data = dir.resolve(String.format(Locale.ROOT, "%dx%d-s%d", nLeft, nRight, seed))
                .toAbsolutePath();
        Path out = Files.createDirectories(data.resolve("out"));
        String sha = prepare(data, nLeft, nRight, seed, hats, hatsMaxRows);
        long rows = (long) nLeft + nRight;
        double r0 = radius;

        List<String[]> table = new ArrayList<>();
        Map<String, long[]> pairSets = new LinkedHashMap<>();
        Path earlierAstropy = out.resolve("pairs-astropy-w1.npy");
        if (!python && Files.exists(earlierAstropy)) {
            // the same cached data: astropy's pairs from an earlier run stay the reference
            pairSets.put("astropy (earlier run)", CrossmatchData.readNpyLongs(earlierAstropy));
        }
        if (python) {
            for (String[] run : new String[][] {{"astropy", "1"}, {"ckdtree", "1"}, {"ckdtree", "2"}}) {
                Path pairs = out.resolve("pairs-" + run[0] + "-w" + run[1] + ".npy");
                Map<String, String> r = runPython(data, run[0], Integer.parseInt(run[1]), radius, pairs, sha);
                double load = Double.parseDouble(r.get("load_s"));
                double match = Double.parseDouble(r.get("match_s"));
                int c = Integer.parseInt(run[1]);
                String name =
                        run[0].equals("astropy") ? "astropy match_coordinates_sky" : "scipy cKDTree workers=" + run[1];
                table.add(new String[] {
                    name,
                    Integer.toString(c),
                    fmt("%.1f + %.1f", load, match),
                    fmt("%.1f", Double.parseDouble(r.get("cpu_s"))),
                    fmt("%,.0f", rows / (load + match) / c),
                    fmt("%,.0f", rows / Double.parseDouble(r.get("cpu_s"))),
                    fmt("%,.0f MB RSS", Long.parseLong(r.get("peak_rss_kb")) / 1024.0),
                    "-",
                    fmt("%,d", Long.parseLong(r.get("pairs")))
                });
                pairSets.put(name, CrossmatchData.readNpyLongs(pairs));
            }
        }

        List<String> describes = new ArrayList<>();
        Path sparkPairs = null;
        for (int c : flat ? cores : new int[0]) {
            try (Run run = new Run(c)) {
                SparkSession spark = run.spark;
                Supplier<Dataset<Row>> left =
                        () -> spark.read().parquet(data.resolve("left").toString());
                Supplier<Dataset<Row>> right =
                        () -> spark.read().parquet(data.resolve("right").toString());
                // JIT and first-job costs on a slice, not measured
                Xmatch.of(left.get().limit(200_000), right.get().limit(200_000), radius, true)
                        .write()
                        .format("noop")
                        .mode("overwrite")
                        .save();
                Path result = out.resolve("spark-local" + c);
                Xmatch x = new Xmatch();
                Measured m = run.measure(() -> x.run(left.get(), right.get(), r0, true)
                        .write()
                        .mode("overwrite")
                        .parquet(result.toString()));
                long outRows = spark.read().parquet(result.toString()).count();
                describes.add("local[" + c + "]: " + x.describe);
                table.add(new String[] {
                    "Spark MastCrossmatch local[" + c + "]",
                    Integer.toString(c),
                    fmt("%.1f", m.seconds),
                    fmt("%.1f", m.cpuSeconds),
                    fmt("%,.0f", rows / m.seconds / c),
                    fmt("%,.0f", rows / m.cpuSeconds),
                    fmt("%,.0f MB heap, %,.0f MB RSS", m.peakHeap / 1e6, m.peakRssKb / 1024.0),
                    fmt("%,.0f MB", m.shuffleBytes / 1e6),
                    fmt("%,d", outRows)
                });
                if (sparkPairs == null) {
                    sparkPairs = out.resolve("pairs-spark.npy");
                    long[] p = pairs(spark.read().parquet(result.toString()), "id_left", "id_right");
                    CrossmatchData.writeNpy(sparkPairs, p);
                    pairSets.put("Spark MastCrossmatch", p);
                }
            }
        }

        List<String[]> hatsTable = new ArrayList<>();
        if (hats) {
            try (Run run = new Run(cores[0])) {
                SparkSession spark = run.spark;
                String l = "hats:" + data.resolve("hats").resolve("left");
                String r = "hats:" + data.resolve("hats").resolve("right");
                checkHatsReadBack(spark, data);
                for (boolean aligned : alignedOnly ? new boolean[] {true} : new boolean[] {true, false}) {
                    Path result = out.resolve("spark-hats-" + (aligned ? "aligned" : "shuffle"));
                    Xmatch x = new Xmatch();
                    Measured m = run.measure(() -> x.run(
                                    spark.read().format("mast").load(l),
                                    spark.read().format("mast").load(r),
                                    r0,
                                    aligned)
                            .write()
                            .mode("overwrite")
                            .parquet(result.toString()));
                    long[] p = pairs(spark.read().parquet(result.toString()), "id_left", "id_right");
                    pairSets.put("Spark HATS " + (aligned ? "aligned" : "alignHats(false)"), p);
                    hatsTable.add(new String[] {
                        aligned ? "HATS x HATS, aligned (default)" : "HATS x HATS, alignHats(false)",
                        Integer.toString(cores[0]),
                        fmt("%.1f", m.seconds),
                        fmt("%.1f", m.cpuSeconds),
                        fmt("%,.0f", rows / m.seconds / cores[0]),
                        fmt("%,.0f", rows / m.cpuSeconds),
                        fmt("%,.0f MB heap, %,.0f MB RSS", m.peakHeap / 1e6, m.peakRssKb / 1024.0),
                        fmt("%,.0f MB", m.shuffleBytes / 1e6),
                        fmt("%,d", p.length)
                    });
                    describes.add("HATS " + (aligned ? "aligned" : "alignHats(false)") + ": " + x.describe);
                }
            }
        }

        System.out.printf(
                Locale.ROOT,
                "%nCross-match at %s arcsec, k = 1: %,d x %,d rows (data %s, sha256 %s), %d cores on this machine%n",
                radius,
                nLeft,
                nRight,
                data,
                sha.substring(0, 16),
                Runtime.getRuntime().availableProcessors());
        String format = "%-38s %5s %12s %8s %16s %14s %30s %10s %11s%n";
        System.out.printf(
                Locale.ROOT,
                format,
                "run",
                "cores",
                "wall s",
                "CPU s",
                "rows/s per core",
                "rows per CPU s",
                "peak memory",
                "shuffle",
                "pairs");
        for (String[] row : table) {
            System.out.printf(Locale.ROOT, format, (Object[]) row);
        }
        for (String[] row : hatsTable) {
            System.out.printf(Locale.ROOT, format, (Object[]) row);
        }
        System.out.printf(
                Locale.ROOT,
                format,
                "LSDB published (ZTF x Gaia, 128 cores)",
                "128",
                "2760",
                "-",
                fmt("%,.0f", LSDB_ROWS_PER_S_PER_CORE),
                "-",
                "-",
                "-",
                "-");
        System.out.println("(Python wall = load + match; rows/s per core = (left + right rows) / wall / cores;"
                + " CPU s = the process's user + system seconds, all threads, GC and JIT included)");
        for (String d : describes) {
            System.out.println("path taken, " + d);
        }
        System.out.println();
        if (pairSets.isEmpty()) {
            return;
        }
        long[] reference = pairSets.values().iterator().next();
        String referenceName = pairSets.keySet().iterator().next();
        boolean agree = true;
        for (Map.Entry<String, long[]> e : pairSets.entrySet()) {
            long[] d = differences(reference, e.getValue());
            agree &= d[0] == 0 && d[1] == 0;
            System.out.printf(
                    Locale.ROOT,
                    "%-36s %,12d pairs; vs %s: %,d only there, %,d only here%n",
                    e.getKey(),
                    e.getValue().length,
                    referenceName,
                    d[0],
                    d[1]);
        }
        System.out.println(agree ? "All pair sets are identical." : "PAIR SETS DIFFER.");
        if (!agree) {
            System.exit(1);
        }
    }

    /** Writes the data (unless written earlier) and returns its checksum. */
    private static String prepare(Path data, int nLeft, int nRight, long seed, boolean hats, long hatsMaxRows)
            throws IOException {
        Path manifest = data.resolve("data.properties");
        Path hatsDone = data.resolve("hats").resolve("_written-" + hatsMaxRows);
        CrossmatchData d = null;
        String sha;
        if (Files.exists(manifest)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(manifest)) {
                p.load(in);
            }
            sha = p.getProperty("sha256");
            System.out.printf("Reusing the catalogs written earlier under %s (sha256 %s)%n", data, sha);
        } else {
            long t0 = System.nanoTime();
            d = CrossmatchData.generate(nLeft, nRight, seed);
            double gen = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            d.writeParquet(data, 1_000_000);
            double parquet = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            d.writeNpy(data);
            double npy = (System.nanoTime() - t0) / 1e9;
            sha = d.sha256();
            System.out.printf(
                    Locale.ROOT,
                    "Generated %,d + %,d rows in %.1f s, wrote Parquet in %.1f s and .npy in %.1f s under %s"
                            + " (sha256 %s)%n",
                    nLeft,
                    nRight,
                    gen,
                    parquet,
                    npy,
                    data,
                    sha);
            CrossmatchData.writeString(
                    manifest,
                    String.format(Locale.ROOT, "left=%d%nright=%d%nseed=%d%nsha256=%s%n", nLeft, nRight, seed, sha));
        }
        if (hats && !Files.exists(hatsDone)) {
            if (d == null) {
                d = CrossmatchData.readNpy(data);
            }
            long t0 = System.nanoTime();
            HatsCatalogWriter w = new HatsCatalogWriter(hatsMaxRows, 10, 10.0, 200_000);
            HatsCatalogWriter.Written l =
                    w.write(data.resolve("hats").resolve("left"), "left", d.leftId, d.leftRa, d.leftDec);
            HatsCatalogWriter.Written r =
                    w.write(data.resolve("hats").resolve("right"), "right", d.rightId, d.rightRa, d.rightDec);
            System.out.printf(
                    Locale.ROOT,
                    "Wrote the HATS collections in %.1f s: left %d partitions (margin %,d rows in %d partitions),"
                            + " right %d partitions (margin %,d rows in %d partitions), margin order %d%n",
                    (System.nanoTime() - t0) / 1e9,
                    l.partitions().size(),
                    l.marginRows(),
                    l.marginPartitions(),
                    r.partitions().size(),
                    r.marginRows(),
                    r.marginPartitions(),
                    w.marginOrder());
            CrossmatchData.writeString(hatsDone, "written\n");
        }
        return sha;
    }

    /**
     * Fails loudly unless both HATS catalogs read back through {@code load("hats:...")} with exactly the rows of
     * the flat Parquet files (count and the sum of a hash of every row), each row's {@code _healpix_29} its
     * position's and its partition's pixel the prefix of it, and the right catalog knows its margin.
     */
    private static void checkHatsReadBack(SparkSession spark, Path data) {
        for (String side : new String[] {"left", "right"}) {
            Dataset<Row> flat = spark.read().parquet(data.resolve(side).toString());
            Dataset<Row> h = spark.read()
                    .format("mast")
                    .load("hats:" + data.resolve("hats").resolve(side));
            // a decimal sum: a long sum of hashes would overflow (and fail under ANSI mode)
            String hash = "sum(cast(xxhash64(id, ra, dec) AS DECIMAL(38, 0)))";
            Row a = flat.selectExpr("count(*)", hash).first();
            Row b = h.selectExpr(
                            "count(*)",
                            hash,
                            "sum(CASE WHEN shiftrightunsigned(_healpix_29, 2 * (29 - _hats_order)) <> _hats_pixel"
                                    + " THEN 1 ELSE 0 END)")
                    .first();
            if (!a.get(0).equals(b.get(0)) || !a.get(1).equals(b.get(1)) || b.getLong(2) != 0) {
                throw new IllegalStateException("The HATS catalog of the " + side + " side does not read back: flat"
                        + " Parquet count/hash " + a + ", HATS " + b + " (last: rows outside their partition)");
            }
            long wrongHealpix = h.select("ra", "dec", "_healpix_29")
                    .toJavaRDD()
                    .filter(row -> org.mastspark.connector.sky.Healpix.nest(29, row.getDouble(0), row.getDouble(1))
                            != row.getLong(2))
                    .count();
            if (wrongHealpix != 0) {
                throw new IllegalStateException("The HATS catalog of the " + side + " side has " + wrongHealpix
                        + " rows whose _healpix_29" + " is not their position's");
            }
            System.out.printf(
                    Locale.ROOT, "HATS %s reads back: %,d rows, same rows as the Parquet files%n", side, b.getLong(0));
        }
    }

    private static org.apache.spark.sql.Column col(String name) {
        return functions.col(name);
    }

    /** The (left id, right id) pairs as sorted {@code left << 32 | right}. */
    private static long[] pairs(Dataset<Row> result, String leftId, String rightId) {
        Iterator<Row> it = result.select(functions
                        .shiftLeft(col(leftId), 32)
                        .bitwiseOR(col(rightId))
                        .as("p"))
                .toLocalIterator();
        long[] p = new long[1 << 20];
        int n = 0;
        while (it.hasNext()) {
            if (n == p.length) {
                p = Arrays.copyOf(p, n * 2);
            }
            p[n++] = it.next().getLong(0);
        }
        p = Arrays.copyOf(p, n);
        Arrays.parallelSort(p);
        return p;
    }

    /** Counts of values only in a and only in b (both sorted). */
    static long[] differences(long[] a, long[] b) {
        long onlyA = 0;
        long onlyB = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (j == b.length || (i < a.length && a[i] < b[j])) {
                onlyA++;
                i++;
            } else if (i == a.length || b[j] < a[i]) {
                onlyB++;
                j++;
            } else {
                i++;
                j++;
            }
        }
        return new long[] {onlyA, onlyB};
    }

    private static Map<String, String> runPython(
            Path data, String method, int workers, double radius, Path pairs, String sha)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                script().toString(),
                data.resolve("npy").toString(),
                method,
                Integer.toString(workers),
                Double.toString(radius),
                pairs.toString()));
        boolean checksum = method.equals("astropy");
        if (checksum) {
            cmd.add("--checksum");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1];
        if (rc != 0 || !last.startsWith("{")) {
            throw new IllegalStateException("python " + method + " failed (exit " + rc + "):\n" + output);
        }
        Map<String, String> r = new LinkedHashMap<>();
        for (String kv : last.substring(1, last.length() - 1).split(", ")) {
            String[] parts = kv.split(": ", 2);
            r.put(parts[0].replace("\"", ""), parts[1].replace("\"", ""));
        }
        if (checksum && !sha.equals(r.get("sha256"))) {
            throw new IllegalStateException("Python read other data: sha256 " + r.get("sha256") + ", expected " + sha);
        }
        System.out.printf(Locale.ROOT, "python %s workers=%d: %s%n", method, workers, last);
        return r;
    }

    private static Path script() {
        Path p = Path.of("src/main/python/crossmatch_kdtree.py");
        return Files.exists(p)
                ? p.toAbsolutePath()
                : Path.of("benchmarks/src/main/python/crossmatch_kdtree.py").toAbsolutePath();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** What one measured action cost. */
    private record Measured(double seconds, double cpuSeconds, long peakHeap, long peakRssKb, long shuffleBytes) {}

    /** A Spark session on local[cores] with a listener summing shuffle bytes written. */
    private static final class Run implements AutoCloseable {
        final SparkSession spark;
        final AtomicLong shuffleBytes = new AtomicLong();
        final Set<Integer> endedJobs = ConcurrentHashMap.newKeySet();

        Run(int cores) {
            spark = SparkSession.builder()
                    .master("local[" + cores + "]")
                    .appName("mast-crossmatch-benchmark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                    if (taskEnd.taskMetrics() != null) {
                        shuffleBytes.addAndGet(
                                taskEnd.taskMetrics().shuffleWriteMetrics().bytesWritten());
                    }
                }

                @Override
                public void onJobEnd(SparkListenerJobEnd jobEnd) {
                    endedJobs.add(jobEnd.jobId());
                }
            });
        }

        Measured measure(Runnable action) throws InterruptedException {
            System.gc();
            String group = "measured-" + System.nanoTime();
            spark.sparkContext().setJobGroup(group, group, false);
            shuffleBytes.set(0);
            resetPeakRss();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            action.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            sampler.interrupt();
            sampler.join();
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            long rss = peakRssKb();
            // the listener bus delivers task ends asynchronously: wait until it has seen every job of the group end
            int[] jobs = spark.sparkContext().statusTracker().getJobIdsForGroup(group);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Arrays.stream(jobs).allMatch(endedJobs::contains) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            spark.sparkContext().clearJobGroup();
            return new Measured(seconds, cpu, peak.get(), rss, shuffleBytes.get());
        }

        /** Resets the process's peak RSS (VmHWM), as {@code echo 5 > /proc/self/clear_refs} does. */
        private static void resetPeakRss() {
            try {
                Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            } catch (IOException | RuntimeException e) {
                // not Linux, or not allowed: the figure is then the process's peak so far
            }
        }

        private static long peakRssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }

        @Override
        public void close() {
            spark.stop();
        }
    }

    /** The cross-match call, remembering the path it took. */
    private static final class Xmatch {
        String describe = "";

        static Dataset<Row> of(Dataset<Row> left, Dataset<Row> right, double radius, boolean aligned) {
            return new Xmatch().run(left, right, radius, aligned);
        }

        Dataset<Row> run(Dataset<Row> left, Dataset<Row> right, double radius, boolean aligned) {
            MastCrossmatch m = MastCrossmatch.of(left, right)
                    .radiusArcsec(radius)
                    .nNeighbors(1)
                    .alignHats(aligned);
            Dataset<Row> out = m.toDataFrame();
            describe = m.describe();
            return out;
        }
    }
}
