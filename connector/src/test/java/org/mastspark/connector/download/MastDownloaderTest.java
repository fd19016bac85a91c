package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.client.download.PathLookupClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.RateLimiter;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/** The distributed downloader against the emulator, writing to the local FileSystem through Hadoop. */
class MastDownloaderTest {
    private static final String FILE = "/api/v0.1/Download/file";
    private static MastEmulator mast;
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(11).scale(0.01).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clean() {
        mast.faults().reset();
        mast.requestLog().clear();
    }

    private MastDownloader.Builder downloader() {
        return MastDownloader.builder()
                .option("baseUrl", mast.baseUrl())
                .option("retryBackoffMillis", "5")
                .option("progressIntervalSeconds", "0");
    }

    private String dest() {
        return dir.toUri().toString();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Map<String, Row> byUri(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        rows.forEach(r -> m.put(r.getAs("dataURI"), r));
        return m;
    }

    private List<String> gets() {
        return mast.requestLog().entries().stream()
                .filter(e -> e.method().equals("GET") && e.path().equals(FILE))
                .map(RequestLog.Entry::request)
                .toList();
    }

    private void assertAllByteIdentical(List<Map<String, Object>> products) throws Exception {
        for (Map<String, Object> p : products) {
            Path f = TestProducts.localPath(dir, p);
            assertThat(f).exists();
            assertThat(Files.readAllBytes(f))
                    .as("bytes of %s", p.get("dataURI"))
                    .isEqualTo(TestProducts.bytes(mast, (String) p.get("dataURI")));
        }
    }

    private void assertNoTemporaryFiles() {
        assertThat(TestProducts.files(dir)).noneMatch(f -> f.endsWith(".mastpart") || f.endsWith(".crc"));
    }

    @Test
    void downloadsEveryDistinctFileByteIdenticalInAstroqueryLayoutWithAManifest() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 24, 60_000);
        List<Map<String, Object>> doubled = new ArrayList<>(products);
        doubled.addAll(products.subList(0, 10));

        List<Row> manifest = downloader()
                .option("concurrency", "3")
                .option("partitions", "3")
                .build()
                .download(TestProducts.frame(spark, doubled), dest())
                .collectAsList();

        assertThat(manifest).hasSize(24);
        assertThat(manifest.stream().map(r -> r.<String>getAs("dataURI")).toList())
                .containsExactlyElementsOf(
                        products.stream().map(p -> (String) p.get("dataURI")).toList());
        for (Row r : manifest) {
            Map<String, Object> p = products.stream()
                    .filter(x -> x.get("dataURI").equals(r.getAs("dataURI")))
                    .findFirst()
                    .orElseThrow();
            byte[] expected = TestProducts.bytes(mast, r.getAs("dataURI"));
            assertThat(r.<String>getAs("status")).isEqualTo("COMPLETE");
            assertThat(r.<String>getAs("message")).isNull();
            assertThat(r.<Long>getAs("bytes")).isEqualTo(expected.length);
            assertThat(r.<Long>getAs("expected_size")).isEqualTo(((Number) p.get("size")).longValue());
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(expected));
            assertThat(r.<Integer>getAs("attempts")).isEqualTo(1);
            assertThat(r.<String>getAs("source")).isEqualTo("mast");
            assertThat(r.<String>getAs("path"))
                    .isEqualTo(TestProducts.localPath(dir, p).toUri().toString().replace("file:///", "file:/"));
        }
        assertAllByteIdentical(products);
        assertNoTemporaryFiles();
        // Each distinct file fetched exactly once, with no HEAD (the products table gave the sizes).
        settle();
        assertThat(gets()).hasSize(24).doesNotHaveDuplicates();
        assertThat(mast.requestLog().count(e -> e.method().equals("HEAD"))).isZero();
        // The manifest file holds exactly the returned rows.
        assertThat(MastDownloader.readManifest(spark, dest()).collectAsList()).containsExactlyElementsOf(manifest);
        assertThat(TestProducts.files(dir)).contains(Manifest.FILE_NAME);
    }

    @Test
    void injected503And429AndMidBodyResetsLoseNothingAndResetsResumeWithRange() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 30, 120_000);
        mast.faults()
                .pathPrefix(FILE)
                .serviceUnavailableRate(0.15)
                .tooManyRequestsRate(0.1)
                .retryAfterSeconds(0)
                .resetMidBodyRate(0.3);

        List<Row> manifest = downloader()
                .option("maxAttempts", "20")
                .build()
                .download(TestProducts.frame(spark, products), dest())
                .collectAsList();

        assertThat(manifest).hasSize(30).allMatch(r -> r.getAs("status").equals("COMPLETE"));
        assertAllByteIdentical(products);
        assertNoTemporaryFiles();
        Map<String, Row> rows = byUri(manifest);
        for (Map<String, Object> p : products) {
            assertThat(rows.get(p.get("dataURI")).<String>getAs("sha256"))
                    .isEqualTo(sha256(TestProducts.bytes(mast, (String) p.get("dataURI"))));
        }
        settle();
        List<RequestLog.Entry> log = mast.requestLog().entries().stream()
                .filter(e -> e.path().equals(FILE))
                .toList();
        assertThat(log).anyMatch(e -> e.status() == 503);
        assertThat(log).anyMatch(e -> e.status() == 429);
        long partial = log.stream().filter(e -> e.status() == 206).count();
        long dropped = log.stream().filter(e -> e.status() == 0).count();
        long resumes = 0;
        for (Row r : manifest) {
            String m = r.getAs("message");
            if (m != null) {
                Matcher x = Pattern.compile("resumed (\\d+) times?").matcher(m);
                assertThat(x.find()).as(m).isTrue();
                resumes += Long.parseLong(x.group(1));
            }
        }
        // Broken bodies were continued from where they stopped (206): one Range request per dropped body (a
        // Range answer may be dropped too), no restarts.
        assertThat(partial).isPositive();
        assertThat(dropped).isPositive().isEqualTo(resumes);
        assertThat(manifest)
                .noneMatch(r -> String.valueOf(r.<String>getAs("message")).contains("restarted"));
        assertThat(manifest.stream()
                        .mapToLong(r -> r.<Integer>getAs("attempts"))
                        .sum())
                .isEqualTo(log.size());
    }

    /** Waits until the emulator has logged every request (it logs just after the response went out). */
    private static void settle() throws InterruptedException {
        int size = -1;
        while (size != mast.requestLog().entries().size()) {
            size = mast.requestLog().entries().size();
            Thread.sleep(150);
        }
    }

    @Test
    void retryAfterOf429IsHonoured() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 2, 20_000);
        mast.faults().pathPrefix(FILE).tooManyRequestsRate(1.0).retryAfterSeconds(1);
        Thread lift = new Thread(() -> {
            // Lift the fault once both files were refused once.
            while (mast.requestLog().count(e -> e.status() == 429) < 2) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            mast.faults().tooManyRequestsRate(0);
        });
        lift.start();
        List<Row> manifest = downloader()
                .option("partitions", "1")
                .build()
                .download(TestProducts.frame(spark, products), dest())
                .collectAsList();
        lift.join();
        assertThat(manifest).allMatch(r -> r.getAs("status").equals("COMPLETE"));
        // Both were refused at first, and each waited at least the second MAST asked for.
        assertThat(manifest).allMatch(r -> r.<Integer>getAs("attempts") >= 2);
        assertThat(manifest).allMatch(r -> r.<Long>getAs("duration_ms") >= 1000);
        assertAllByteIdentical(products);
    }

    @Test
    void aRerunAfterAFailedRunFetchesOnlyWhatIsMissingAndEndsComplete() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 20, 60_000);
        Dataset<Row> frame = TestProducts.frame(spark, products);

        // Run 1: one attempt per request and half the requests refused: some files fail.
        mast.faults().pathPrefix(FILE).serviceUnavailableRate(0.5).retryAfterSeconds(0);
        List<Row> first = downloader()
                .option("maxAttempts", "1")
                .build()
                .download(frame, dest())
                .collectAsList();
        Set<String> failed = first.stream()
                .filter(r -> r.getAs("status").equals("ERROR"))
                .map(r -> r.<String>getAs("dataURI"))
                .collect(Collectors.toSet());
        assertThat(failed).isNotEmpty().hasSizeLessThan(20);
        assertThat(first)
                .filteredOn(r -> r.getAs("status").equals("ERROR"))
                .allMatch(r -> r.<String>getAs("message").contains("HTTP 503"));
        for (Map<String, Object> p : products) {
            // No file, partial or whole, at the final path of a failed download.
            assertThat(Files.exists(TestProducts.localPath(dir, p))).isEqualTo(!failed.contains(p.get("dataURI")));
        }
        assertNoTemporaryFiles();

        // Damage the destination as a crash would, and worse: a stale partial temporary file beside a failed
        // product, a truncated file and a same-size corrupted file at final paths of complete products.
        List<Map<String, Object>> done = products.stream()
                .filter(p -> !failed.contains(p.get("dataURI")))
                .toList();
        Map<String, Object> someFailed = products.stream()
                .filter(p -> failed.contains(p.get("dataURI")))
                .findFirst()
                .orElseThrow();
        Path failedPath = TestProducts.localPath(dir, someFailed);
        Files.createDirectories(failedPath.getParent());
        Path stale = failedPath.resolveSibling("." + failedPath.getFileName() + ".t99-dead.mastpart");
        Files.write(stale, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(stale, FileTime.fromMillis(0));
        Path truncated = TestProducts.localPath(dir, done.get(0));
        byte[] full = Files.readAllBytes(truncated);
        Files.write(truncated, Arrays.copyOf(full, full.length / 2));
        Path corrupted = TestProducts.localPath(dir, done.get(1));
        byte[] c = Files.readAllBytes(corrupted);
        c[c.length - 1] ^= 0x55;
        Files.write(corrupted, c);

        // Run 2, no faults: only the failed and the damaged files are fetched.
        mast.faults().reset();
        mast.requestLog().clear();
        List<Row> second = downloader().build().download(frame, dest()).collectAsList();

        Set<String> expectedFetched = new LinkedHashSet<>(failed);
        expectedFetched.add((String) done.get(0).get("dataURI"));
        expectedFetched.add((String) done.get(1).get("dataURI"));
        settle();
        assertThat(gets()).containsExactlyInAnyOrderElementsOf(expectedFetched);
        Map<String, Row> rows = byUri(second);
        assertThat(second).hasSize(20);
        for (Map<String, Object> p : products) {
            String uri = (String) p.get("dataURI");
            Row r = rows.get(uri);
            byte[] bytes = TestProducts.bytes(mast, uri);
            assertThat(r.<String>getAs("status")).isEqualTo(expectedFetched.contains(uri) ? "COMPLETE" : "SKIPPED");
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(bytes));
            assertThat(r.<Long>getAs("bytes")).isEqualTo(bytes.length);
        }
        assertThat(rows.get(done.get(0).get("dataURI")).<String>getAs("message"))
                .contains("had " + (full.length / 2) + " bytes, expected " + full.length);
        assertThat(rows.get(done.get(1).get("dataURI")).<String>getAs("message"))
                .contains("SHA-256 differed from the previous manifest");
        assertThat(rows.get(done.get(2).get("dataURI")).<String>getAs("message"))
                .isEqualTo("already complete (size and SHA-256 match the previous manifest)");
        assertAllByteIdentical(products);
        assertNoTemporaryFiles();
        assertThat(MastDownloader.readManifest(spark, dest()).collectAsList()).containsExactlyElementsOf(second);

        // Run 3: everything is there; nothing is fetched.
        mast.requestLog().clear();
        List<Row> third = downloader().build().download(frame, dest()).collectAsList();
        assertThat(third).allMatch(r -> r.getAs("status").equals("SKIPPED"));
        settle();
        assertThat(gets()).isEmpty();
    }

    @Test
    void hostileNamesAreRefusedWithAnErrorNamingTheValueAndNothingIsWrittenOutside() throws Exception {
        Map<String, Object> good = TestProducts.pickPublic(mast, 1, 30_000).get(0);
        String uri = (String) good.get("dataURI");
        Path dest = dir.resolve("dest");
        List<Row> rows = List.of(
                TestProducts.row(good),
                RowFactory.create(uri + "?a", "../../escape.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?b", "/etc/passwd", "HST", "X1", 10L),
                RowFactory.create(uri + "?c", "a\\b.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?d", "bell\u0007.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?e", "", "HST", "X1", 10L),
                RowFactory.create(uri + "?f", "ok.fits", "..", "X1", 10L),
                RowFactory.create(uri + "?g", "ok.fits", "HST", "/abs", 10L),
                RowFactory.create(uri + "?h", "ok.fits", "C:", "X1", 10L),
                RowFactory.create("mast:HST/product/../../../x.fits", null, null, null, null),
                RowFactory.create("mast:HST/product/", null, null, null, null),
                RowFactory.create(null, "n.fits", "HST", "X1", 10L));
        List<Row> manifest = downloader()
                .build()
                .download(TestProducts.frameOfRows(spark, rows), dest.toUri().toString())
                .collectAsList();
        Map<String, Row> m = byUri(manifest);
        assertThat(manifest).hasSize(12);
        assertThat(m.get(uri).<String>getAs("status")).isEqualTo("COMPLETE");
        Map<String, String> messages = new HashMap<>();
        manifest.stream().filter(r -> !r.getAs("dataURI").equals(uri)).forEach(r -> {
            assertThat(r.<String>getAs("status")).isEqualTo("ERROR");
            messages.put(r.getAs("dataURI"), r.getAs("message"));
        });
        String tail = ": refusing it so that nothing is written outside the destination";
        assertThat(messages.get(uri + "?a"))
                .isEqualTo("productFilename '../../escape.fits' is not a plain file name (it contains '/')" + tail);
        assertThat(messages.get(uri + "?b"))
                .isEqualTo("productFilename '/etc/passwd' is not a plain file name (it is an absolute path)" + tail);
        assertThat(messages.get(uri + "?c"))
                .isEqualTo("productFilename 'a\\b.fits' is not a plain file name (it contains a backslash)" + tail);
        assertThat(messages.get(uri + "?d"))
                .isEqualTo("productFilename 'bell\\u0007.fits' is not a plain file name (it contains a control"
                        + " character)" + tail);
        assertThat(messages.get(uri + "?e"))
                .isEqualTo("productFilename '' is not a plain file name (it is empty)" + tail);
        assertThat(messages.get(uri + "?f"))
                .isEqualTo("obs_collection '..' is not a plain file name (it is '..')" + tail);
        assertThat(messages.get(uri + "?g"))
                .isEqualTo("obs_id '/abs' is not a plain file name (it is an absolute path)" + tail);
        assertThat(messages.get(uri + "?h"))
                .isEqualTo("obs_collection 'C:' is not a plain file name (it contains ':')" + tail);
        assertThat(messages.get("mast:HST/product/../../../x.fits"))
                .isEqualTo("dataURI 'mast:HST/product/../../../x.fits' contains a '..' segment" + tail);
        assertThat(messages.get("mast:HST/product/"))
                .isEqualTo(
                        "file name from dataURI 'mast:HST/product/' '' is not a plain file name (it is empty)" + tail);
        assertThat(messages.get("")).isEqualTo("1 input row(s) have no dataURI (null or blank)");
        // Only the good file and the manifest exist, all inside the destination.
        assertThat(TestProducts.files(dir))
                .containsExactlyInAnyOrder(
                        "dest/" + Manifest.FILE_NAME,
                        "dest/mastDownload/" + good.get("obs_collection") + "/" + good.get("obs_id") + "/"
                                + good.get("productFilename"));
        settle();
        assertThat(gets()).containsExactly(uri);
    }

    @Test
    void exclusiveAccessFilesNeedAValidTokenWhichNeverAppearsInTheManifest() throws Exception {
        List<Map<String, Object>> exclusive =
                TestProducts.pick(mast, 2, 200_000, p -> "EXCLUSIVE_ACCESS".equals(p.get("dataRights")));
        Dataset<Row> frame = TestProducts.frame(spark, exclusive);

        List<Row> anonymous = downloader().build().download(frame, dest()).collectAsList();
        assertThat(anonymous).allSatisfy(r -> {
            assertThat(r.<String>getAs("status")).isEqualTo("ERROR");
            assertThat(r.<String>getAs("message"))
                    .startsWith("MAST requires a token for this exclusive-access file (HTTP 401): set option 'token'"
                            + " or the environment variable MAST_API_TOKEN");
        });

        String wrong = "wrong-token-value-1234";
        List<Row> refused = downloader()
                .option("token", wrong)
                .build()
                .download(frame, dest())
                .collectAsList();
        assertThat(refused)
                .allSatisfy(r -> assertThat(r.<String>getAs("message"))
                        .startsWith("MAST refused the token (HTTP 401): it is invalid or lacks access"));

        String secret = "s3cr3t-mast-token-abcdef";
        mast.addToken(secret, "alice");
        List<Row> granted = downloader()
                .option("token", secret)
                .build()
                .download(frame, dest())
                .collectAsList();
        assertThat(granted).allMatch(r -> r.getAs("status").equals("COMPLETE"));
        assertAllByteIdentical(exclusive);
        String manifestText = Files.readString(dir.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8);
        assertThat(manifestText).doesNotContain(secret).doesNotContain(wrong);
        assertThat(refused.toString() + anonymous + granted)
                .doesNotContain(secret)
                .doesNotContain(wrong);
    }

    @Test
    void aColumnOfUrisInFlatLayoutThenOverwrite() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 6, 40_000);
        List<String> uris =
                products.stream().map(p -> (String) p.get("dataURI")).toList();
        Dataset<Row> frame = spark.createDataset(uris, Encoders.STRING()).toDF("uri");
        MastDownloader.Builder b = downloader().option("layout", "flat");

        List<Row> manifest = b.build().download(frame, dest()).collectAsList();
        assertThat(manifest).hasSize(6).allMatch(r -> r.getAs("status").equals("COMPLETE"));
        for (Map<String, Object> p : products) {
            assertThat(Files.readAllBytes(dir.resolve((String) p.get("productFilename"))))
                    .isEqualTo(TestProducts.bytes(mast, (String) p.get("dataURI")));
        }
        // No size in the input: the byte count is checked against Content-Length, which becomes expected_size.
        assertThat(manifest).allMatch(r -> r.<Long>getAs("expected_size").equals(r.<Long>getAs("bytes")));

        // Without sizes, a rerun asks MAST for the size (HEAD) and skips; overwrite fetches everything again.
        mast.requestLog().clear();
        List<Row> again = b.build().download(frame, dest()).collectAsList();
        assertThat(again).allMatch(r -> r.getAs("status").equals("SKIPPED"));
        assertThat(mast.requestLog().count(e -> e.method().equals("HEAD"))).isEqualTo(6);
        settle();
        assertThat(gets()).isEmpty();
        mast.requestLog().clear();
        List<Row> overwritten = b.option("ifExists", "overwrite")
                .build()
                .download(frame, dest())
                .collectAsList();
        assertThat(overwritten).allMatch(r -> r.getAs("status").equals("COMPLETE"));
        settle();
        assertThat(gets()).containsExactlyInAnyOrderElementsOf(uris);
        assertNoTemporaryFiles();
    }

    @Test
    void directCommitWritesInPlaceAndLeavesNoFileForAFailure() throws Exception {
        List<Map<String, Object>> products = new ArrayList<>(TestProducts.pickPublic(mast, 3, 40_000));
        Map<String, Object> secret = TestProducts.pick(
                        mast, 1, 200_000, p -> "EXCLUSIVE_ACCESS".equals(p.get("dataRights")))
                .get(0);
        List<Map<String, Object>> all = new ArrayList<>(products);
        all.add(secret);
        List<Row> manifest = downloader()
                .option("commit", "direct")
                .build()
                .download(TestProducts.frame(spark, all), dest())
                .collectAsList();
        assertThat(byUri(manifest).get(secret.get("dataURI")).<String>getAs("status"))
                .isEqualTo("ERROR");
        assertThat(TestProducts.localPath(dir, secret)).doesNotExist();
        assertAllByteIdentical(products);
        assertNoTemporaryFiles();
    }

    @Test
    void twoConcurrentRunsIntoOneDestinationNeverClobberOrDuplicate() throws Exception {
        // What speculative execution and task retries do: two attempts download the same files at once.
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 16, 60_000);
        Dataset<Row> frame = TestProducts.frame(spark, products);
        mast.faults().pathPrefix(FILE).latencyMillis(20);
        List<List<Row>> results = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                try {
                    results.add(downloader().build().download(frame, dest()).collectAsList());
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        for (List<Row> manifest : results) {
            assertThat(manifest).hasSize(16).allMatch(r -> !r.getAs("status").equals("ERROR"));
        }
        assertAllByteIdentical(products);
        assertNoTemporaryFiles();
    }

    @Test
    void aTwinThatCommitsBeforeOurTransferStartsLeavesItsCompleteCopyAndNoError() throws Exception {
        // A speculative twin commits the same file and removes our temporary file before our transfer has
        // begun (creating it fails): its complete copy stands, and the row is COMPLETE, not ERROR.
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 2, 60_000);
        Map<String, Object> raced = products.get(0);
        TwinCommitsFirstFileSystem.TWIN_COPIES.put(
                (String) raced.get("productFilename"), TestProducts.bytes(mast, (String) raced.get("dataURI")));
        List<Row> manifest = downloader()
                .option("fs.file.impl", TwinCommitsFirstFileSystem.class.getName())
                .option("fs.file.impl.disable.cache", "true")
                .build()
                .download(TestProducts.frame(spark, products), dest())
                .collectAsList();
        assertThat(TwinCommitsFirstFileSystem.TWIN_COPIES).isEmpty();
        Map<String, Row> rows = byUri(manifest);
        Row r = rows.get((String) raced.get("dataURI"));
        assertThat((String) r.getAs("status")).as("manifest row %s", r).isEqualTo("COMPLETE");
        assertThat((String) r.getAs("message")).isEqualTo("another attempt wrote this file first; kept its copy");
        assertThat((Long) r.getAs("bytes")).isEqualTo(((Number) raced.get("size")).longValue());
        assertThat((String) rows.get((String) products.get(1).get("dataURI")).getAs("status"))
                .isEqualTo("COMPLETE");
        assertAllByteIdentical(products);
        assertNoTemporaryFiles();
    }

    @Test
    void invalidOptionsAndDestinationAreNamed() {
        assertThatThrownBy(() -> downloader().option("layout", "tree").build())
                .hasMessage("Invalid value 'tree' for option 'layout': expected mastDownload or flat");
        assertThatThrownBy(() -> downloader().option("ifExists", "keep").build())
                .hasMessage("Invalid value 'keep' for option 'ifExists': expected skip or overwrite");
        assertThatThrownBy(() -> downloader().option("concurrency", "0").build())
                .hasMessage("Invalid value '0' for option 'concurrency': expected a whole number from 1 to 256"
                        + " (default 4)");
        assertThatThrownBy(() -> downloader().option("commit", "maybe").build())
                .hasMessage("Invalid value 'maybe' for option 'commit': expected auto, rename or direct");
        assertThatThrownBy(() -> downloader().option("cloud", "yes").build())
                .hasMessage("Invalid value 'yes' for option 'cloud': expected true or false");
        Dataset<Row> noUri = spark.range(3).toDF("id");
        assertThatThrownBy(() -> downloader().build().download(noUri, dest()))
                .hasMessageStartingWith("The products DataFrame has no column 'dataURI' (columns: id)");
    }

    @Test
    void theCurlScriptComesFromMastBundleSh() throws Exception {
        List<String> uris = TestProducts.pickPublic(mast, 3, 60_000).stream()
                .map(p -> (String) p.get("dataURI"))
                .toList();
        MastDownloader d = downloader().build();
        String script = d.curlScript(spark, List.of(uris.get(0), uris.get(1), uris.get(2), uris.get(0)));
        assertThat(script).startsWith("#!/bin/bash");
        for (String u : uris) {
            assertThat(script).contains(mast.baseUrl() + "/api/v0.1/Download/file?uri=" + u);
        }
        settle();
        var bundle = mast.requestLog().entries().stream()
                .filter(e -> e.path().equals("/api/v0.1/Download/bundle.sh"))
                .toList();
        assertThat(bundle).hasSize(1);
        assertThat(bundle.get(0).request()).isEqualTo(String.join(",", uris));
        String written = d.writeCurlScript(spark, uris, dest());
        assertThat(written).matches("file:.*/mastDownload_\\d{14}\\.sh");
        assertThat(Files.readString(Path.of(URI.create(written)))).contains("Download/file?uri=" + uris.get(2));
    }

    @Test
    void cloudCopiesAreReadFromTheCloudRootAndMissingOnesFallBackToMast() throws Exception {
        // The cloud root is any Hadoop FileSystem: here a local folder laid out as the bucket (s3a in use).
        List<String> cloud = List.of("HST", "TESS", "GALEX", "KEPLER", "K2", "PS1", "JWST");
        List<Map<String, Object>> inCloud = TestProducts.pick(
                mast, 4, 60_000, p -> "PUBLIC".equals(p.get("dataRights")) && cloud.contains(p.get("obs_collection")));
        List<Map<String, Object>> notInCloud = TestProducts.pick(
                mast, 1, 60_000, p -> "PUBLIC".equals(p.get("dataRights")) && !cloud.contains(p.get("obs_collection")));
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        Path out = dir.resolve("out");
        Map<String, String> cloudPaths = new PathLookupClient(
                        MastClientConfig.forBaseUrl(mast.baseUrl()), RateLimiter.perSecond(0))
                .lookup(inCloud.stream().map(p -> (String) p.get("dataURI")).toList(), new ClientMetrics());
        assertThat(cloudPaths).hasSize(4);
        // Three of the four are in the bucket; the fourth is listed by path_lookup but missing.
        for (Map<String, Object> p : inCloud.subList(0, 3)) {
            String uri = (String) p.get("dataURI");
            Path f = bucket.resolve(cloudPaths.get(uri).substring(1));
            Files.createDirectories(f.getParent());
            Files.write(f, TestProducts.bytes(mast, uri));
        }
        List<Map<String, Object>> all = new ArrayList<>(inCloud);
        all.addAll(notInCloud);
        mast.requestLog().clear();

        List<Row> manifest = downloader()
                .option("cloud", "true")
                .option("cloudRoot", bucket.toUri().toString())
                .build()
                .download(TestProducts.frame(spark, all), out.toUri().toString())
                .collectAsList();

        Map<String, Row> rows = byUri(manifest);
        for (Map<String, Object> p : all) {
            String uri = (String) p.get("dataURI");
            Row r = rows.get(uri);
            assertThat(r.<String>getAs("status")).isEqualTo("COMPLETE");
            assertThat(Files.readAllBytes(TestProducts.localPath(out, p))).isEqualTo(TestProducts.bytes(mast, uri));
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(TestProducts.bytes(mast, uri)));
        }
        for (Map<String, Object> p : inCloud.subList(0, 3)) {
            assertThat(rows.get(p.get("dataURI")).<String>getAs("source")).isEqualTo("cloud");
        }
        Row missing = rows.get(inCloud.get(3).get("dataURI"));
        assertThat(missing.<String>getAs("source")).isEqualTo("mast");
        assertThat(missing.<String>getAs("message"))
                .startsWith("cloud copy ")
                .endsWith(
                        cloudPaths.get(inCloud.get(3).get("dataURI")) + " unavailable (not found); fetched from MAST");
        assertThat(rows.get(notInCloud.get(0).get("dataURI")).<String>getAs("source"))
                .isEqualTo("mast");
        settle();
        // One path_lookup request for the five; MAST downloads only for the two not in the bucket.
        assertThat(mast.requestLog().count(e -> e.path().startsWith("/api/v0.1/path_lookup")))
                .isEqualTo(1);
        assertThat(gets()).containsExactlyInAnyOrder((String) inCloud.get(3).get("dataURI"), (String)
                notInCloud.get(0).get("dataURI"));
    }

    @Test
    void aFileNotMatchingTheProductsSizeIsAnErrorWithNoFileLeftUnderEitherCommit() throws Exception {
        Map<String, Object> p = TestProducts.pickPublic(mast, 1, 60_000).get(0);
        String uri = (String) p.get("dataURI");
        long size = ((Number) p.get("size")).longValue();
        Dataset<Row> wrong = TestProducts.frameOfRows(
                spark,
                List.of(RowFactory.create(
                        uri, p.get("productFilename"), p.get("obs_collection"), p.get("obs_id"), size + 1)));
        for (String commit : List.of("rename", "direct")) {
            List<Row> m = downloader()
                    .option("commit", commit)
                    .build()
                    .download(wrong, dest())
                    .collectAsList();
            assertThat(m).hasSize(1);
            assertThat(m.get(0).<String>getAs("status")).as(commit).isEqualTo("ERROR");
            assertThat(m.get(0).<String>getAs("message"))
                    .isEqualTo("received " + size + " bytes but the products table gives size " + (size + 1)
                            + " (option verifySize=false accepts it)");
            assertThat(TestProducts.localPath(dir, p)).as(commit).doesNotExist();
            assertNoTemporaryFiles();
        }
        List<Row> accepted = downloader()
                .option("verifySize", "false")
                .build()
                .download(wrong, dest())
                .collectAsList();
        assertThat(accepted.get(0).<String>getAs("status")).isEqualTo("COMPLETE");
        assertThat(Files.readAllBytes(TestProducts.localPath(dir, p))).isEqualTo(TestProducts.bytes(mast, uri));
    }

    /**
     * A destination that is a file, lies under a file or cannot be created is refused on the driver, naming it
     * and the fix, before any file is fetched (it used to fail every file, then the manifest).
     */
    @Test
    void anUnusableDestinationIsRefusedBeforeTheJobStarts() throws Exception {
        Dataset<Row> products = TestProducts.frame(spark, TestProducts.pickPublic(mast, 2, 60_000));
        MastDownloader d = downloader().build();
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        String fileUri = file.toUri().toString();
        String fileQualified = fileUri.replace("file:///", "file:/");

        assertThatThrownBy(() -> d.download(products, fileUri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid destination '" + fileUri + "': " + fileQualified + " is a file, not a folder:"
                        + " pass a folder (it is created when missing) or move the file away");

        String under = fileUri + "/sub/dir";
        assertThatThrownBy(() -> d.download(products, under))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid destination '" + under + "': " + fileQualified + " is a file, so no folder can"
                        + " be created under it: pass a destination whose parents are folders");

        // A folder name longer than the file system's 255 bytes: mkdirs fails even for root.
        String tooLong = dir.toUri() + "x".repeat(300);
        assertThatThrownBy(() -> d.download(products, tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid destination '" + tooLong + "': the folder "
                        + tooLong.replace("file:///", "file:/") + " cannot be created (mkdirs failed): pass a folder"
                        + " this job can create and write to");

        settle();
        assertThat(mast.requestLog().entries()).isEmpty();
        assertThat(TestProducts.files(dir)).containsExactly("notes.txt");
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    /**
     * File names of 225 to 255 bytes (ASCII and 2-, 3- and 4-byte UTF-8) pass the name check and are written:
     * their temporary names, which add a prefix and a suffix, are shortened to fit the 255-byte limit.
     */
    @Test
    void namesUpTo255BytesAreWrittenWhateverTheirEncoding() throws Exception {
        List<String> names = new ArrayList<>();
        for (int n : new int[] {225, 231, 240, 250, 254, 255}) {
            names.add("a".repeat(n - 5) + ".fits");
        }
        names.add("\u00e9".repeat(125) + ".fits"); // 255 bytes, 2-byte characters
        names.add("\u65e5".repeat(83) + "_.fits"); // 255 bytes, 3-byte characters
        names.add("\ud83d\ude00".repeat(62) + "abcdefg"); // 255 bytes, 4-byte characters
        names.add("b" + "\u65e5".repeat(83) + ".fits"); // 255 bytes, cut mid-character if cut by bytes
        List<Map<String, Object>> picked = TestProducts.pickPublic(mast, names.size(), 60_000);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            assertThat(names.get(i).getBytes(StandardCharsets.UTF_8).length).isBetween(225, 255);
            Map<String, Object> p = picked.get(i);
            rows.add(RowFactory.create(p.get("dataURI"), names.get(i), "HST", "LONG", p.get("size")));
        }

        List<Row> manifest = downloader()
                .option("partitions", "2")
                .build()
                .download(TestProducts.frameOfRows(spark, rows), dest())
                .collectAsList();

        assertThat(manifest).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            Row r = manifest.get(i);
            String uri = (String) picked.get(i).get("dataURI");
            assertThat(r.<String>getAs("status")).as("%s", r).isEqualTo("COMPLETE");
            assertThat(Files.readAllBytes(dir.resolve("mastDownload/HST/LONG").resolve(names.get(i))))
                    .isEqualTo(TestProducts.bytes(mast, uri));
        }
        assertThat(TestProducts.files(dir.resolve("mastDownload/HST/LONG"))).containsExactlyInAnyOrderElementsOf(names);
    }

    /**
     * Hadoop's local FileSystem, without its native library, runs a {@code chmod} process for every file it
     * creates and every folder it makes; on a small machine those processes took most of a download's CPU.
     * The downloader starts none, and its files and folders still get Hadoop's permissions (the default
     * umask 022 applied).
     */
    @Test
    void localDownloadsStartNoChmodProcessAndKeepHadoopsPermissions() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 6, 30_000);
        Path recording = Files.createTempFile("mast-download-processes", ".jfr");
        List<Row> manifest;
        List<String> commands;
        try (Recording r = new Recording()) {
            r.enable("jdk.ProcessStart");
            r.start();
            manifest = downloader()
                    .option("partitions", "2")
                    .build()
                    .download(TestProducts.frame(spark, products), dest())
                    .collectAsList();
            r.stop();
            r.dump(recording);
            commands = RecordingFile.readAllEvents(recording).stream()
                    .map(e -> e.getString("command"))
                    .filter(c -> c.contains(dir.toString()))
                    .toList();
        } finally {
            Files.deleteIfExists(recording);
        }

        assertThat(manifest).extracting(r -> r.<String>getAs("status")).containsOnly("COMPLETE");
        assertAllByteIdentical(products);
        assertThat(commands).isEmpty();
        for (Map<String, Object> p : products) {
            Path f = TestProducts.localPath(dir, p);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .isEqualTo("rw-r--r--");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())))
                    .isEqualTo("rwxr-xr-x");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(Manifest.FILE_NAME))))
                .isEqualTo("rw-r--r--");
    }

    /**
     * Left-over temporary files of a final name are removed when it completes, but not those of another
     * file whose name merely starts with it ({@code x.fits} and {@code x.fits.gz} share a folder).
     */
    @Test
    void onlyTheTemporaryFilesOfTheSameNameAreCleanedUp() throws Exception {
        Map<String, Object> p = TestProducts.pickPublic(mast, 1, 60_000).get(0);
        Path folder = Files.createDirectories(dir.resolve("mastDownload/HST/X1"));
        Files.writeString(folder.resolve(".x.fits.t7-0123abcd-1.mastpart"), "stale");
        Files.writeString(folder.resolve(".x.fits.gz.t8-89abcdef-2.mastpart"), "in flight");

        List<Row> manifest = downloader()
                .build()
                .download(
                        TestProducts.frameOfRows(
                                spark,
                                List.of(RowFactory.create(p.get("dataURI"), "x.fits", "HST", "X1", p.get("size")))),
                        dest())
                .collectAsList();

        assertThat(manifest.get(0).<String>getAs("status")).isEqualTo("COMPLETE");
        assertThat(TestProducts.files(folder)).containsExactly(".x.fits.gz.t8-89abcdef-2.mastpart", "x.fits");
    }

    /**
     * Names that display unlike what they are (bidi controls, zero-width and other format characters), line
     * or paragraph separators and noncharacters are refused like control characters, the value escaped in the
     * message; legitimate non-ASCII names are written.
     */
    @Test
    void invisibleAndDirectionChangingCharactersAreRefusedWithTheValueEscaped() throws Exception {
        List<Map<String, Object>> good = TestProducts.pickPublic(mast, 2, 30_000);
        String uri = (String) good.get(0).get("dataURI");
        List<Row> rows = List.of(
                RowFactory.create(
                        uri,
                        "Ärger_日本_\ud83d\ude00.fits",
                        "HST",
                        "Ü1",
                        good.get(0).get("size")),
                RowFactory.create(uri + "?a", "fdp\u202Eexe.pdf", "HST", "X1", 10L),
                RowFactory.create(uri + "?b", "a\u200Bb.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?c", "\uFEFFa.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?d", "a\u2028b.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?e", "a\u2029b.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?f", "a\uFFFEb.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?g", "a\uFDD0b.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?h", "a\udbff\udfffb.fits", "HST", "X1", 10L),
                RowFactory.create(uri + "?i", "ok.fits", "HST\u2066", "X1", 10L),
                RowFactory.create(uri + "?j", "ok.fits", "HST", "X\u061C1", 10L),
                RowFactory.create("mast:HST/product/x\u202Efdp.exe", null, null, null, null));
        List<Row> manifest = downloader()
                .build()
                .download(TestProducts.frameOfRows(spark, rows), dest())
                .collectAsList();
        Map<String, Row> m = byUri(manifest);
        assertThat(manifest).hasSize(rows.size());
        assertThat(m.get(uri).<String>getAs("status")).isEqualTo("COMPLETE");
        String tail = ": refusing it so that nothing is written outside the destination";
        String format = "it contains an invisible or text-direction format character, ";
        Map<String, String> want = new LinkedHashMap<>();
        want.put(uri + "?a", "productFilename 'fdp\\u202eexe.pdf' is not a plain file name (" + format + "\\u202e)");
        want.put(uri + "?b", "productFilename 'a\\u200bb.fits' is not a plain file name (" + format + "\\u200b)");
        want.put(uri + "?c", "productFilename '\\ufeffa.fits' is not a plain file name (" + format + "\\ufeff)");
        want.put(
                uri + "?d",
                "productFilename 'a\\u2028b.fits' is not a plain file name (it contains a line or paragraph"
                        + " separator, \\u2028)");
        want.put(
                uri + "?e",
                "productFilename 'a\\u2029b.fits' is not a plain file name (it contains a line or paragraph"
                        + " separator, \\u2029)");
        want.put(
                uri + "?f",
                "productFilename 'a\\ufffeb.fits' is not a plain file name (it contains a Unicode noncharacter,"
                        + " \\ufffe)");
        want.put(
                uri + "?g",
                "productFilename 'a\\ufdd0b.fits' is not a plain file name (it contains a Unicode noncharacter,"
                        + " \\ufdd0)");
        want.put(
                uri + "?h",
                "productFilename 'a\\udbff\\udfffb.fits' is not a plain file name (it contains a Unicode"
                        + " noncharacter, \\udbff\\udfff)");
        want.put(uri + "?i", "obs_collection 'HST\\u2066' is not a plain file name (" + format + "\\u2066)");
        want.put(uri + "?j", "obs_id 'X\\u061c1' is not a plain file name (" + format + "\\u061c)");
        want.put(
                "mast:HST/product/x\u202Efdp.exe",
                "file name from dataURI 'mast:HST/product/x\\u202efdp.exe' 'x\\u202efdp.exe' is not a plain file"
                        + " name (" + format + "\\u202e)");
        for (Map.Entry<String, String> e : want.entrySet()) {
            Row r = m.get(e.getKey());
            assertThat(r.<String>getAs("status")).as(e.getKey()).isEqualTo("ERROR");
            assertThat(r.<String>getAs("message")).isEqualTo(e.getValue() + tail);
            assertThat(r.<String>getAs("path")).isNull();
        }
        assertThat(TestProducts.files(dir))
                .containsExactlyInAnyOrder(Manifest.FILE_NAME, "mastDownload/HST/Ü1/Ärger_日本_\ud83d\ude00.fits");
        assertThat(Files.readAllBytes(dir.resolve("mastDownload/HST/Ü1/Ärger_日本_\ud83d\ude00.fits")))
                .isEqualTo(TestProducts.bytes(mast, uri));
    }

    /** A download dropped at a chosen byte resumes there with Range: the file is byte-identical. */
    @Test
    void aDownloadResetAtAChosenByteResumesThereAndIsByteIdentical() throws Exception {
        Map<String, Object> p = TestProducts.pick(
                        mast,
                        1,
                        Long.MAX_VALUE,
                        x -> "PUBLIC".equals(x.get("dataRights")) && ((Number) x.get("size")).longValue() > 100_000)
                .get(0);
        String uri = (String) p.get("dataURI");
        mast.faults().pathPrefix(FILE).resetMidBodyRate(1.0).resetAtByte(77_777).resetLimit(1);

        List<Row> manifest = downloader()
                .build()
                .download(TestProducts.frame(spark, List.of(p)), dest())
                .collectAsList();

        byte[] expected = TestProducts.bytes(mast, uri);
        Row r = manifest.get(0);
        assertThat(r.<String>getAs("status")).isEqualTo("COMPLETE");
        assertThat(r.<String>getAs("message")).isEqualTo("resumed 1 time with Range");
        assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(expected));
        assertThat(Files.readAllBytes(TestProducts.localPath(dir, p))).isEqualTo(expected);
        assertThat(mast.faults().injectedResets()).containsExactly(77_777L);
        settle();
        assertThat(mast.requestLog().entries().stream()
                        .filter(e -> e.path().equals(FILE))
                        .map(RequestLog.Entry::status)
                        .toList())
                .containsExactly(0, 206);
        assertNoTemporaryFiles();
    }
}
