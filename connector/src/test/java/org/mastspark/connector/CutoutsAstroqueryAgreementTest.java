package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.RequestPermits;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.testing.Astroquery;

/**
 * The cutout services through the real client, astroquery 0.4.6 ({@code Tesscut.get_sectors},
 * {@code Tesscut.download_cutouts}, {@code Zcut.get_surveys}, {@code Zcut.download_cutouts}), and through the
 * connector ({@link MastCutouts}, {@link CutoutClient#surveys}), against one emulator: the same sectors and
 * surveys in the same order, and byte-identical files. If they disagree, the connector or the emulator is wrong.
 */
class CutoutsAstroqueryAgreementTest {
    @RegisterExtension
    static final Astroquery astroquery = new Astroquery();

    @TempDir
    Path tmp;

    private static final StructType TARGETS = new StructType()
            .add("name", DataTypes.StringType)
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType);

    private static final StructType REQUESTS = TARGETS.add("sector", DataTypes.IntegerType);

    /**
     * Positions in TESS sectors (M103, southern and northern fields, the south ecliptic pole, a right ascension
     * below 0 that astroquery's SkyCoord wraps to 300.1 while the connector sends it as given) and one in none.
     */
    private static final List<double[]> SECTOR_POSITIONS = List.of(
            new double[] {23.34086, 60.658},
            new double[] {22.0, -72.5},
            new double[] {39.0, -65.0},
            new double[] {90.0, -66.560708},
            new double[] {300.0, 45.0},
            new double[] {-59.9, 45.0},
            new double[] {0.0, 0.0});

    private static final String NO_SECTOR = "0.0 0.0";

    /** TESScut's member names: {@code tess-s0005-1-2_<ra>_<dec>_<y>-x-<x>_astrocut.fits}. */
    private static final Pattern ASTROQUERY_TESS =
            Pattern.compile("tess-s(\\d{4})-(\\d)-(\\d)_(-?[\\d.]+)_(-?[\\d.]+)_(\\d+)-x-(\\d+)_astrocut\\.fits");

    /** The connector's documented names (MastCutouts.download, CutoutFiles): from the file's headers. */
    private static final Pattern CONNECTOR_TESS = Pattern.compile(
            "tess-s(\\d{4})-(\\d)-(\\d)_(-?\\d+\\.\\d{6})_(-?\\d+\\.\\d{6})_(\\d+)x(\\d+)_astrocut\\.fits");

    private static String key(double[] p) {
        return p[0] + " " + p[1];
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Map<String, String> options(String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("baseUrl", astroquery.baseUrl());
        m.put("retryBackoffMillis", "5");
        m.put("progressIntervalSeconds", "0");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** astroquery's sectors of a position, in its order: "sectorName sector camera ccd". */
    private static List<String> astroquerySectors(String position) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : astroquery.rowList(
                "{\"call\": \"tesscut_get_sectors\", \"coordinates\": \"" + position + "\", \"radius\": 0}")) {
            assertThat(r.size()).as(r.toString()).isEqualTo(4);
            out.add(r.path("sectorName").asText() + " " + r.path("sector").asLong() + " "
                    + r.path("camera").asLong() + " " + r.path("ccd").asLong());
        }
        return out;
    }

    /** One cutout file, as astroquery or the connector wrote it. */
    private record File(String name, String sha256, long bytes) {}

    /** What astroquery's download call wrote, by SHA-256; also checks the rows against the files on disk. */
    private static Map<String, File> astroqueryFiles(String spec, Path dir) throws Exception {
        Map<String, File> out = new TreeMap<>();
        for (JsonNode r : astroquery.rowList(spec)) {
            byte[] b = Files.readAllBytes(dir.resolve(r.path("file").asText()));
            assertThat(sha256(b)).isEqualTo(r.path("sha256").asText());
            assertThat((long) b.length).isEqualTo(r.path("bytes").asLong());
            assertThat(out.put(
                            r.path("sha256").asText(),
                            new File(r.path("file").asText(), r.path("sha256").asText(), b.length)))
                    .isNull();
        }
        return out;
    }

    /** The connector's COMPLETE files of the manifest rows of one request position, by SHA-256 of the file. */
    private static Map<String, File> connectorFiles(List<Row> manifest, double ra, double dec) throws Exception {
        Map<String, File> out = new TreeMap<>();
        for (Row r : manifest) {
            if (!(Double.valueOf(ra).equals(r.getAs("request_ra"))
                    && Double.valueOf(dec).equals(r.getAs("request_dec")))) {
                continue;
            }
            assertThat(r.<String>getAs("status")).as(r.toString()).isEqualTo("COMPLETE");
            Path path = Path.of(URI.create(r.getAs("path")));
            byte[] b = Files.readAllBytes(path);
            String sha = sha256(b);
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha);
            assertThat(r.<Long>getAs("bytes")).isEqualTo(b.length);
            assertThat(out.put(sha, new File(path.getFileName().toString(), sha, b.length)))
                    .isNull();
        }
        return out;
    }

    private static void assertSameFiles(String what, Map<String, File> astroquery, Map<String, File> connector) {
        assertThat(astroquery).as(what).isNotEmpty();
        assertThat(connector.keySet()).as(what + ": SHA-256 of the files").isEqualTo(astroquery.keySet());
        for (Map.Entry<String, File> e : astroquery.entrySet()) {
            assertThat(connector.get(e.getKey()).bytes())
                    .as(what + " " + e.getValue().name())
                    .isEqualTo(e.getValue().bytes());
            System.out.printf(
                    "%s: astroquery %s, connector %s (%d bytes)%n",
                    what,
                    e.getValue().name(),
                    connector.get(e.getKey()).name(),
                    e.getValue().bytes());
        }
    }

    @Test
    void sectorsAgree() throws Exception {
        SparkSession spark = SparkTestSession.get();
        List<Row> targets = new ArrayList<>();
        for (double[] p : SECTOR_POSITIONS) {
            targets.add(RowFactory.create(key(p), p[0], p[1]));
        }
        List<Row> rows = MastCutouts.tessSectors(spark.createDataFrame(targets, TARGETS), options())
                .collectAsList();
        int inSectors = 0;
        for (double[] p : SECTOR_POSITIONS) {
            List<String> expected = astroquerySectors(key(p));
            List<Row> mine =
                    rows.stream().filter(r -> key(p).equals(r.getAs("name"))).toList();
            if (key(p).equals(NO_SECTOR)) {
                assertThat(expected).isEmpty();
                assertThat(mine).hasSize(1);
                assertThat(mine.get(0).isNullAt(mine.get(0).fieldIndex("sector")))
                        .isTrue();
                assertThat(mine.get(0).<String>getAs("reason")).isEqualTo("Coordinates are not in any TESS sector.");
                continue;
            }
            assertThat(expected).as(key(p)).isNotEmpty();
            inSectors++;
            List<String> actual = new ArrayList<>();
            for (Row r : mine) {
                assertThat(r.<String>getAs("reason")).isNull();
                actual.add(r.getAs("sectorName") + " " + r.getAs("sector") + " " + r.getAs("camera") + " "
                        + r.getAs("ccd"));
            }
            System.out.printf("sectors of %s: %s%n", key(p), expected);
            assertThat(actual).as(key(p)).containsExactlyElementsOf(expected);
        }
        assertThat(inSectors).isEqualTo(SECTOR_POSITIONS.size() - 1);
    }

    @Test
    void tesscutFilesAreByteIdentical() throws Exception {
        SparkSession spark = SparkTestSession.get();
        List<double[]> positions = List.of(SECTOR_POSITIONS.get(0), SECTOR_POSITIONS.get(2), SECTOR_POSITIONS.get(5));
        List<Row> every = new ArrayList<>();
        List<Row> given = new ArrayList<>();
        Map<String, Integer> sectorOf = new TreeMap<>();
        for (double[] p : positions) {
            every.add(RowFactory.create(key(p), p[0], p[1], null));
            // the position's last sector, as astroquery lists them
            List<String> sectors = astroquerySectors(key(p));
            int sector = Integer.parseInt(sectors.get(sectors.size() - 1).split(" ")[1]);
            sectorOf.put(key(p), sector);
            given.add(RowFactory.create(key(p), p[0], p[1], sector));
        }
        // Two destinations: the given sector's file is also one of the every-sector request's files (same name).
        List<Row> everyManifest = MastCutouts.download(
                        spark.createDataFrame(every, REQUESTS),
                        tmp.resolve("every").toString(),
                        options("size", "10"))
                .collectAsList();
        List<Row> givenManifest = MastCutouts.download(
                        spark.createDataFrame(given, REQUESTS),
                        tmp.resolve("given").toString(),
                        options("size", "10"))
                .collectAsList();
        int files = 0;
        for (double[] p : positions) {
            for (Integer sector : new Integer[] {null, sectorOf.get(key(p))}) {
                Path dir = astroquery.newDirectory();
                String spec = String.format(
                        Locale.ROOT,
                        "{\"call\": \"tesscut_download_cutouts\", \"coordinates\": \"%s\", \"size\": 10,"
                                + " \"sector\": %s, \"path\": \"%s\"}",
                        key(p),
                        sector,
                        dir);
                Map<String, File> expected = astroqueryFiles(spec, dir);
                Map<String, File> actual = connectorFiles(sector == null ? everyManifest : givenManifest, p[0], p[1]);
                String what = "TESScut " + key(p) + " sector " + (sector == null ? "every" : sector);
                assertSameFiles(what, expected, actual);
                if (sector != null) {
                    assertThat(expected).hasSize(1);
                } else {
                    assertThat(expected).hasSize(astroquerySectors(key(p)).size());
                }
                for (File a : expected.values()) {
                    assertSameTessName(a.name(), actual.get(a.sha256()).name(), sector);
                }
                files += expected.size();
            }
        }
        assertThat(everyManifest.size() + givenManifest.size()).isEqualTo(files);
    }

    /**
     * What the documentation promises of the names: the connector's is made from the file's header, astroquery's
     * is MAST's member name; both say the same sector, camera, CCD, position (the connector's to 6 decimals) and
     * size in pixels.
     */
    private static void assertSameTessName(String astroqueryName, String connectorName, Integer sector) {
        Matcher a = ASTROQUERY_TESS.matcher(astroqueryName);
        Matcher c = CONNECTOR_TESS.matcher(connectorName);
        assertThat(a.matches()).as(astroqueryName).isTrue();
        assertThat(c.matches()).as(connectorName).isTrue();
        for (int g : new int[] {1, 2, 3}) {
            assertThat(c.group(g)).as(connectorName + " vs " + astroqueryName).isEqualTo(a.group(g));
        }
        if (sector != null) {
            assertThat(Integer.parseInt(c.group(1))).isEqualTo(sector);
        }
        for (int g : new int[] {4, 5}) {
            assertThat(Double.parseDouble(c.group(g)))
                    .as(connectorName + " vs " + astroqueryName)
                    .isCloseTo(Double.parseDouble(a.group(g)), within(5.0000001e-7));
        }
        // MAST's name says y-x-x, the connector's ny x nx
        assertThat(c.group(6)).isEqualTo(a.group(6));
        assertThat(c.group(7)).isEqualTo(a.group(7));
    }

    @Test
    void zcutSurveysAndFilesAgree() throws Exception {
        // GOODS-N and GOODS-S centres, the recorded position of zcut_survey.json, astroquery's remote-test
        // position, and one outside every deep field
        List<double[]> positions = List.of(
                new double[] {189.228621, 62.238572},
                new double[] {53.122751, -27.805089},
                new double[] {189.49206, 62.20615},
                new double[] {189.28066, 62.17415},
                new double[] {120.0, 10.0});
        CutoutClient client = new CutoutClient(
                MastClientConfig.forBaseUrl(astroquery.baseUrl()), RequestPermits.NONE, new ClientMetrics());
        Map<String, List<String>> surveysOf = new TreeMap<>();
        for (double[] p : positions) {
            List<String> expected = new ArrayList<>();
            List<JsonNode> rows = astroquery.rowList(
                    "{\"call\": \"zcut_get_surveys\", \"coordinates\": \"" + key(p) + "\", \"radius\": 0}");
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).path("order").asInt()).isEqualTo(i);
                expected.add(rows.get(i).path("survey").asText());
            }
            System.out.printf("surveys of %s: %s%n", key(p), expected);
            assertThat(client.surveys(p[0], p[1], 0)).as(key(p)).containsExactlyElementsOf(expected);
            surveysOf.put(key(p), expected);
        }
        assertThat(surveysOf.get("120.0 10.0")).isEmpty();
        assertThat(surveysOf.values().stream().filter(s -> !s.isEmpty())).hasSize(positions.size() - 1);

        // Cutouts: every survey at two positions, one given survey, and jpg images of every survey at one.
        SparkSession spark = SparkTestSession.get();
        StructType schema = TARGETS.add("survey", DataTypes.StringType);
        double[] north = positions.get(0);
        double[] south = positions.get(1);
        String givenSurvey = surveysOf.get(key(north)).get(1);
        record Case(double[] p, String survey, String format) {}
        List<Case> cases = List.of(
                new Case(north, null, "fits"),
                new Case(south, null, "fits"),
                new Case(north, givenSurvey, "fits"),
                new Case(south, null, "jpg"));
        int n = 0;
        for (Case c : cases) {
            Path dir = astroquery.newDirectory();
            Map<String, File> expected = astroqueryFiles(
                    String.format(
                            Locale.ROOT,
                            "{\"call\": \"zcut_download_cutouts\", \"coordinates\": \"%s\", \"size\": 10,"
                                    + " \"survey\": %s, \"cutout_format\": \"%s\", \"path\": \"%s\"}",
                            key(c.p()),
                            c.survey() == null ? "null" : "\"" + c.survey() + "\"",
                            c.format(),
                            dir),
                    dir);
            Dataset<Row> request = spark.createDataFrame(
                    List.of(RowFactory.create(key(c.p()), c.p()[0], c.p()[1], c.survey())), schema);
            List<Row> manifest = MastCutouts.download(
                            request,
                            tmp.resolve("zcut" + n++).toString(),
                            options("service", "zcut", "size", "10", "format", c.format()))
                    .collectAsList();
            Map<String, File> actual = connectorFiles(manifest, c.p()[0], c.p()[1]);
            String what =
                    "Zcut " + key(c.p()) + " " + (c.survey() == null ? "every survey" : c.survey()) + " " + c.format();
            assertSameFiles(what, expected, actual);
            if (c.format().equals("fits")) {
                // one FITS file per survey
                assertThat(expected)
                        .hasSize(c.survey() == null ? surveysOf.get(key(c.p())).size() : 1);
            }
            for (File f : actual.values()) {
                assertThat(f.name()).endsWith("." + c.format());
            }
        }
    }
}
