package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mastspark.connector.MastCutouts;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.HadoopSettings;
import org.mastspark.connector.testing.MiniHdfs;
import org.mastspark.connector.testing.MiniS3;
import org.mastspark.connector.testing.StorageExtension;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * A bulk TESScut run into a real HDFS ({@link MiniHdfs}) and a real S3 ({@link MiniS3} through S3A), with the
 * emulator enforcing MAST's limits (10 at once, 5 per second, 503 beyond) and 300 ms per cutout: the job is
 * killed partway, and a rerun asks MAST for exactly the requests the killed job had not finished, then every
 * cutout is COMPLETE or SKIPPED, whole, and nothing else is left in the destination.
 *
 * <p>Targets: {@code -Dmast.cutouts.bulkTargets} (default 25) positions with at least two sectors, two sectors each;
 * cutouts of {@code -Dmast.cutouts.bulkSize} (default 20) pixels square.
 */
@ExtendWith(StorageExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CutoutsHdfsS3Test {
    private static final String ROOT = "CutoutsHdfsS3Test";
    private static final int TARGETS = Integer.getInteger("mast.cutouts.bulkTargets", 25);
    /** Cutout side in pixels: a 20x20 TESScut file is about 10 MB, which the in-memory S3 holds only so many of. */
    private static final String SIZE = System.getProperty("mast.cutouts.bulkSize", "20");

    private SparkSession spark;
    private MastEmulator mast;
    private MiniHdfs hdfs;
    private MiniS3 s3;
    private Dataset<Row> requests;
    private int pairs;

    @BeforeAll
    void start(MiniHdfs hdfs, MiniS3 s3) {
        this.hdfs = hdfs;
        this.s3 = s3;
        spark = SparkTestSession.get();
        HadoopSettings.apply(spark, s3.hadoopSettings());
        mast = MastEmulator.builder()
                .seed(31)
                .scale(0.02)
                .cutoutLimits(10, 5)
                .cutoutServiceTime(Duration.ofMillis(300))
                .build();
        // Candidate positions over the southern sky, their sectors asked once (within the limits).
        List<Row> candidates = new ArrayList<>();
        for (int i = 0; i < TARGETS * 2; i++) {
            candidates.add(RowFactory.create("c" + i, (i * 137.508) % 360.0, -85.0 + (i * 7.3) % 80.0));
        }
        StructType schema = new StructType()
                .add("name", DataTypes.StringType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType);
        List<Row> sectors = MastCutouts.tessSectors(
                        spark.createDataFrame(candidates, schema), Map.of("baseUrl", mast.baseUrl()))
                .where("sector IS NOT NULL")
                .select("name", "ra", "dec", "sector")
                .collectAsList();
        Map<String, List<Row>> byTarget = new LinkedHashMap<>();
        for (Row r : sectors) {
            byTarget.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        List<Row> chosen = new ArrayList<>();
        int targets = 0;
        for (List<Row> rows : byTarget.values()) {
            List<Integer> distinct =
                    rows.stream().map(r -> r.getInt(3)).distinct().toList();
            if (distinct.size() >= 2 && targets < TARGETS) {
                targets++;
                Row first = rows.get(0);
                for (int s : distinct.subList(0, 2)) {
                    chosen.add(RowFactory.create(first.get(0), first.get(1), first.get(2), s));
                }
            }
        }
        assertThat(targets).as("targets with two sectors among the candidates").isEqualTo(TARGETS);
        pairs = chosen.size();
        requests = spark.createDataFrame(chosen, schema.add("sector", DataTypes.IntegerType));
    }

    /**
     * What the emulator saw when it refused each 503 of {@code asked}: requests in flight (admitted, not ended) and
     * admitted in the second before, which tells a concurrency refusal (10 in flight) from a rate one (5 in the
     * second).
     */
    private static String refusals(List<RequestLog.Entry> asked) {
        StringBuilder out = new StringBuilder();
        for (RequestLog.Entry r : asked) {
            if (r.status() != 503) {
                continue;
            }
            long t = r.startNanos();
            long inFlight = asked.stream()
                    .filter(e -> e.admitted() && e.admittedNanos() <= t && e.endNanos() > t)
                    .count();
            long lastSecond = asked.stream()
                    .filter(e -> e.admitted() && e.admittedNanos() <= t && t - e.admittedNanos() < 1_000_000_000L)
                    .count();
            out.append(out.length() == 0 ? ": " : "; ")
                    .append(inFlight)
                    .append(" in flight, ")
                    .append(lastSecond)
                    .append(" admitted in the second before");
        }
        return out.toString();
    }

    @AfterAll
    void stop() {
        mast.close();
    }

    private interface Destination {
        String uri();

        /** Every file or object under it, relative, sorted. */
        List<String> files();

        byte[] read(String relative);
    }

    private Destination destination(String kind, String name) {
        if (kind.equals("hdfs")) {
            String abs = "/" + ROOT + "/" + name;
            return new Destination() {
                public String uri() {
                    return hdfs.path(abs);
                }

                public List<String> files() {
                    return hdfs.files(abs);
                }

                public byte[] read(String relative) {
                    return hdfs.read(abs + "/" + relative);
                }
            };
        }
        String prefix = ROOT + "/" + name + "/";
        return new Destination() {
            public String uri() {
                return s3.path(ROOT + "/" + name);
            }

            public List<String> files() {
                return s3.keys(prefix).stream()
                        .map(k -> k.substring(prefix.length()))
                        .toList();
            }

            public byte[] read(String relative) {
                return s3.object(prefix + relative);
            }
        };
    }

    private Map<String, String> options() {
        Map<String, String> m = new HashMap<>();
        m.put("baseUrl", mast.baseUrl());
        m.put("size", SIZE);
        m.put("progressIntervalSeconds", "0");
        return m;
    }

    private static Set<String> cutoutThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("mast-cutout-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Waits until the emulator has logged every request (it logs just after the response went out). */
    private void settle() throws InterruptedException {
        int size = -1;
        while (size != mast.requestLog().entries().size()) {
            size = mast.requestLog().entries().size();
            Thread.sleep(300);
        }
    }

    private List<RequestLog.Entry> astrocuts(int from) {
        List<RequestLog.Entry> all = mast.requestLog().entries();
        return all.subList(from, all.size()).stream()
                .filter(e -> e.path().endsWith("/astrocut"))
                .toList();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void aKilledBulkRunIsCompletedByARerunThatAsksOnlyForWhatWasMissing(String kind) throws Exception {
        Destination d = destination(kind, "bulk");
        SparkContext sc = spark.sparkContext();
        String group = "cutouts-killed-" + kind;
        int before = mast.requestLog().entries().size();
        CompletableFuture<List<Row>> run = CompletableFuture.supplyAsync(() -> {
            sc.setJobGroup(group, "cutouts to be killed", true);
            try {
                return MastCutouts.download(requests, d.uri(), options()).collectAsList();
            } finally {
                sc.clearJobGroup();
            }
        });
        // Killed once a quarter of the requests are finished (their markers written).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (d.files().stream()
                                .filter(f -> f.startsWith(CutoutManifest.MARKERS + "/"))
                                .count()
                        < pairs / 4
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        sc.cancelJobGroup(group);
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancel");
        long threadsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int quiet = 0;
        while (quiet < 10 && System.nanoTime() < threadsDeadline) {
            quiet = cutoutThreads().isEmpty() ? quiet + 1 : 0;
            Thread.sleep(50);
        }
        assertThat(cutoutThreads()).isEmpty();
        settle();

        // What the killed job left: no manifest; markers of finished requests; whole FITS files at final paths.
        List<String> left = d.files();
        assertThat(left).doesNotContain(CutoutManifest.FILE_NAME);
        Set<String> markers = new HashSet<>();
        for (String f : left) {
            if (f.startsWith(CutoutManifest.MARKERS + "/")) {
                markers.add(f.substring(CutoutManifest.MARKERS.length() + 1));
            } else if (f.startsWith("tesscut/tess-")) {
                try (Fits fits = new Fits(new ByteArrayInputStream(d.read(f)))) {
                    BasicHDU<?>[] hdus = fits.read();
                    assertThat(hdus).as(f).hasSize(3);
                    assertThat(hdus[1].getHeader().getStringValue("EXTNAME")).isEqualTo("PIXELS");
                }
            }
        }
        int killedAsked = astrocuts(before).size();
        System.out.printf(
                "CutoutsHdfsS3Test[%s]: %d requests, the killed job asked %d and finished %d (%d entries left)%n",
                kind, pairs, killedAsked, markers.size(), left.size());
        assertThat(markers).isNotEmpty().hasSizeLessThan(pairs);

        // The rerun asks exactly for the requests without a marker, each answered once.
        before = mast.requestLog().entries().size();
        List<Row> manifest = MastCutouts.download(requests, d.uri(), options()).collectAsList();
        settle();
        List<RequestLog.Entry> asked = astrocuts(before);
        assertThat(asked)
                .extracting(RequestLog.Entry::status)
                .allSatisfy(s -> assertThat(s).isIn(200, 503));
        List<String> answered = asked.stream()
                .filter(e -> e.status() == 200)
                .map(RequestLog.Entry::query)
                .toList();
        assertThat(manifest).hasSize(pairs);
        List<String> expectedAsked = new ArrayList<>();
        for (Row r : manifest) {
            String key = r.getAs("request");
            boolean finished =
                    markers.contains(CutoutPartition.marker(new Path("/"), key).getName());
            assertThat(r.<String>getAs("status"))
                    .as(key + ": " + r.getAs("message"))
                    .isEqualTo(finished ? "SKIPPED" : "COMPLETE");
            // attempts: 0 when skipped, else 1 plus any request MAST refused with 503
            if (finished) {
                assertThat(r.<Integer>getAs("attempts")).as(key).isZero();
            } else {
                assertThat(r.<Integer>getAs("attempts")).as(key).isPositive();
            }
            if (!finished) {
                expectedAsked.add("ra=" + r.get(2) + "&dec=" + r.get(3) + "&y=" + SIZE + "&x=" + SIZE
                        + "&units=px&sector=" + r.get(5));
            }
            // the file at its path is the one the manifest describes, with the sector asked
            String rel = r.<String>getAs("path").substring(d.uri().length() + 1);
            byte[] b = d.read(rel);
            assertThat(sha256(b)).as(rel).isEqualTo(r.getAs("sha256"));
            assertThat((long) b.length).isEqualTo(r.<Long>getAs("bytes"));
            assertThat(r.<Integer>getAs("sector")).isEqualTo(r.<Integer>getAs("request_sector"));
            assertThat(r.<Integer>getAs("ny")).isEqualTo(Integer.parseInt(SIZE));
        }
        assertThat(answered).containsExactlyInAnyOrderElementsOf(expectedAsked);
        assertThat(manifest.stream().mapToInt(r -> r.<Integer>getAs("attempts")).sum())
                .isEqualTo(asked.size());
        System.out.printf(
                "CutoutsHdfsS3Test[%s]: the rerun asked %d (%d refused with 503 and asked again%s), skipped %d%n",
                kind, answered.size(), asked.size() - answered.size(), refusals(asked), pairs - answered.size());

        // Nothing else in the destination: the files, the manifest; no marker, no temporary file.
        List<String> want = new ArrayList<>();
        for (Row r : manifest) {
            want.add(r.<String>getAs("path").substring(d.uri().length() + 1));
        }
        want.add(CutoutManifest.FILE_NAME);
        assertThat(d.files()).containsExactlyInAnyOrderElementsOf(want);
        assertThat(MastCutouts.readManifest(spark, d.uri()).collectAsList())
                .containsExactlyInAnyOrderElementsOf(manifest);
    }
}
