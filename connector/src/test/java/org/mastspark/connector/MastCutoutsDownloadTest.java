package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.download.CutoutManifest;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * {@link MastCutouts#download} into the local FileSystem, against the emulator enforcing MAST's limits (10 at
 * once, 5 per second, 503 beyond): files byte-identical to the members of the zip MAST serves for the same
 * request, named from their headers, a manifest with the headers' sector/camera/ccd, reruns that ask nothing,
 * and bad input refused with the reason.
 */
class MastCutoutsDownloadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SparkSession spark;
    private static MastEmulator mast;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.local(4);
        mast = MastEmulator.builder()
                .seed(7)
                .scale(0.05)
                .cutoutLimits(10, 5)
                .cutoutServiceTime(Duration.ofMillis(100))
                .build();
    }

    @AfterAll
    static void stop() {
        SparkTestSession.endLocal();
        mast.close();
    }

    @BeforeEach
    void clean() {
        mast.faults().reset();
    }

    private static Map<String, String> options(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("baseUrl", mast.baseUrl());
        m.put("retryBackoffMillis", "5");
        m.put("progressIntervalSeconds", "0");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * The members of the zip MAST serves for one request, by SHA-256, asked directly over HTTP (waiting as a 503
     * for the service's limits says).
     */
    private static Map<String, byte[]> served(String pathAndQuery) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(mast.baseUrl() + pathAndQuery))
                .build();
        HttpResponse<byte[]> r = HTTP.send(get, HttpResponse.BodyHandlers.ofByteArray());
        while (r.statusCode() == 503) {
            Thread.sleep(
                    1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            r = HTTP.send(get, HttpResponse.BodyHandlers.ofByteArray());
        }
        assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(200);
        Map<String, byte[]> members = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                byte[] b = zip.readAllBytes();
                members.put(sha256(b), b);
            }
        }
        return members;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<RequestLog.Entry> astrocuts(int from) {
        List<RequestLog.Entry> all = mast.requestLog().entries();
        return all.subList(from, all.size()).stream()
                .filter(e -> e.path().endsWith("/astrocut"))
                .toList();
    }

    private static final StructType TARGETS = new StructType()
            .add("name", DataTypes.StringType)
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType);

    @Test
    void tesscutFilesAreMastsZipMembersByteForByteNamedFromTheirHeadersAndRerunsAskNothing() throws Exception {
        List<Row> targets = new ArrayList<>();
        targets.add(RowFactory.create("M103", 23.34086, 60.658));
        for (int i = 0; i < 7; i++) {
            targets.add(RowFactory.create("t" + i, 5.0 + 17 * i, -80.0 + 7.5 * i));
        }
        Dataset<Row> sectors = MastCutouts.tessSectors(
                        spark.createDataFrame(targets, TARGETS), Map.of("baseUrl", mast.baseUrl()))
                .where("sector IS NOT NULL")
                .select("name", "ra", "dec", "sector", "camera", "ccd")
                .cache();
        List<Row> wanted = sectors.collectAsList();
        assertThat(wanted.size()).isGreaterThan(6);
        // a target in no sector, a row without a position, and a duplicate of the first request
        Dataset<Row> requests = sectors.drop("camera", "ccd")
                .union(spark.sql("SELECT 'equinox', 0.0D, 0.0D, CAST(NULL AS INT)"))
                .union(spark.sql("SELECT 'nowhere', CAST(NULL AS DOUBLE), 1.0D, 3"))
                .union(sectors.drop("camera", "ccd").limit(1));
        Path root = tmp.resolve("cutouts");
        int before = mast.requestLog().entries().size();
        List<Row> manifest = MastCutouts.download(requests, root.toUri().toString(), options("size", "10"))
                .collectAsList();

        // One request per distinct (target, sector); the target in no sector is asked three times (option
        // noFfisAttempts): MAST's "No FFIs found" also means a sector not cubed yet. A request MAST refused for its
        // limits (503: the limiter's grants reach MAST with some jitter) was asked again and answered.
        List<RequestLog.Entry> asked = astrocuts(before);
        assertThat(asked)
                .extracting(RequestLog.Entry::status)
                .allSatisfy(s -> assertThat(s).isIn(200, 503));
        List<RequestLog.Entry> answered =
                asked.stream().filter(e -> e.status() == 200).toList();
        assertThat(answered)
                .hasSize(new java.util.HashSet<>(wanted.stream()
                                        .map(r -> r.get(1) + "," + r.get(2) + "," + r.get(3))
                                        .toList())
                                .size()
                        + 3);
        System.out.printf(
                "MastCutoutsDownloadTest: %d requests answered, %d refused with 503%n",
                answered.size(), asked.size() - answered.size());

        Map<String, Row> byPath = new HashMap<>();
        List<String> expectedFiles = new ArrayList<>();
        for (Row r : manifest) {
            if (r.getAs("path") != null) {
                byPath.put(r.getAs("path"), r);
            }
        }
        for (Row w : wanted) {
            String q = String.format(
                    Locale.ROOT,
                    "/tesscut/api/v0.1/astrocut?ra=%s&dec=%s&y=10&x=10&units=px&sector=%d",
                    w.get(1),
                    w.get(2),
                    w.getInt(3));
            Map<String, byte[]> members = served(q);
            // the file of this (sector, camera, ccd): the manifest's header columns say which it is
            List<Row> rows = manifest.stream()
                    .filter(r -> w.get(1).equals(r.get(2))
                            && w.get(2).equals(r.get(3))
                            && w.get(3).equals(r.getAs("sector"))
                            && w.get(4).equals(r.getAs("camera"))
                            && w.get(5).equals(r.getAs("ccd")))
                    .toList();
            assertThat(rows).as(q).hasSize(1);
            Row r = rows.get(0);
            assertThat(r.<String>getAs("status")).isEqualTo("COMPLETE");
            assertThat(r.<Integer>getAs("attempts")).isPositive();
            String path = r.getAs("path");
            String name = path.substring(path.lastIndexOf('/') + 1);
            assertThat(name)
                    .isEqualTo(String.format(
                            Locale.ROOT,
                            "tess-s%04d-%d-%d_%.6f_%.6f_10x10_astrocut.fits",
                            w.getInt(3),
                            w.getInt(4),
                            w.getInt(5),
                            w.getDouble(1),
                            w.getDouble(2)));
            byte[] written = Files.readAllBytes(root.resolve("tesscut").resolve(name));
            assertThat(members).containsKey(sha256(written));
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(written));
            assertThat(r.<Long>getAs("bytes")).isEqualTo(written.length);
            try (Fits f = new Fits(root.resolve("tesscut").resolve(name).toFile())) {
                Header h = f.getHDU(0).getHeader();
                assertThat(h.getIntValue("SECTOR")).isEqualTo(w.getInt(3));
                assertThat(h.getDoubleValue("RA_OBJ")).isEqualTo(r.<Double>getAs("ra"));
                assertThat(f.getHDU(1).getHeader().getStringValue("EXTNAME")).isEqualTo("PIXELS");
            }
            expectedFiles.add("tesscut/" + name);
        }
        assertThat(manifest.stream().filter(r -> "COMPLETE".equals(r.getAs("status"))))
                .hasSize(wanted.size());
        Row equinox = manifest.stream()
                .filter(r -> Double.valueOf(0.0).equals(r.get(2)))
                .findFirst()
                .orElseThrow();
        assertThat(equinox.<String>getAs("status")).isEqualTo("NO_RESULT");
        assertThat(equinox.<String>getAs("message")).contains("No FFIs found");
        assertThat(equinox.<Integer>getAs("attempts")).isEqualTo(3);
        Row nowhere = manifest.stream()
                .filter(r -> r.isNullAt(2) && "ERROR".equals(r.getAs("status")))
                .findFirst()
                .orElseThrow();
        assertThat(nowhere.<String>getAs("message")).isEqualTo("ra or dec is null: nothing to cut");
        assertThat(manifest).hasSize(wanted.size() + 2);
        // every request sent, 503s included, is counted in its row's attempts
        assertThat(manifest.stream().mapToInt(r -> r.<Integer>getAs("attempts")).sum())
                .isEqualTo(asked.size());

        // Exactly the files and the manifest: no temporary file, no marker left.
        expectedFiles.add(CutoutManifest.FILE_NAME);
        assertThat(files(root)).containsExactlyInAnyOrderElementsOf(expectedFiles);
        assertThat(MastCutouts.readManifest(spark, root.toString()).collectAsList())
                .containsExactlyInAnyOrderElementsOf(manifest);

        // A rerun asks MAST only for the request that gave nothing (a sector may be cubed since), again three times.
        before = mast.requestLog().entries().size();
        List<Row> again = MastCutouts.download(requests, root.toString(), options("size", "10"))
                .collectAsList();
        assertThat(astrocuts(before).stream().filter(e -> e.status() == 200))
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.query()).startsWith("ra=0.0&dec=0.0"));
        assertThat(again.stream().filter(r -> "SKIPPED".equals(r.getAs("status"))))
                .hasSize(wanted.size())
                .allSatisfy(r -> {
                    assertThat(r.<String>getAs("message"))
                            .isEqualTo("already complete (size and SHA-256 match the previous manifest)");
                    assertThat(r.<Integer>getAs("attempts")).isZero();
                    assertThat(byPath.get(r.<String>getAs("path")).<String>getAs("sha256"))
                            .isEqualTo(r.getAs("sha256"));
                });
        assertThat(files(root)).containsExactlyInAnyOrderElementsOf(expectedFiles);

        // Read back with the FITS reader: every cadence of every cutout, the flux cube per cadence.
        Dataset<Row> pixels = spark.read()
                .format("fits")
                .option("hdu", "PIXELS")
                .load(root.resolve("tesscut").toString());
        long cadences = 0;
        for (String f : expectedFiles) {
            if (f.endsWith(".fits")) {
                try (Fits fits = new Fits(root.resolve(f).toFile())) {
                    cadences += fits.getHDU(1).getHeader().getIntValue("NAXIS2");
                }
            }
        }
        assertThat(pixels.count()).isEqualTo(cadences);
        Row first = pixels.select("TIME", "FLUX").where("FLUX IS NOT NULL").first();
        assertThat(first.getList(1)).hasSize(10);
    }

    @Test
    void zcutChecksTheSurveyAtEachPositionAndWritesOneFilePerSurvey() throws Exception {
        StructType schema = TARGETS.add("survey", DataTypes.StringType);
        List<Row> rows = List.of(
                RowFactory.create("goods-s", 53.122751, -27.805089, null),
                RowFactory.create("goods-s wrong", 53.122751, -27.805089, "hlsp_no_such_survey"),
                RowFactory.create("nowhere", 120.0, 10.0, null));
        Path root = tmp.resolve("zcut");
        List<Row> manifest = MastCutouts.download(
                        spark.createDataFrame(rows, schema), root.toString(), options("service", "zcut", "size", "20"))
                .collectAsList();
        Map<String, String> status = new TreeMap<>();
        for (Row r : manifest) {
            status.merge(r.getAs("survey") + "@" + r.get(2), r.<String>getAs("status"), (a, b) -> a + "," + b);
        }
        List<Row> files = manifest.stream()
                .filter(r -> "COMPLETE".equals(r.getAs("status")))
                .toList();
        assertThat(files).isNotEmpty();
        Map<String, byte[]> served = served(
                "/zcut/api/v0.1/astrocut?ra=53.122751&dec=-27.805089&y=20&x=20" + "&units=px&cutout_format=fits");
        assertThat(files).hasSize(served.size());
        for (Row r : files) {
            String path = r.getAs("path");
            assertThat(path)
                    .contains("/zcut/")
                    .matches(".*/zcut_53\\.122751_-27\\.805089_20x20_astrocut(_\\d+)?\\.fits");
            byte[] b = Files.readAllBytes(Path.of(URI.create(path)));
            assertThat(served).containsKey(sha256(b));
        }
        Row wrong = manifest.stream()
                .filter(r -> "hlsp_no_such_survey".equals(r.getAs("survey")))
                .findFirst()
                .orElseThrow();
        assertThat(wrong.<String>getAs("status")).isEqualTo("ERROR");
        assertThat(wrong.<String>getAs("message"))
                .startsWith("Invalid value 'hlsp_no_such_survey' for 'survey': Zcut has no such survey at 53.122751,"
                        + " -27.805089; the surveys there are ");
        Row nowhere = manifest.stream()
                .filter(r -> r.get(2).equals(120.0))
                .findFirst()
                .orElseThrow();
        assertThat(nowhere.<String>getAs("status")).as(status.toString()).isEqualTo("NO_RESULT");
    }

    @Test
    void hapcutWritesOneFitsFilePerProductNamedFromItsHeaders() throws Exception {
        Path root = tmp.resolve("hapcut");
        List<Row> manifest = MastCutouts.download(
                        spark.sql("SELECT * FROM VALUES (351.347812D, 28.497808D), (120.0D, 10.0D) AS t(ra, dec)"),
                        root.toString(),
                        options("service", "hapcut", "size", "25"))
                .orderBy("path")
                .collectAsList();
        Map<String, byte[]> served = served("/hapcut/api/v0.1/astrocut?ra=351.347812&dec=28.497808&x=25&y=25&units=px");
        List<Row> files = manifest.stream()
                .filter(r -> "COMPLETE".equals(r.getAs("status")))
                .toList();
        assertThat(files).hasSize(served.size()).hasSizeGreaterThan(1);
        for (Row r : files) {
            Path file = Path.of(URI.create(r.getAs("path")));
            assertThat(file.getFileName().toString())
                    .matches("hapcut_HST_WFC3_(IR|UVIS)_F\\d+W_351\\.347812_28\\.497808_25x25(_\\d+)?\\.fits");
            byte[] b = Files.readAllBytes(file);
            assertThat(served).containsKey(sha256(b));
            assertThat(r.<Integer>getAs("ny")).isEqualTo(25);
            assertThat(r.<Integer>getAs("nx")).isEqualTo(25);
        }
        Row nowhere = manifest.stream()
                .filter(r -> Double.valueOf(120.0).equals(r.get(2)))
                .findFirst()
                .orElseThrow();
        assertThat(nowhere.<String>getAs("status")).isEqualTo("NO_RESULT");
        assertThat(nowhere.<String>getAs("path")).isNull();
    }

    @Test
    void badOptionsAndColumnsAreRefusedBeforeAnythingIsSentAndBadRowsGetAReason() throws Exception {
        Dataset<Row> one = spark.sql("SELECT 23.34086D AS ra, 60.658D AS dec");
        String dest = tmp.resolve("bad").toString();
        int before = mast.requestLog().entries().size();
        assertThatThrownBy(() -> MastCutouts.download(one, dest, options("size", "200")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '200' for 'size': 40000 pixels is above MAST's limit of 10000 pixels per"
                        + " TESScut cutout; use a smaller size (at most 10000 pixels, e.g. '100x100')");
        assertThatThrownBy(() -> MastCutouts.download(one, dest, options("size", "5furlongs")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value '5furlongs' for 'size'");
        assertThatThrownBy(() -> MastCutouts.download(one, dest, options("format", "png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'png' for option 'format': tesscut cutouts are FITS only; jpg and png are"
                        + " Zcut's");
        assertThatThrownBy(() -> MastCutouts.download(one, dest, options("service", "tesscutt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'tesscutt' for option 'service': expected tesscut, zcut or hapcut");
        assertThatThrownBy(() -> MastCutouts.download(one, dest, options("maxConcurrentRequests", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '0' for option 'maxConcurrentRequests': expected a whole number from 1 to"
                        + " 1000 (default 10)");
        assertThatThrownBy(() -> MastCutouts.download(
                        spark.sql("SELECT 1.0D AS ra, 2.0D AS dec, 'x' AS survey"), dest, options()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'survey' is for service 'zcut' only; drop it for tesscut");
        assertThatThrownBy(() -> MastCutouts.download(spark.sql("SELECT 'M31' AS name"), dest, options()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MastCutouts.download needs columns 'ra' and 'dec' (degrees), or 'objectId' for a moving"
                        + " target; the requests have name: rename them, e.g. withColumnRenamed(\"s_ra\", \"ra\"),"
                        + " or resolve names first with MastResolver");
        assertThatThrownBy(() -> MastCutouts.download(
                        spark.sql("SELECT 1.0D AS ra, 2.0D AS dec, 1.5D AS sector"), dest, options()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'sector' is of type double, not a whole number: cast it, e.g."
                        + " col(\"sector\").cast(\"int\")");
        assertThat(astrocuts(before)).isEmpty();

        // Per-row sizes and positions: refused with the reason, without a request.
        List<Row> rows = MastCutouts.download(
                        spark.sql("SELECT * FROM VALUES (23.34086D, 60.658D, '0'), (23.34086D, 60.658D, '3furlongs'),"
                                + " (23.34086D, 60.658D, '101x100'), (23.34086D, 95.0D, '5') AS t(ra, dec, size)"),
                        dest,
                        options())
                .orderBy("size")
                .collectAsList();
        assertThat(rows.stream().map(r -> r.<String>getAs("status"))).containsOnly("ERROR");
        assertThat(rows.stream().map(r -> r.<String>getAs("size") + ": " + r.getAs("message")))
                .containsExactly(
                        "0: Invalid value '0' for 'size': a cutout size must be greater than 0 on both"
                                + " axes; expected a positive size such as '20', '20x15', '5arcmin' or '0.1deg' (units"
                                + " px, arcsec, arcmin or deg)",
                        "101x100: Invalid value '101x100' for 'size': 10100 pixels is above MAST's limit of 10000"
                                + " pixels per TESScut cutout; use a smaller size (at most 10000 pixels, e.g."
                                + " '100x100')",
                        "3furlongs: Invalid value '3furlongs' for 'size': unknown unit 'furlongs'; use px, arcsec,"
                                + " arcmin or deg",
                        "5: Invalid position (23.34086, 95.0): ra and dec must be finite degrees, dec from -90 to 90");
        assertThat(astrocuts(before)).isEmpty();
        try (Stream<Path> s = Files.walk(tmp.resolve("bad"))) {
            assertThat(s.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString())
                            .sorted(Comparator.naturalOrder()))
                    .containsExactly(CutoutManifest.FILE_NAME);
        }
    }
}
