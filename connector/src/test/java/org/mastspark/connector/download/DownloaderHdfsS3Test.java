package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.HadoopSettings;
import org.mastspark.connector.testing.MiniHdfs;
import org.mastspark.connector.testing.MiniS3;
import org.mastspark.connector.testing.StorageExtension;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * The downloader into a real HDFS ({@link MiniHdfs}: temporary file + rename) and a real S3 ({@link MiniS3}
 * through S3A with keys: direct writes, aborted on failure), from the emulator's {@code Download/file} and
 * from its cloud bucket {@code s3://stpubdata} read anonymously. Expected bytes are what the emulator serves
 * to a plain HTTP GET with no faults, fetched here independently of the connector.
 */
@ExtendWith(StorageExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DownloaderHdfsS3Test {
    private static final String FILE = "/api/v0.1/Download/file";
    private static final String ROOT = "DownloaderHdfsS3Test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SparkSession spark;
    private MastEmulator mast;
    private MiniHdfs hdfs;
    private MiniS3 s3;
    /** Bytes served by a plain GET without faults, per URI (fetched once). */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeAll
    void start(MiniHdfs hdfs, MiniS3 s3) {
        this.hdfs = hdfs;
        this.s3 = s3;
        spark = SparkTestSession.get();
        mast = MastEmulator.builder().seed(23).scale(0.01).cloud(true).build();
        HadoopSettings.apply(spark, s3.hadoopSettings());
    }

    @AfterAll
    void stop() {
        mast.close();
    }

    @BeforeEach
    void clean() {
        mast.faults().reset();
        mast.requestLog().clear();
    }

    /** A destination folder on HDFS or S3 and what the storage really holds under it. */
    private interface Destination {
        /** The URI given to the downloader. */
        String uri();

        /** Every file or object under it, relative, sorted. */
        List<String> files();

        /** The bytes at a relative path. */
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

    private MastDownloader.Builder downloader() {
        return MastDownloader.builder()
                .option("baseUrl", mast.baseUrl())
                .option("retryBackoffMillis", "5")
                .option("progressIntervalSeconds", "0");
    }

    /** What the emulator serves for a URI to a plain GET (asked with no faults set). */
    private byte[] served(String uri) {
        return served.computeIfAbsent(uri, u -> {
            try {
                HttpResponse<byte[]> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(
                                        mast.baseUrl() + FILE + "?uri=" + URLEncoder.encode(u, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(u).isEqualTo(200);
                return r.body();
            } catch (Exception e) {
                throw new AssertionError("GET " + u, e);
            }
        });
    }

    /** Fetches the expected bytes before faults are set (and before the request log is looked at). */
    private void fetchExpected(List<Map<String, Object>> products) {
        products.forEach(p -> served((String) p.get("dataURI")));
        mast.requestLog().clear();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String relative(Map<String, Object> p) {
        return "mastDownload/" + p.get("obs_collection") + "/" + p.get("obs_id") + "/" + p.get("productFilename");
    }

    private static Map<String, Row> byUri(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        rows.forEach(r -> m.put(r.getAs("dataURI"), r));
        return m;
    }

    /** Waits until the emulator has logged every request (it logs just after the response went out). */
    private void settle() throws InterruptedException {
        int size = -1;
        while (size != mast.requestLog().entries().size()) {
            size = mast.requestLog().entries().size();
            Thread.sleep(150);
        }
    }

    private List<String> gets() {
        return mast.requestLog().entries().stream()
                .filter(e -> e.method().equals("GET") && e.path().equals(FILE))
                .map(RequestLog.Entry::request)
                .toList();
    }

    /**
     * The destination holds exactly these products' files, each byte-identical to what the emulator serves,
     * and the manifest: no temporary file, no partial object, nothing else.
     */
    private void assertExactlyTheseFiles(Destination d, List<Map<String, Object>> products) {
        List<String> expected = new ArrayList<>();
        products.forEach(p -> expected.add(relative(p)));
        expected.add(Manifest.FILE_NAME);
        assertThat(d.files()).containsExactlyInAnyOrderElementsOf(expected);
        for (Map<String, Object> p : products) {
            assertThat(d.read(relative(p))).as("bytes of %s", p.get("dataURI")).isEqualTo(served((String)
                    p.get("dataURI")));
        }
    }

    private void assertManifestIsCompleteAndCorrect(
            Destination d, List<Row> manifest, List<Map<String, Object>> products) throws Exception {
        assertThat(manifest).hasSize(products.size());
        Map<String, Row> rows = byUri(manifest);
        for (Map<String, Object> p : products) {
            String uri = (String) p.get("dataURI");
            Row r = rows.get(uri);
            assertThat(r).as(uri).isNotNull();
            assertThat(r.<String>getAs("status")).as(uri).isIn("COMPLETE", "SKIPPED");
            assertThat(r.<String>getAs("path")).isEqualTo(d.uri() + "/" + relative(p));
            assertThat(r.<Long>getAs("bytes")).isEqualTo(served(uri).length);
            assertThat(r.<Long>getAs("expected_size")).isEqualTo(((Number) p.get("size")).longValue());
        }
        assertThat(MastDownloader.readManifest(spark, d.uri()).collectAsList()).containsExactlyElementsOf(manifest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void byteIdenticalUnderInjected503sAndMidBodyResets(String kind) throws Exception {
        Destination d = destination(kind, "faults");
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 24, 150_000);
        fetchExpected(products);
        mast.faults()
                .pathPrefix(FILE)
                .serviceUnavailableRate(0.2)
                .retryAfterSeconds(0)
                .resetMidBodyRate(0.3);

        List<Row> manifest = downloader()
                .option("maxAttempts", "25")
                .option("concurrency", "3")
                .build()
                .download(TestProducts.frame(spark, products), d.uri())
                .collectAsList();

        assertThat(manifest).allMatch(r -> r.getAs("status").equals("COMPLETE"), "all COMPLETE");
        assertManifestIsCompleteAndCorrect(d, manifest, products);
        for (Row r : manifest) {
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(served(r.getAs("dataURI"))));
            assertThat(r.<String>getAs("source")).isEqualTo("mast");
        }
        assertExactlyTheseFiles(d, products);
        settle();
        List<RequestLog.Entry> log = mast.requestLog().entries().stream()
                .filter(e -> e.path().equals(FILE))
                .toList();
        // The faults happened: refusals, and broken bodies continued with Range (206).
        assertThat(log.stream().filter(e -> e.status() == 503).count()).isPositive();
        assertThat(log.stream().filter(e -> e.status() == 206).count()).isPositive();
        assertThat(manifest.stream()
                        .mapToLong(r -> r.<Integer>getAs("attempts"))
                        .sum())
                .isEqualTo(log.size());
        System.out.printf(
                "DownloaderHdfsS3Test[%s]: 24 files through %d requests (%d x 503, %d x 206)%n",
                kind,
                log.size(),
                log.stream().filter(e -> e.status() == 503).count(),
                log.stream().filter(e -> e.status() == 206).count());
    }

    private static Set<String> downloadThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("mast-download-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void aJobKilledHalfwayIsCompletedByARerunThatFetchesOnlyWhatWasMissing(String kind) throws Exception {
        Destination d = destination(kind, "killed");
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 16, 100_000);
        fetchExpected(products);
        // Slow answers, so the job is still running when it is cancelled.
        mast.faults().pathPrefix(FILE).latencyMillis(400);
        SparkContext sc = spark.sparkContext();
        String group = "killed-" + kind;
        CompletableFuture<List<Row>> run = CompletableFuture.supplyAsync(() -> {
            // Cancelling this group interrupts the task threads, as killing the job in the UI does.
            sc.setJobGroup(group, "download to be killed", true);
            try {
                return downloader()
                        .option("partitions", "8")
                        .option("concurrency", "2")
                        .build()
                        .download(TestProducts.frame(spark, products), d.uri())
                        .collectAsList();
            } finally {
                sc.clearJobGroup();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Killed once three files are at their final paths (the others queued or in flight).
        while (d.files().stream()
                                .filter(f -> f.startsWith("mastDownload/") && !f.contains("/."))
                                .count()
                        < 3
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        sc.cancelJobGroup(group);
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancel");
        // Wait for the killed tasks' download threads to end (a transfer in a socket read finishes or fails), and
        // stay ended for half a second: Spark cancels tasks asynchronously, so a task that was just starting can
        // still open its pool after the first empty check.
        long threadsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int quiet = 0;
        while (quiet < 10 && System.nanoTime() < threadsDeadline) {
            quiet = downloadThreads().isEmpty() ? quiet + 1 : 0;
            Thread.sleep(50);
        }
        assertThat(downloadThreads()).isEmpty();
        settle();

        // What the killed job left: complete files only (a file at a final path is never partial), no manifest.
        List<String> left = d.files();
        assertThat(left).doesNotContain(Manifest.FILE_NAME);
        List<Map<String, Object>> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> p : products) {
            if (left.contains(relative(p))) {
                present.add(p);
                assertThat(d.read(relative(p))).as("left by the killed job").isEqualTo(served((String)
                        p.get("dataURI")));
            } else {
                missing.add((String) p.get("dataURI"));
            }
        }
        System.out.printf(
                "DownloaderHdfsS3Test[%s]: the killed job left %d of 16 files (%d stray entries: %s)%n",
                kind, present.size(), left.size() - present.size(), left);
        assertThat(present).isNotEmpty();
        assertThat(missing).isNotEmpty();

        // The rerun fetches exactly the missing files, once each, and skips the rest without asking MAST.
        mast.faults().reset();
        mast.requestLog().clear();
        List<Row> manifest = downloader()
                .build()
                .download(TestProducts.frame(spark, products), d.uri())
                .collectAsList();
        settle();
        assertThat(gets()).containsExactlyInAnyOrderElementsOf(missing);
        assertThat(mast.requestLog().count(e -> e.method().equals("HEAD"))).isZero();
        Map<String, Row> rows = byUri(manifest);
        for (Map<String, Object> p : products) {
            String uri = (String) p.get("dataURI");
            Row r = rows.get(uri);
            if (missing.contains(uri)) {
                assertThat(r.<String>getAs("status")).isEqualTo("COMPLETE");
                assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(served(uri)));
                assertThat(r.<Integer>getAs("attempts")).isEqualTo(1);
            } else {
                assertThat(r.<String>getAs("status")).isEqualTo("SKIPPED");
                assertThat(r.<String>getAs("message")).isEqualTo("already complete (size matches)");
                assertThat(r.<Integer>getAs("attempts")).isZero();
            }
        }
        assertManifestIsCompleteAndCorrect(d, manifest, products);
        assertExactlyTheseFiles(d, products);

        // A third run: nothing fetched; files fetched by the rerun are verified against its manifest's SHA-256,
        // those the killed job wrote (skipped by size, no checksum recorded) by size again.
        mast.requestLog().clear();
        List<Row> third = downloader()
                .build()
                .download(TestProducts.frame(spark, products), d.uri())
                .collectAsList();
        for (Row r : third) {
            assertThat(r.<String>getAs("status")).isEqualTo("SKIPPED");
            assertThat(r.<String>getAs("message"))
                    .isEqualTo(
                            missing.contains(r.<String>getAs("dataURI"))
                                    ? "already complete (size and SHA-256 match the previous manifest)"
                                    : "already complete (size matches)");
        }
        settle();
        assertThat(gets()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void hostileNamesAreRefusedAndNothingIsWrittenOutsideTheDestination(String kind) throws Exception {
        Destination d = destination(kind, "hostile/dest");
        Map<String, Object> good = TestProducts.pickPublic(mast, 1, 30_000).get(0);
        String uri = (String) good.get("dataURI");
        List<Row> rows = List.of(
                TestProducts.row(good),
                RowFactory.create(uri + "?a", "../../escape1.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?b", "/" + ROOT + "/escape2.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?c", "a\\escape3.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?d", "escape4\u0007.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?e", "escape5.fits", "..", "X1", 10L),
                RowFactory.create(uri + "?f", "escape6.fits", "HST", "../..", 10L),
                RowFactory.create(uri + "?g", "hdfs:escape7.fits", "HST", "X1", 10L),
                RowFactory.create("mast:HST/product/../../escape8.fits", null, null, null, 10L));
        List<Row> manifest = downloader()
                .build()
                .download(TestProducts.frameOfRows(spark, rows), d.uri())
                .collectAsList();
        Map<String, Row> m = byUri(manifest);
        assertThat(m.get(uri).<String>getAs("status")).isEqualTo("COMPLETE");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(uri + "?a", "productFilename '../../escape1.fits' is not a plain file name (it contains '/')");
        refused.put(
                uri + "?b",
                "productFilename '/" + ROOT + "/escape2.fits' is not a plain file name (it is an" + " absolute path)");
        refused.put(uri + "?c", "productFilename 'a\\escape3.fits' is not a plain file name (it contains a backslash)");
        refused.put(
                uri + "?d",
                "productFilename 'escape4\\u0007.fits' is not a plain file name (it contains a control"
                        + " character)");
        refused.put(uri + "?e", "obs_collection '..' is not a plain file name (it is '..')");
        refused.put(uri + "?f", "obs_id '../..' is not a plain file name (it contains '/')");
        refused.put(uri + "?g", "productFilename 'hdfs:escape7.fits' is not a plain file name (it contains ':')");
        refused.put(
                "mast:HST/product/../../escape8.fits",
                "dataURI 'mast:HST/product/../../escape8.fits' contains a" + " '..' segment");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            Row r = m.get(e.getKey());
            assertThat(r.<String>getAs("status")).isEqualTo("ERROR");
            assertThat(r.<String>getAs("message")).startsWith(e.getValue());
            assertThat(r.<String>getAs("message")).contains("nothing is written outside the destination");
            assertThat(r.<Long>getAs("bytes")).isZero();
        }
        settle();
        // Only the good file was asked for; the storage holds it and the manifest, and no "escape" anywhere.
        assertThat(gets()).containsExactly(uri);
        assertThat(d.files()).containsExactlyInAnyOrder(relative(good), Manifest.FILE_NAME);
        Predicate<String> escaped = f -> f.contains("escape");
        if (kind.equals("hdfs")) {
            assertThat(hdfs.files("/")).noneMatch(escaped);
        } else {
            assertThat(s3.keys("")).noneMatch(escaped);
        }
    }

    private static final List<String> CLOUD_MISSIONS = List.of("HST", "TESS", "GALEX", "KEPLER", "K2", "PS1", "JWST");

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void cloudCopiesAreReadAnonymouslyThroughS3aAndOthersFallBackToMast(String kind) throws Exception {
        Destination d = destination(kind, "cloud");
        // Distinct products per destination (a deleted object stays deleted).
        int skip = kind.equals("hdfs") ? 0 : 8;
        List<Map<String, Object>> cloudable = TestProducts.pick(
                        mast,
                        skip + 8,
                        100_000,
                        p -> "PUBLIC".equals(p.get("dataRights")) && CLOUD_MISSIONS.contains(p.get("obs_collection")))
                .subList(skip, skip + 8);
        Map<String, Object> otherMission = TestProducts.pick(
                        mast,
                        skip / 8 + 1,
                        100_000,
                        p -> "PUBLIC".equals(p.get("dataRights")) && !CLOUD_MISSIONS.contains(p.get("obs_collection")))
                .get(skip / 8);
        // Five published, one published then deleted (a stale path), two of cloud missions never published.
        List<String> published = new ArrayList<>();
        cloudable.subList(0, 6).forEach(p -> published.add((String) p.get("dataURI")));
        Map<String, String> s3Uris = mast.publishToCloud(published);
        String stale = published.get(5);
        mast.cloud().deleteObject(stale);
        List<Map<String, Object>> products = new ArrayList<>(cloudable);
        products.add(otherMission);
        fetchExpected(products);
        long readsBefore = mast.cloud().objectReads();
        mast.cloud().resetMidBodyRate(0.25);

        List<Row> manifest;
        try {
            manifest = downloader()
                    .option("cloud", "true")
                    .option("cloudEndpoint", mast.cloud().endpoint())
                    .build()
                    .download(TestProducts.frame(spark, products), d.uri())
                    .collectAsList();
        } finally {
            mast.cloud().resetMidBodyRate(0);
        }

        assertManifestIsCompleteAndCorrect(d, manifest, products);
        assertExactlyTheseFiles(d, products);
        Map<String, Row> rows = byUri(manifest);
        List<String> fromMast = new ArrayList<>();
        for (Map<String, Object> p : products) {
            String uri = (String) p.get("dataURI");
            Row r = rows.get(uri);
            assertThat(r.<String>getAs("status")).as(uri).isEqualTo("COMPLETE");
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(served(uri)));
            if (published.contains(uri) && !uri.equals(stale)) {
                assertThat(r.<String>getAs("source")).as(uri).isEqualTo("cloud");
                assertThat(r.<String>getAs("message")).as(uri).isNull();
            } else {
                fromMast.add(uri);
                assertThat(r.<String>getAs("source")).as(uri).isEqualTo("mast");
                assertThat(r.<String>getAs("message"))
                        .as(uri)
                        .isEqualTo(
                                uri.equals(stale)
                                        ? "cloud copy s3a" + s3Uris.get(stale).substring(2)
                                                + " unavailable (not found); fetched from MAST"
                                        : null);
            }
        }
        assertThat(fromMast).hasSize(4);
        // The manifest written beside the files says where each came from.
        assertThat(MastDownloader.readManifest(spark, d.uri())
                        .where("source = 'cloud'")
                        .count())
                .isEqualTo(5);
        settle();
        // One path_lookup for the nine; MAST served only the stale, unpublished and other-mission files.
        assertThat(mast.requestLog().count(e -> e.path().startsWith("/api/v0.1/path_lookup")))
                .isEqualTo(1);
        assertThat(gets()).containsExactlyInAnyOrderElementsOf(fromMast);
        long reads = mast.cloud().objectReads() - readsBefore;
        assertThat(reads).isGreaterThanOrEqualTo(5);
        System.out.printf(
                "DownloaderHdfsS3Test[%s]: 5 files from the cloud bucket in %d object reads, 4 from MAST%n",
                kind, reads);
    }

    /** What retrieve_product serves to a plain GET (asked with no faults set). */
    private byte[] retrieved(String mission, String uri) {
        return served.computeIfAbsent(mission + ":" + uri, u -> {
            try {
                HttpResponse<byte[]> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/search/" + mission
                                        + "/api/v0.1/retrieve_product?product_name="
                                        + URLEncoder.encode(uri, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(uri).isEqualTo(200);
                return r.body();
            } catch (Exception e) {
                throw new AssertionError("retrieve_product " + uri, e);
            }
        });
    }

    /** Mission Search products ({@code post_list_products} rows) of the first datasets of a mission. */
    private List<Map<String, Object>> missionProducts(String mission, String datasetColumn, int datasets) {
        List<String> ids = new ArrayList<>();
        for (long i = 0; ids.size() < datasets && i < mast.sky().observationCount(); i++) {
            mast.sky()
                    .missionRow(mission, i)
                    .ifPresent(r -> ids.add(r.get(datasetColumn).toString()));
        }
        return mast.sky().missionProducts(mission, ids);
    }

    private static final StructType MISSION_PRODUCTS = new StructType()
            .add("uri", "string")
            .add("filename", "string")
            .add("dataset", "string")
            .add("size", "long")
            .add("access", "string");

    @Test
    void missionProductsAreDownloadedWithRetrieveProduct() throws Exception {
        Destination d = destination("hdfs", "missions");
        List<Map<String, Object>> hst = new ArrayList<>(missionProducts("hst", "sci_data_set_name", 12));
        // The recorded product (mission_products.json's first) as well.
        hst.add(
                0,
                Map.of(
                        "uri", "Z14Z0104T/z14z0104t_shf.fits",
                        "filename", "z14z0104t_shf.fits",
                        "dataset", "Z14Z0104T",
                        "size", 31680L,
                        "access", "PUBLIC"));
        List<Map<String, Object>> pub = hst.stream()
                .filter(p -> p.get("access").equals("PUBLIC") && ((Number) p.get("size")).longValue() <= 300_000)
                .limit(12)
                .toList();
        Map<String, Object> proprietary = missionProducts("hst", "sci_data_set_name", 400).stream()
                .filter(p -> p.get("access").equals("PROPRIETARY"))
                .findFirst()
                .orElseThrow();
        assertThat(pub).hasSizeGreaterThanOrEqualTo(8);
        assertThat(pub).anyMatch(p -> p.get("uri").equals("Z14Z0104T/z14z0104t_shf.fits"));
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> p : pub) {
            rows.add(RowFactory.create(
                    p.get("uri"), p.get("filename"), p.get("dataset"), ((Number) p.get("size")).longValue(), "PUBLIC"));
        }
        rows.add(RowFactory.create(
                proprietary.get("uri"),
                proprietary.get("filename"),
                proprietary.get("dataset"),
                ((Number) proprietary.get("size")).longValue(),
                "PROPRIETARY"));
        pub.forEach(p -> retrieved("hst", (String) p.get("uri")));
        mast.requestLog().clear();
        String retrieve = "/search/hst/api/v0.1/retrieve_product";
        mast.faults()
                .pathPrefix(retrieve)
                .serviceUnavailableRate(0.15)
                .retryAfterSeconds(0)
                .resetMidBodyRate(0.3);

        List<Row> manifest = downloader()
                .option("source", "mission:hst")
                .option("maxAttempts", "25")
                .build()
                .download(spark.createDataFrame(rows, MISSION_PRODUCTS), d.uri())
                .collectAsList();

        Map<String, Row> m = byUri(manifest);
        assertThat(manifest).hasSize(pub.size() + 1);
        List<String> expectedFiles = new ArrayList<>();
        for (Map<String, Object> p : pub) {
            String uri = (String) p.get("uri");
            Row r = m.get(uri);
            String rel = "mastDownload/hst/" + p.get("dataset") + "/" + p.get("filename");
            expectedFiles.add(rel);
            byte[] want = retrieved("hst", uri);
            assertThat(r.<String>getAs("status")).as(uri).isEqualTo("COMPLETE");
            assertThat(r.<String>getAs("source")).isEqualTo("mission");
            assertThat(r.<String>getAs("path")).isEqualTo(d.uri() + "/" + rel);
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(want));
            assertThat(r.<Long>getAs("bytes")).isEqualTo(((Number) p.get("size")).longValue());
            assertThat(d.read(rel)).as(uri).isEqualTo(want);
        }
        Row denied = m.get(proprietary.get("uri"));
        assertThat(denied.<String>getAs("status")).isEqualTo("ERROR");
        assertThat(denied.<String>getAs("message"))
                .startsWith("MAST requires a token for this exclusive-access file (HTTP 401)");
        expectedFiles.add(Manifest.FILE_NAME);
        assertThat(d.files()).containsExactlyInAnyOrderElementsOf(expectedFiles);
        settle();
        List<RequestLog.Entry> log = mast.requestLog().entries().stream()
                .filter(e -> e.path().equals(retrieve))
                .toList();
        // Every request went to retrieve_product (none to Download/file), with resumes (206) after resets.
        assertThat(mast.requestLog().count(e -> e.path().equals(FILE))).isZero();
        // (Refusals injected before the handler ran are logged without the product name.)
        assertThat(log.stream()
                        .filter(e -> e.status() != 503)
                        .map(RequestLog.Entry::request)
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(
                        rows.stream().map(r -> r.getString(0)).toList());
        assertThat(log.stream().filter(e -> e.status() == 206).count()).isPositive();
        assertThat(log.stream().filter(e -> e.status() == 503).count()).isPositive();

        // A column of uris alone: the dataset folder comes from <dataset>/<file>; everything is skipped.
        mast.faults().reset();
        List<Row> again = downloader()
                .option("source", "mission:hst")
                .build()
                .download(
                        spark.createDataFrame(
                                rows.subList(0, pub.size()).stream()
                                        .map(r -> RowFactory.create(r.getString(0)))
                                        .toList(),
                                new StructType().add("uri", "string")),
                        d.uri())
                .collectAsList();
        assertThat(again)
                .hasSize(pub.size())
                .allMatch(r -> r.getAs("status").equals("SKIPPED"), "SKIPPED")
                .allMatch(r -> m.get(r.<String>getAs("dataURI")).getAs("path").equals(r.getAs("path")), "same path");
        assertThatThrownBy(() -> downloader().option("source", "missions:hst").build())
                .hasMessage("Invalid value 'missions:hst' for option 'source': expected mast, or mission:<name>"
                        + " (mission:hst, mission:jwst, mission:roman, ...)");
    }

    /**
     * On HDFS too, a destination that is a file, or a folder the job's user cannot write, is refused on the
     * driver before any file is fetched (permissions are enforced for a user other than the cluster's).
     */
    @Test
    void anHdfsDestinationThatIsAFileOrNotWritableIsRefusedBeforeTheJobStarts() throws Exception {
        String base = "/" + ROOT + "/unusable";
        String file;
        String locked;
        try (FileSystem fs = hdfs.fileSystem()) {
            fs.mkdirs(new Path(base));
            try (var out = fs.create(new Path(base + "/file"))) {
                out.write(7);
            }
            fs.mkdirs(new Path(base + "/locked"));
            fs.setPermission(new Path(base + "/locked"), new FsPermission((short) 0555));
            file = fs.makeQualified(new Path(base + "/file")).toString();
            locked = fs.makeQualified(new Path(base + "/locked")).toString();
        }
        var products = TestProducts.frame(spark, TestProducts.pickPublic(mast, 1, 60_000));
        MastDownloader d = downloader().build();

        assertThatThrownBy(() -> d.download(products, hdfs.path(base + "/file")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid destination '" + hdfs.path(base + "/file") + "': " + file
                        + " is a file, not a folder: pass a folder (it is created when missing) or move the file away");

        UserGroupInformation reader =
                UserGroupInformation.createUserForTesting("mast-reader", new String[] {"readers"});
        Throwable refused = reader.doAs((PrivilegedExceptionAction<Throwable>)
                () -> catchThrowable(() -> d.download(products, hdfs.path(base + "/locked"))));
        assertThat(refused)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid destination '" + hdfs.path(base + "/locked") + "': the folder "
                        + locked + " is not writable (AccessControlException: Permission denied: user=mast-reader,"
                        + " access=WRITE")
                .hasMessageEndingWith("): pass a folder this job can write to, or grant it write access");

        settle();
        assertThat(mast.requestLog().entries()).isEmpty();
        assertThat(hdfs.files(base)).containsExactly("file");
    }
}
