package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.hats.HatsCatalog.Partition;

/**
 * The aligned HATS cross-match against LSDB's own expected results for its test catalogs (left
 * {@code small_sky}, right {@code small_sky_xmatch} with its margin cache) and against a brute-force match
 * over every pair of the catalogs' CSV inputs.
 */
class HatsCrossmatchTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    static Path lsdb() {
        Path root = Path.of(System.getProperty("mast.shared.dir", "../../shared"), "peer-data", "hats", "lsdb");
        if (!Files.isDirectory(root.resolve("small_sky"))) {
            throw new IllegalStateException("The LSDB peer data is not at " + root.toAbsolutePath()
                    + ": check out the project beside ../shared, or set -Dmast.shared.dir");
        }
        return root;
    }

    static HatsSide left() {
        return new HatsSide("hats:" + lsdb().resolve("small_sky"), Map.of(), null);
    }

    static HatsSide right() {
        return new HatsSide(
                "hats:" + lsdb().resolve("small_sky_xmatch"),
                Map.of("margin", lsdb().resolve("small_sky_xmatch_margin").toString()),
                null);
    }

    static CrossmatchSpec spec(double radiusArcsec, double minArcsec, int k, String how) {
        return new CrossmatchSpec(
                radiusArcsec, minArcsec, k, how, "ra", "dec", "ra", "dec", "_left", "_right", "_dist_arcsec");
    }

    /** LSDB's expected pairs: "leftId rightId" -> separation in degrees. */
    static Map<String, Double> expected(String file) {
        Map<String, Double> pairs = new TreeMap<>();
        try {
            List<String> lines =
                    Files.readAllLines(lsdb().resolve("raw/xmatch_expected").resolve(file));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                pairs.put(f[1] + " " + (long) Double.parseDouble(f[2]), Double.parseDouble(f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pairs;
    }

    /** The result's pairs: "leftId rightId" -> separation in degrees. */
    static Map<String, Double> pairs(Dataset<Row> m) {
        Map<String, Double> pairs = new TreeMap<>();
        for (Row r : m.select("id_left", "id_right", "_dist_arcsec").collectAsList()) {
            String key = r.getLong(0) + " " + r.getLong(1);
            assertThat(pairs.put(key, r.getDouble(2) / 3600))
                    .as("pair %s found once", key)
                    .isNull();
        }
        return pairs;
    }

    /** Plain trigonometry: the squared chord between two positions' unit vectors. */
    static double chord2(double[] a, double[] b) {
        double ra1 = Math.toRadians(a[0]), de1 = Math.toRadians(a[1]);
        double ra2 = Math.toRadians(b[0]), de2 = Math.toRadians(b[1]);
        double dx = Math.cos(de1) * Math.cos(ra1) - Math.cos(de2) * Math.cos(ra2);
        double dy = Math.cos(de1) * Math.sin(ra1) - Math.cos(de2) * Math.sin(ra2);
        double dz = Math.sin(de1) - Math.sin(de2);
        return dx * dx + dy * dy + dz * dz;
    }

    /** A catalog's rows as a plain read gives them: id -> {ra, dec}. */
    static Map<Long, double[]> positions(String path) {
        Map<Long, double[]> rows = new LinkedHashMap<>();
        for (Row r :
                spark.read().format("mast").load(path).select("id", "ra", "dec").collectAsList()) {
            rows.put(r.getLong(0), new double[] {r.getDouble(1), r.getDouble(2)});
        }
        return rows;
    }

    /** Every left row's k nearest right rows within [min, radius] (k = 0: all), over all pairs of the LSDB catalogs. */
    static Map<String, Double> bruteForce(double radiusArcsec, double minArcsec, int k) {
        return bruteForce(positions(left().path()), positions(right().path()), radiusArcsec, minArcsec, k);
    }

    static Map<String, Double> bruteForce(
            Map<Long, double[]> l, Map<Long, double[]> r, double radiusArcsec, double minArcsec, int k) {
        double max = Math.pow(2 * Math.sin(Math.toRadians(radiusArcsec / 3600) / 2), 2);
        double min = Math.pow(2 * Math.sin(Math.toRadians(minArcsec / 3600) / 2), 2);
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<Long, double[]> a : l.entrySet()) {
            List<Object[]> found = new ArrayList<>();
            for (Map.Entry<Long, double[]> b : r.entrySet()) {
                double c2 = chord2(a.getValue(), b.getValue());
                if (c2 <= max && c2 >= min) {
                    found.add(new Object[] {b.getKey(), c2});
                }
            }
            found.sort((x, y) -> Double.compare((double) x[1], (double) y[1]));
            for (Object[] f : k == 0 ? found : found.subList(0, Math.min(k, found.size()))) {
                double deg = Math.toDegrees(2 * Math.asin(Math.sqrt((double) f[1]) / 2));
                out.put(a.getKey() + " " + f[0], deg);
            }
        }
        return out;
    }

    static void assertSamePairs(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey()))
                    .as("separation of %s", e.getKey())
                    .isCloseTo(e.getValue(), within(1e-9));
        }
    }

    @Test
    void threeNearestWithinTwoDegreesWithTheMarginAreLsdbs() {
        Dataset<Row> m = HatsCrossmatch.run(spark, left(), right(), spec(7200, 0, 3, "inner"));
        Map<String, Double> actual = pairs(m);
        assertSamePairs(actual, expected("xmatch_correct_3n_2t.csv"));
        assertSamePairs(actual, bruteForce(7200, 0, 3));
    }

    /**
     * LSDB computed these without a margin cache, so a pair across a border of the right partitions could be
     * missing from its files and present here. With these catalogs there is none: the nearest right row of
     * every left row within 0.01 (and 0.005) degree lies in the same right partition, so LSDB's pairs are ours
     * exactly, as the brute force over every pair confirms.
     */
    @Test
    void theNearestWithinHundredthsOfADegreeAreLsdbsWithoutItsMargin() {
        for (Object[] c : new Object[][] {{36.0, "xmatch_correct.csv"}, {18.0, "xmatch_correct_0_005.csv"}}) {
            double radius = (double) c[0];
            Map<String, Double> actual = pairs(HatsCrossmatch.run(spark, left(), right(), spec(radius, 0, 1, "inner")));
            Map<String, Double> lsdb = expected((String) c[1]);
            assertThat(actual.keySet()).containsAll(lsdb.keySet());
            assertThat(diff(actual, lsdb))
                    .as("pairs LSDB's margin-less match missed")
                    .isEmpty();
            assertSamePairs(actual, lsdb);
            assertSamePairs(actual, bruteForce(radius, 0, 1));
        }
    }

    @Test
    void aLeftJoinKeepsEveryLeftRowOnce() {
        Dataset<Row> m = HatsCrossmatch.run(spark, left(), right(), spec(18, 0, 1, "left"));
        List<Row> rows = m.select("id_left", "id_right", "_dist_arcsec").collectAsList();
        Set<Long> leftIds = positions(left().path()).keySet();
        List<Long> seen = new ArrayList<>();
        Map<String, Double> matched = new TreeMap<>();
        for (Row r : rows) {
            seen.add(r.getLong(0));
            if (r.isNullAt(1)) {
                assertThat(r.isNullAt(2)).isTrue();
            } else {
                matched.put(r.getLong(0) + " " + r.getLong(1), r.getDouble(2) / 3600);
            }
        }
        assertThat(seen).hasSize(leftIds.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(leftIds);
        assertSamePairs(matched, expected("xmatch_correct_0_005.csv"));
        assertThat(m.schema().apply("id_right").nullable()).isTrue();
        assertThat(m.schema().apply("_dist_arcsec").nullable()).isTrue();
    }

    @Test
    void everyRightRowWithinTheRadiusAndAMinimumRadius() {
        assertSamePairs(
                pairs(HatsCrossmatch.run(
                        spark, left(), right(), spec(7200, 0, CrossmatchSpec.ALL_WITHIN_RADIUS, "inner"))),
                bruteForce(7200, 0, 0));
        Map<String, Double> ring = pairs(HatsCrossmatch.run(spark, left(), right(), spec(7200, 1800, 2, "inner")));
        assertThat(ring).isNotEmpty();
        assertThat(ring.values()).allSatisfy(d -> assertThat(d).isBetween(0.5, 2.0));
        assertSamePairs(ring, bruteForce(7200, 1800, 2));
    }

    /** Right partitions coarser than the left's: each left partition is its own aligned pixel, in one right partition. */
    @Test
    void aRightPartitionLargerThanTheLeftOnes() {
        HatsSide l = new HatsSide("hats:" + lsdb().resolve("small_sky_xmatch"), Map.of(), List.of("id", "ra", "dec"));
        // small_sky is one order-0 partition: no row lies outside it, so any margin cache fits (it adds no rows)
        HatsSide r = new HatsSide(
                "hats:" + lsdb().resolve("small_sky"),
                Map.of(
                        "margin",
                        lsdb().resolve("../hats/small_sky_o1_collection/small_sky_order1_margin")
                                .toString()),
                List.of("id", "ra", "dec"));
        Dataset<Row> m = HatsCrossmatch.run(spark, l, r, spec(7200, 0, 3, "inner"));
        assertSamePairs(pairs(m), bruteForce(positions(l.path()), positions(r.path()), 7200, 0, 3));
        assertThat(m.columns())
                .containsExactly("id_left", "ra_left", "dec_left", "id_right", "ra_right", "dec_right", "_dist_arcsec");
    }

    /** A collection on the right: its default margin cache is found. */
    @Test
    void aCollectionsDefaultMargin() {
        HatsSide l = new HatsSide("hats:" + lsdb().resolve("small_sky_xmatch"), Map.of(), List.of("id", "ra", "dec"));
        HatsSide r = new HatsSide(
                "hats:" + lsdb().resolve("../hats/small_sky_o1_collection"), Map.of(), List.of("id", "ra", "dec"));
        assertSamePairs(
                pairs(HatsCrossmatch.run(spark, l, r, spec(3600, 0, 2, "inner"))),
                bruteForce(positions(l.path()), positions(r.path()), 3600, 0, 2));
    }

    @Test
    void whyNotAlignedNamesTheCatalogTheThresholdTheRadiusAndTheFix() {
        String dir = lsdb().resolve("small_sky_xmatch").toString();
        String margin = lsdb().resolve("small_sky_xmatch_margin").toString();
        assertThat(HatsCrossmatch.whyNotAligned(left(), right(), spec(7200, 0, 1, "inner"), null))
                .isNull();
        HatsSide noMargin = new HatsSide("hats:" + dir, Map.of(), null);
        String why = HatsCrossmatch.whyNotAligned(left(), noMargin, spec(1, 0, 1, "inner"), null);
        assertThat(why)
                .isEqualTo("The right side hats:" + dir + " (catalog small_sky_xmatch) has no margin cache: without"
                        + " one, matches across its partition borders would be lost; give its read option 'margin'"
                        + " (the root of its margin catalog, with hats_margin_threshold at least the radius 1.0"
                        + " arcsec), or match without alignment");
        assertThatThrownBy(() -> HatsCrossmatch.run(spark, left(), noMargin, spec(1, 0, 1, "inner")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(why);
        assertThat(HatsCrossmatch.whyNotAligned(left(), right(), spec(9000, 0, 1, "inner"), null))
                .isEqualTo("Cross match radius is greater than margin threshold: the right side hats:" + dir
                        + " (catalog small_sky_xmatch) has the margin cache " + margin
                        + " with hats_margin_threshold 8245.167388361773 arcsec, below the radius 9000.0 arcsec;"
                        + " use a margin cache at least as wide (read option 'margin'), a smaller radius, or match"
                        + " without alignment");
        HatsSide marginOnLeft = new HatsSide("hats:" + margin, Map.of(), null);
        assertThat(HatsCrossmatch.whyNotAligned(marginOnLeft, right(), spec(1, 0, 1, "inner"), null))
                .isEqualTo("The left side hats:" + margin + " is a HATS margin catalog (dataproduct_type=margin),"
                        + " not a catalog of objects or sources; match its primary catalog");
        CrossmatchSpec badColumns =
                new CrossmatchSpec(1, 0, 1, "inner", "ra", "dec", "RA", "dec", "_left", "_right", "_dist_arcsec");
        assertThat(HatsCrossmatch.whyNotAligned(left(), right(), badColumns, null))
                .isEqualTo("The right side hats:" + dir + " has no column 'RA' (the position columns given for it);"
                        + " its columns are _healpix_29, id, ra, dec, ra_error, dec_error, calculated_dist");
    }

    @Test
    void hatsSideRecognisesAPlainHatsReadAndItsColumns() {
        String path = "hats:" + lsdb().resolve("small_sky");
        Dataset<Row> df = spark.read().format("mast").load(path);
        assertThat(HatsSide.of(df)).contains(new HatsSide(path, Map.of(), null));
        assertThat(HatsSide.of(df.select("id", "ra", "dec")))
                .contains(new HatsSide(path, Map.of(), List.of("id", "ra", "dec")));
        Dataset<Row> withMargin =
                spark.read().format("mast").option("margin", "/some/margin").load(path);
        assertThat(HatsSide.of(withMargin).orElseThrow().options()).isEqualTo(Map.of("margin", "/some/margin"));
        assertThat(HatsSide.of(df.filter("id > 750"))).isEmpty();
        assertThat(HatsSide.of(df.select("id", "ra", "dec").filter("id > 750"))).isEmpty();
        assertThat(HatsSide.of(df.limit(5))).isEmpty();
        assertThat(HatsSide.of(df.selectExpr("id", "ra + 1 AS ra", "dec"))).isEmpty();
        assertThat(HatsSide.of(df.select("id", "_hats_pixel"))).isEmpty();
        assertThat(HatsSide.of(spark.read()
                        .format("mast")
                        .option("coordinates", "300 -60")
                        .option("radius", "1deg")
                        .load(path)))
                .isEmpty();
        assertThat(HatsSide.of(spark.range(3).toDF())).isEmpty();
    }

    @Test
    void sidesTakenFromDataFramesMatchWithTheirColumnsAndNoShuffle() {
        HatsSide l = HatsSide.of(spark.read()
                        .format("mast")
                        .load("hats:" + lsdb().resolve("small_sky"))
                        .select("id", "ra", "dec"))
                .orElseThrow();
        HatsSide r = HatsSide.of(spark.read()
                        .format("mast")
                        .option(
                                "margin",
                                lsdb().resolve("small_sky_xmatch_margin").toString())
                        .load("hats:" + lsdb().resolve("small_sky_xmatch"))
                        .select("id", "ra", "dec", "calculated_dist"))
                .orElseThrow();
        Dataset<Row> m = HatsCrossmatch.run(spark, l, r, spec(7200, 0, 3, "inner"));
        assertThat(m.columns())
                .containsExactly(
                        "id_left",
                        "ra_left",
                        "dec_left",
                        "id_right",
                        "ra_right",
                        "dec_right",
                        "calculated_dist",
                        "_dist_arcsec");
        assertSamePairs(pairs(m), expected("xmatch_correct_3n_2t.csv"));
        String plan = m.queryExecution().executedPlan().toString();
        assertThat(plan)
                .doesNotContain("Exchange")
                .contains("aligned HATS cross-match")
                .contains("4 pixel pairs");
        String job = new HatsCrossmatch.Job(l, r, spec(7200, 0, 3, "inner")).encode();
        assertThat(m.queryExecution().toString()).doesNotContain(job.substring(0, 40));
        // a projection of the result reads the same pairs
        assertThat(m.select("id_right", "id_left").count()).isEqualTo(190);
    }

    @Test
    void alignmentPairsEachLeftPixelOnce() {
        Partition p11 = new Partition(0, 11);
        List<Partition> right = List.of(new Partition(1, 44), new Partition(1, 45), new Partition(2, 184));
        List<HatsCrossmatch.Aligned> inner = HatsCrossmatch.align(List.of(p11), right, 1 / 3600.0, false);
        // 46 is split: its south child 184 is covered, its other children are not, nor is 47. A piece without a
        // right partition reads the right partitions it touches: nested children 0..3 of a pixel are its south,
        // east, west and north quarters, so 185 (east of 46) touches 44 and 184 along edges and 45 at the centre
        // of 11; 186 (west) and 187 (north) touch 184 only (187 at 46's centre); 47 (north of 11) touches 45 along
        // an edge and 44 at the centre of 11. At 1 arcsec no other partition is near.
        List<String> pixels = new ArrayList<>();
        for (HatsCrossmatch.Aligned a : inner) {
            assertThat(a.left()).isEqualTo(p11);
            pixels.add(a.pixel() + (a.right() != null ? " <- " + a.right() : " near " + a.neighbours()));
        }
        assertThat(pixels)
                .containsExactly(
                        "Norder=1/Npix=44 <- Norder=1/Npix=44",
                        "Norder=1/Npix=45 <- Norder=1/Npix=45",
                        "Norder=2/Npix=184 <- Norder=2/Npix=184",
                        "Norder=2/Npix=185 near [Norder=1/Npix=44, Norder=1/Npix=45, Norder=2/Npix=184]",
                        "Norder=2/Npix=186 near [Norder=2/Npix=184]",
                        "Norder=2/Npix=187 near [Norder=2/Npix=184]",
                        "Norder=1/Npix=47 near [Norder=1/Npix=44, Norder=1/Npix=45]");
        // right partitions larger than the left ones: the left pixel, in the right partition holding it
        List<HatsCrossmatch.Aligned> coarse =
                HatsCrossmatch.align(List.of(new Partition(2, 180), new Partition(1, 46)), List.of(p11), 0.1, false);
        assertThat(coarse)
                .containsExactly(
                        new HatsCrossmatch.Aligned(new Partition(2, 180), new Partition(2, 180), p11, List.of()),
                        new HatsCrossmatch.Aligned(new Partition(1, 46), new Partition(1, 46), p11, List.of()));
        // a left join keeps a left partition with no right partition near it
        List<HatsCrossmatch.Aligned> far = HatsCrossmatch.align(List.of(new Partition(0, 0)), List.of(p11), 1, true);
        assertThat(far)
                .containsExactly(new HatsCrossmatch.Aligned(new Partition(0, 0), new Partition(0, 0), null, List.of()));
        assertThat(HatsCrossmatch.align(List.of(new Partition(0, 0)), List.of(p11), 1, false))
                .isEmpty();
    }

    static Set<String> diff(Map<String, Double> a, Map<String, Double> b) {
        Set<String> s = new TreeSet<>(a.keySet());
        s.removeAll(b.keySet());
        return s;
    }
}
