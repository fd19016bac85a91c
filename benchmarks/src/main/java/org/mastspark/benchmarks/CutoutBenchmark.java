package org.mastspark.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastCutouts;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * TESScut cutouts in bulk with MAST's service limits enforced, beside astroquery 0.4.6, in one run (issue 17's
 * benchmark): {@code --targets} (500) deterministic positions that the emulator's TESS footprint model puts in at
 * least {@code --sectors} (2) sectors, the first {@code --sectors} sectors of each, so 1,000 (target, sector)
 * requests of 20 x 20 pixels, each answered by the emulator after {@code --service-ms} (300 ms) of service time.
 * The targets are chosen before any timing, from the sector endpoint of an emulator of their own without limits.
 *
 * <ol>
 *   <li>mast-spark {@code MastCutouts.download} on {@code local[--cores]} (2), the requests with a {@code sector}
 *       column, into a fresh local folder, against an emulator enforcing MAST's documented limits (10 at once, 5
 *       per second, 503 beyond) with the connector's defaults (10 at once, 5 per second). The bound is
 *       {@code min(10 / service time, 5/s)} = 5/s. The connector's limiter grants at most 5 in any 1.1 s (its
 *       margin for the time between a grant and the request reaching MAST) and half that in its first 3 s, so it
 *       can reach at most about 91% of it. Every manifest row must be COMPLETE and the folder must hold one file
 *       per request, or the benchmark fails.
 *   <li>The same against a new emulator with the rate limit lifted (10 at once, 1,000 per second) and the connector
 *       option {@code requestsPerSecond=1000}: the bound is what 10 requests in flight allow, {@code 10 / service
 *       time} = 33.3/s. This is the "10 in flight" target; with MAST's 5 per second no client can be 8x
 *       astroquery, whose sequential loop already makes ~3 requests per second at 300 ms each.
 *   <li>This machine's ceiling for phase 2: 10 threads of a plain blocking Java client on the same requests against
 *       the same emulator (GET, each zip member written to a file with its SHA-256). The emulator serves on the
 *       cores the client uses, so on a small machine 33.3/s may be out of reach of any client; the share of this
 *       rate shows the connector's own overhead.
 *   <li>astroquery 0.4.6 {@code Tesscut.download_cutouts(coordinates=SkyCoord(ra, dec, unit="deg"), size=20,
 *       sector=s, path=dir)} in a Python loop ({@code src/main/python/astroquery_tesscut.py}, {@code
 *       /usr/bin/python3}) over the first {@code --astroquery-sample} (100) requests, against the emulator of
 *       phase 1 (same service time and limits); all 1,000 would take about 6 minutes.
 * </ol>
 *
 * <p>The service time stands for MAST's work: MAST cuts on its own machines. The emulator instead cuts and
 * deflates each 20 x 20 pixel target pixel file (1,266 cadences, 10 MB before deflating) in about 55 ms of CPU on
 * the cores the clients use, which on a 2-core machine caps any client near 18 per second. So before timing the
 * emulator cuts every request's answer once and keeps it ({@link MastEmulator.Builder#cutoutAnswers}); each
 * phase's requests are then answered from those bytes (the same bytes) after the service time. {@code --live}
 * cuts in every phase instead, as before.
 *
 * <p>Each phase is a row of the table: wall seconds, cutouts per second, the steady rate (requests admitted from
 * the first admission to the last, without the job's start and end), requests the emulator answered (200) and
 * refused (503) from its request log, the most requests in flight at once (from their admission and end times)
 * and the most admitted in any one-second window, the bound and the share of it reached; then the speedups of
 * phases 1 and 2 over astroquery. Before phase 1 a few cutouts are fetched from the unlimited emulator (not
 * measured) so that the JIT and Spark's first job are not in the figures; the connector's limiter of each phase
 * starts fresh, as in a real job.
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.CutoutBenchmark [-Dbench.args="--targets 500 --sectors 2 --cores 2
 * --service-ms 300 --astroquery-sample 100 --skip-astroquery --live"]}
 */
public final class CutoutBenchmark {
    private static final String SECTOR = "/tesscut/api/v0.1/sector";
    private static final int SIZE = 20;
    private static final int CONCURRENT = 10;
    private static final int PER_SECOND = 5;
    private static final int LIFTED_PER_SECOND = 1000;
    private static final long SEED = 17;
    private static final double SCALE = 0.05;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType REQUESTS = new StructType()
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType)
            .add("sector", DataTypes.IntegerType);

    /** Option {@code concurrency} of the connector's phases ({@code --concurrency}); 0: the connector's default. */
    private static int taskConcurrency;

    private CutoutBenchmark() {}

    /** One (target, sector) request. */
    private record Pair(double ra, double dec, int sector) {}

    /** One measured phase, with what the emulator's request log says of it. */
    private record Phase(
            String name,
            int cutouts,
            double seconds,
            long answered,
            long refused,
            int maxInFlight,
            int maxPerSecond,
            double steady,
            double bound) {
        double rate() {
            return cutouts / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int targets = 500;
        int sectors = 2;
        int cores = 2;
        int serviceMillis = 300;
        int sample = 100;
        boolean astroquery = true;
        boolean live = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--targets" -> targets = positive(args, ++i);
                case "--sectors" -> sectors = positive(args, ++i);
                case "--cores" -> cores = positive(args, ++i);
                case "--service-ms" -> serviceMillis = positive(args, ++i);
                case "--astroquery-sample" -> sample = positive(args, ++i);
                case "--skip-astroquery" -> astroquery = false;
                case "--live" -> live = true;
                case "--concurrency" -> taskConcurrency = positive(args, ++i);
                default ->
                    throw new IllegalArgumentException("Unknown option '" + args[i]
                            + "': expected --targets N, --sectors N, --cores N, --service-ms N,"
                            + " --astroquery-sample N, --skip-astroquery, --live or --concurrency N");
            }
        }
        Duration service = Duration.ofMillis(serviceMillis);
        Path work = Files.createTempDirectory("mast-cutout-bench");
        Path answers = live ? null : work.resolve("answers");
        try (MastEmulator finder = MastEmulator.builder()
                        .seed(SEED)
                        .scale(SCALE)
                        .cutoutLimits(0, 0)
                        .cutoutAnswers(answers)
                        .build();
                MastEmulator limited = MastEmulator.builder()
                        .seed(SEED)
                        .scale(SCALE)
                        .cutoutLimits(CONCURRENT, PER_SECOND)
                        .cutoutServiceTime(service)
                        .cutoutAnswers(answers)
                        .build();
                MastEmulator lifted = MastEmulator.builder()
                        .seed(SEED)
                        .scale(SCALE)
                        .cutoutLimits(CONCURRENT, LIFTED_PER_SECOND)
                        .cutoutServiceTime(service)
                        .cutoutAnswers(answers)
                        .build()) {
            List<Pair> pairs = pick(finder, targets, sectors);
            System.out.printf(
                    Locale.ROOT,
                    "%d targets x %d sectors = %d TESScut requests of %dx%d px; service time %d ms; local[%d]%n",
                    targets,
                    sectors,
                    pairs.size(),
                    SIZE,
                    SIZE,
                    serviceMillis,
                    cores);
            // Warm-up pairs (JIT, Spark's first job), not measured: other positions' cutouts from the unlimited
            // emulator.
            List<Pair> warm = pick(finder, 10, 1, new Random(SEED + 1));
            if (answers != null) {
                long t = System.nanoTime();
                List<Pair> all = new ArrayList<>(pairs);
                all.addAll(warm);
                prime(finder, all, work.resolve("prime"));
                System.out.printf(
                        Locale.ROOT,
                        "answers cut once before timing and kept (%.1f s): %s; every phase's answers come from them"
                                + " after the service time, as MAST's own machines would cut them (--live: cut on"
                                + " these cores in each phase)%n",
                        (System.nanoTime() - t) / 1e9,
                        kept(answers));
            } else {
                System.out.println("answers cut live: the emulator cuts and deflates each cutout on the cores the"
                        + " clients use");
            }

            SparkSession spark = SparkSession.builder()
                    .master("local[" + cores + "]")
                    .appName("mast-cutout-benchmark")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            connector(spark, finder, warm, work.resolve("warm"), LIFTED_PER_SECOND, Double.NaN, "warm-up");

            double serviceSeconds = serviceMillis / 1e3;
            List<Phase> phases = new ArrayList<>();
            phases.add(connector(
                    spark,
                    limited,
                    pairs,
                    work.resolve("phase1"),
                    PER_SECOND,
                    Math.min(CONCURRENT / serviceSeconds, PER_SECOND),
                    "mast-spark, MAST's limits (10 at once, 5/s)"));
            phases.add(connector(
                    spark,
                    lifted,
                    pairs,
                    work.resolve("phase2"),
                    LIFTED_PER_SECOND,
                    Math.min(CONCURRENT / serviceSeconds, LIFTED_PER_SECOND),
                    "mast-spark, 10 at once, rate lifted"));
            spark.stop();
            Phase ceiling = plainClient(
                    lifted,
                    pairs,
                    work.resolve("plain"),
                    Math.min(CONCURRENT / serviceSeconds, LIFTED_PER_SECOND),
                    "plain Java client, 10 threads, rate lifted");
            phases.add(ceiling);

            Phase aq = null;
            if (astroquery) {
                List<Pair> aqSample = pairs.subList(0, Math.min(sample, pairs.size()));
                aq = astroquery(
                        limited,
                        aqSample,
                        work.resolve("astroquery"),
                        Math.min(CONCURRENT / serviceSeconds, PER_SECOND),
                        "astroquery 0.4.6 loop, MAST's limits (sample)");
                phases.add(aq);
            }

            System.out.printf(
                    Locale.ROOT,
                    "%-46s %8s %9s %10s %9s %9s %6s %10s %9s %8s %7s%n",
                    "phase",
                    "cutouts",
                    "wall s",
                    "cutouts/s",
                    "steady/s",
                    "answered",
                    "503s",
                    "in flight",
                    "max in 1s",
                    "bound/s",
                    "% bound");
            for (Phase p : phases) {
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %8d %9.1f %10.2f %9.2f %9d %6d %10d %9d %8.1f %6.0f%%%n",
                        p.name(),
                        p.cutouts(),
                        p.seconds(),
                        p.rate(),
                        p.steady(),
                        p.answered(),
                        p.refused(),
                        p.maxInFlight(),
                        p.maxPerSecond(),
                        p.bound(),
                        100 * p.rate() / p.bound());
            }
            if (answers != null) {
                System.out.println("kept answers after the phases: " + kept(answers)
                        + " (more files than before timing: requests cut live)");
            }
            System.out.printf(
                    Locale.ROOT,
                    "target: within 90%% of the bound of 10 in flight (%.1f/s), and at least 8x astroquery%n",
                    CONCURRENT / serviceSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "mast-spark with the rate lifted at %.0f%% of the plain client's rate (this machine's ceiling for"
                            + " 10 in flight: the emulator serves on the same cores)%n",
                    100 * phases.get(1).rate() / ceiling.rate());
            if (aq != null) {
                System.out.printf(
                        Locale.ROOT,
                        "astroquery, all %d requests at its sample's rate: ~%.0f s%n",
                        pairs.size(),
                        pairs.size() / aq.rate());
                System.out.printf(
                        Locale.ROOT,
                        "speedup over astroquery: %.1fx with MAST's limits (phase 1), %.1fx with 10 in flight and the"
                                + " rate lifted (phase 2)%n",
                        phases.get(0).rate() / aq.rate(),
                        phases.get(1).rate() / aq.rate());
            }
        } finally {
            deleteTree(work);
        }
    }

    private static int positive(String[] args, int i) {
        String option = args[i - 1];
        if (i >= args.length) {
            throw new IllegalArgumentException("Option '" + option + "' needs a value, e.g. " + option + " 10");
        }
        try {
            int v = Integer.parseInt(args[i]);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "Invalid value '" + args[i] + "' for option '" + option + "': expected a whole number above 0");
    }

    /** The first {@code sectors} sectors of {@code targets} deterministic positions in at least that many. */
    private static List<Pair> pick(MastEmulator finder, int targets, int sectors) throws Exception {
        return pick(finder, targets, sectors, new Random(SEED));
    }

    /**
     * Positions uniform on the sky from {@code random} (rounded to 1e-6 degrees, as a user's catalogue would give
     * them), kept when the emulator's sector endpoint puts them in at least {@code sectors} sectors on one CCD each
     * (so each (target, sector) request is one file); the first {@code sectors} of each, by sector number.
     */
    private static List<Pair> pick(MastEmulator finder, int targets, int sectors, Random random) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Pair> out = new ArrayList<>();
        int kept = 0;
        for (int tried = 0; kept < targets; tried++) {
            if (tried > 100 * targets + 1000) {
                throw new IllegalStateException("only " + kept + " of " + tried + " positions are in " + sectors
                        + " TESS sectors: ask for fewer --sectors");
            }
            double ra = Math.round(random.nextDouble() * 360e6) / 1e6;
            double dec = Math.round(Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)) * 1e6) / 1e6;
            if (ra >= 360) {
                continue;
            }
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(finder.baseUrl() + SECTOR + "?ra=" + ra + "&dec=" + dec))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(
                        "sector lookup of " + ra + ", " + dec + ": HTTP " + r.statusCode() + " " + r.body());
            }
            Map<Integer, Integer> ccds = new TreeMap<>();
            for (JsonNode s : JSON.readTree(r.body()).path("results")) {
                ccds.merge(Integer.parseInt(s.path("sector").asText()), 1, Integer::sum);
            }
            List<Integer> single = ccds.entrySet().stream()
                    .filter(e -> e.getValue() == 1)
                    .map(Map.Entry::getKey)
                    .toList();
            if (single.size() >= sectors) {
                for (int s : single.subList(0, sectors)) {
                    out.add(new Pair(ra, dec, s));
                }
                kept++;
            }
        }
        return out;
    }

    /**
     * Has the emulator cut and keep the answer of every pair (not measured): two threads of a plain client, the
     * bytes discarded.
     */
    private static void prime(MastEmulator finder, List<Pair> pairs, Path dir) throws Exception {
        plainClient(finder, pairs, dir, 2, Double.NaN, "prime");
    }

    /** The kept answers: how many files and megabytes. */
    private static String kept(Path answers) throws java.io.IOException {
        long n = 0;
        long bytes = 0;
        try (Stream<Path> s = Files.list(answers)) {
            for (Path f :
                    s.filter(f -> f.getFileName().toString().endsWith(".zip")).toList()) {
                n++;
                bytes += Files.size(f);
            }
        }
        return String.format(Locale.ROOT, "%d zips, %.0f MB", n, bytes / 1e6);
    }

    /**
     * {@code MastCutouts.download} of the pairs into an empty folder, checked complete (every manifest row COMPLETE,
     * one file per request), with the request log's figures of this run.
     */
    private static Phase connector(
            SparkSession spark,
            MastEmulator mast,
            List<Pair> pairs,
            Path dir,
            int requestsPerSecond,
            double bound,
            String name) {
        List<Row> rows = new ArrayList<>();
        for (Pair p : pairs) {
            rows.add(RowFactory.create(p.ra(), p.dec(), p.sector()));
        }
        Dataset<Row> requests = spark.createDataFrame(rows, REQUESTS);
        Map<String, String> options = new HashMap<>();
        options.put("baseUrl", mast.baseUrl());
        options.put("size", Integer.toString(SIZE));
        options.put("maxConcurrentRequests", Integer.toString(CONCURRENT));
        options.put("requestsPerSecond", Integer.toString(requestsPerSecond));
        options.put("progressIntervalSeconds", "0");
        if (taskConcurrency > 0) {
            options.put("concurrency", Integer.toString(taskConcurrency));
        }
        int from = mast.requestLog().entries().size();
        long t0 = System.nanoTime();
        List<Row> manifest =
                MastCutouts.download(requests, dir.toUri().toString(), options).collectAsList();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> bad = manifest.stream()
                .filter(r -> !"COMPLETE".equals(r.getAs("status"))
                        || !java.util.Objects.equals(r.getAs("sector"), r.getAs("request_sector")))
                .map(r -> r.getAs("request") + ": " + r.getAs("status") + " sector " + r.getAs("sector") + " "
                        + r.getAs("message"))
                .toList();
        long files = countFiles(dir.resolve("tesscut"));
        if (!bad.isEmpty() || manifest.size() != pairs.size() || files != pairs.size()) {
            throw new IllegalStateException(name + ": " + manifest.size() + " manifest rows and " + files
                    + " files for " + pairs.size() + " requests; not COMPLETE: "
                    + bad.subList(0, Math.min(10, bad.size())));
        }
        deleteTree(dir);
        return measured(name, pairs.size(), seconds, mast, from, bound);
    }

    /**
     * The machine's ceiling for 10 in flight: 10 threads of a minimal blocking client doing what a cutout file
     * needs and no more (GET, each zip member written to a local file with its SHA-256), on the same requests. The
     * emulator serves on the same cores as the client, so on a small machine this, not the service time, can be
     * what bounds the rate. A 503 (the emulator releasing a slot a moment after the client has
     * read the answer) is asked again at once.
     */
    private static Phase plainClient(MastEmulator mast, List<Pair> pairs, Path dir, double bound, String name)
            throws Exception {
        return plainClient(mast, pairs, dir, CONCURRENT, bound, name);
    }

    private static Phase plainClient(
            MastEmulator mast, List<Pair> pairs, Path dir, int threads, double bound, String name) throws Exception {
        Files.createDirectories(dir);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        int from = mast.requestLog().entries().size();
        long t0 = System.nanoTime();
        List<Future<Integer>> futures = new ArrayList<>();
        for (int c = 0; c < threads; c++) {
            futures.add(pool.submit(() -> {
                int files = 0;
                byte[] buf = new byte[64 * 1024];
                for (int i; (i = next.getAndIncrement()) < pairs.size(); ) {
                    Pair p = pairs.get(i);
                    HttpRequest get = HttpRequest.newBuilder(URI.create(String.format(
                                    Locale.ROOT,
                                    "%s/tesscut/api/v0.1/astrocut?ra=%s&dec=%s&y=%d&x=%d&units=px&sector=%d",
                                    mast.baseUrl(),
                                    p.ra(),
                                    p.dec(),
                                    SIZE,
                                    SIZE,
                                    p.sector())))
                            .build();
                    HttpResponse<InputStream> r;
                    while ((r = http.send(get, HttpResponse.BodyHandlers.ofInputStream())).statusCode() == 503) {
                        r.body().close();
                        Thread.sleep(5);
                    }
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode() + " for " + get.uri());
                    }
                    try (ZipInputStream zip = new ZipInputStream(r.body())) {
                        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                            MessageDigest sha = MessageDigest.getInstance("SHA-256");
                            try (OutputStream out = Files.newOutputStream(dir.resolve(i + "-" + files + ".fits"))) {
                                for (int n; (n = zip.read(buf)) >= 0; ) {
                                    out.write(buf, 0, n);
                                    sha.update(buf, 0, n);
                                }
                            }
                            HexFormat.of().formatHex(sha.digest());
                            files++;
                        }
                    }
                }
                return files;
            }));
        }
        int files = 0;
        for (Future<Integer> f : futures) {
            files += f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        if (files != pairs.size()) {
            throw new IllegalStateException(name + ": " + files + " files for " + pairs.size() + " requests");
        }
        deleteTree(dir);
        return measured(name, pairs.size(), seconds, mast, from, bound);
    }

    /** astroquery 0.4.6 {@code Tesscut.download_cutouts} in a loop over the pairs, checked complete. */
    private static Phase astroquery(MastEmulator mast, List<Pair> pairs, Path dir, double bound, String name)
            throws Exception {
        Path home = Files.createDirectories(dir);
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
        StringBuilder csv = new StringBuilder();
        for (Pair p : pairs) {
            csv.append(p.ra())
                    .append(',')
                    .append(p.dec())
                    .append(',')
                    .append(p.sector())
                    .append('\n');
        }
        Path list = home.resolve("requests.csv");
        Files.writeString(list, csv);
        ProcessBuilder pb = new ProcessBuilder(
                        "/usr/bin/python3",
                        script().toString(),
                        list.toString(),
                        Integer.toString(SIZE),
                        home.resolve("out").toString())
                .redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        pb.environment().put("HOME", home.toString());
        int from = mast.requestLog().entries().size();
        Process p = pb.start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buf);
        String out = buf.toString(StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("astroquery baseline failed:\n" + out);
        }
        String[] lines = out.trim().split("\n");
        JsonNode r = JSON.readTree(lines[lines.length - 1]);
        if (r.path("files").asInt() != pairs.size() || r.path("on_disk").asInt() != pairs.size()) {
            throw new IllegalStateException(
                    "astroquery: " + r + " for " + pairs.size() + " requests; its output:\n" + out);
        }
        return measured(name, pairs.size(), r.path("seconds").asDouble(), mast, from, bound);
    }

    /** The request log's figures of the TESScut cutout requests from entry {@code from} on. */
    private static Phase measured(String name, int cutouts, double seconds, MastEmulator mast, int from, double bound) {
        List<RequestLog.Entry> all = mast.requestLog().entries();
        List<RequestLog.Entry> cuts = all.subList(from, all.size()).stream()
                .filter(e -> "tesscut".equals(e.cutoutService()) && e.path().endsWith("/astrocut"))
                .toList();
        long answered = cuts.stream().filter(e -> e.status() == 200).count();
        long refused = cuts.stream().filter(e -> e.status() == 503).count();
        List<RequestLog.Entry> admitted =
                cuts.stream().filter(RequestLog.Entry::admitted).toList();
        // In flight: +1 at admission, -1 at the end; at equal times the end first (a slot freed, then taken).
        long[][] events = new long[2 * admitted.size()][];
        int k = 0;
        for (RequestLog.Entry e : admitted) {
            events[k++] = new long[] {e.admittedNanos(), 1};
            events[k++] = new long[] {e.endNanos(), -1};
        }
        Arrays.sort(events, Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int inFlight = 0;
        int maxInFlight = 0;
        for (long[] e : events) {
            inFlight += (int) e[1];
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
        long[] starts = admitted.stream()
                .mapToLong(RequestLog.Entry::admittedNanos)
                .sorted()
                .toArray();
        int maxPerSecond = 0;
        for (int i = 0, j = 0; i < starts.length; i++) {
            while (starts[i] - starts[j] >= 1_000_000_000L) {
                j++;
            }
            maxPerSecond = Math.max(maxPerSecond, i - j + 1);
        }
        // The admission rate from the first admission to the last: the rate without the job's start and end.
        double steady =
                starts.length < 2 ? Double.NaN : (starts.length - 1) / ((starts[starts.length - 1] - starts[0]) / 1e9);
        return new Phase(name, cutouts, seconds, answered, refused, maxInFlight, maxPerSecond, steady, bound);
    }

    private static Path script() {
        Path p = Path.of("src/main/python/astroquery_tesscut.py");
        return Files.exists(p)
                ? p.toAbsolutePath()
                : Path.of("benchmarks/src/main/python/astroquery_tesscut.py").toAbsolutePath();
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".fits"))
                    .count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e, e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot delete " + root + ": " + e, e);
        }
    }
}
