package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;

/**
 * The shuffle join reproduces LSDB's own cross-match test expectations ({@code
 * peer-data/hats/lsdb/raw/xmatch_expected}, computed by LSDB's k-d tree cross-match; the peer README names
 * the call behind each file) from the CSV files its two test catalogs were imported from: the same pairs
 * (left {@code id}, right {@code id}), separations within 1e-9 degree (the files give them in degrees).
 *
 * <p>One file, {@code xmatch_correct_3n_2t_no_margin.csv} (k = 3 within 2 degrees, right side opened
 * WITHOUT its margin cache), is not an exact answer: LSDB matched each left partition only against the right
 * rows of the same HEALPix partition, so it missed neighbours across partition borders and, for left row
 * 830, took a farther third neighbour instead. There the test asserts that every pair LSDB gives is a true
 * pair at the distance LSDB gives, that every pair LSDB has and we have not is farther than all of our k
 * for that left row, and that every pair we add is closer than LSDB's farthest for that left row (or LSDB
 * had fewer than k). The same call with the margin ({@code xmatch_correct_3n_2t.csv}) is matched exactly.
 */
class MastCrossmatchLsdbTest {
    private static final double TOLERANCE_ARCSEC = 1e-9 * 3600;

    private static SparkSession spark;
    private static Path lsdb;
    private static Dataset<Row> left;
    private static Dataset<Row> right;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        lsdb = Path.of(System.getProperty("mast.shared.dir", "../../shared"), "peer-data/hats/lsdb");
        assertThat(lsdb.resolve("raw/xmatch_expected"))
                .as("LSDB's peer data (set -Dmast.shared.dir to the shared folder)")
                .isDirectory();
        left = csv("raw/small_sky/small_sky.csv");
        right = csv("raw/xmatch/small_sky_xmatch.csv");
        assertThat(left.count()).isEqualTo(131);
        assertThat(right.count()).isEqualTo(111);
    }

    private static Dataset<Row> csv(String path) {
        return spark.read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(lsdb.resolve(path).toString());
    }

    /** LSDB's pairs of one expected file, separations in arcseconds. */
    private static Map<Long, Double> expected(String file) throws IOException {
        List<String> lines =
                Files.readAllLines(lsdb.resolve("raw/xmatch_expected").resolve(file));
        assertThat(lines.get(0)).isEqualTo(",ss_id,xmatch_id,dist");
        Map<Long, Double> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            long key = CrossmatchTestData.key(Long.parseLong(f[1]), (long) Double.parseDouble(f[2]));
            assertThat(out.put(key, Double.parseDouble(f[3]) * 3600)).isNull();
        }
        assertThat(out).hasSize(lines.size() - 1);
        return out;
    }

    private static Map<Long, Double> match(MastCrossmatch m) {
        Dataset<Row> out = m.toDataFrame();
        assertThat(out.columns())
                .containsExactly(
                        "id_left",
                        "ra_left",
                        "dec_left",
                        "ra_error_left",
                        "dec_error_left",
                        "id_right",
                        "ra_right",
                        "dec_right",
                        "ra_error_right",
                        "dec_error_right",
                        "calculated_dist",
                        "_dist_arcsec");
        return CrossmatchTestData.pairs(out, "id_left", "id_right", "_dist_arcsec");
    }

    @Test
    void nearestWithin36ArcsecIsXmatchCorrect() throws Exception {
        Map<Long, Double> expected = expected("xmatch_correct.csv");
        assertThat(expected).hasSize(103);
        CrossmatchTestData.assertSamePairs(
                match(MastCrossmatch.of(left, right).radiusArcsec(0.01 * 3600)), expected, TOLERANCE_ARCSEC);
    }

    @Test
    void nearestWithin18ArcsecIsXmatchCorrect0005() throws Exception {
        Map<Long, Double> expected = expected("xmatch_correct_0_005.csv");
        assertThat(expected).hasSize(36);
        CrossmatchTestData.assertSamePairs(
                match(MastCrossmatch.of(left, right).radiusArcsec(0.005 * 3600).nNeighbors(1)),
                expected,
                TOLERANCE_ARCSEC);
    }

    @Test
    void threeNearestWithinTwoDegreesIsXmatchCorrect3n2tWithMargin() throws Exception {
        Map<Long, Double> expected = expected("xmatch_correct_3n_2t.csv");
        assertThat(expected).hasSize(190);
        CrossmatchTestData.assertSamePairs(
                match(MastCrossmatch.of(left, right).radiusArcsec(2 * 3600).nNeighbors(3)), expected, TOLERANCE_ARCSEC);
    }

    @Test
    void threeNearestWithinTwoDegreesImprovesOnLsdbWithoutMargin() throws Exception {
        Map<Long, Double> lsdbPairs = expected("xmatch_correct_3n_2t_no_margin.csv");
        assertThat(lsdbPairs).hasSize(185);
        Map<Long, Double> ours =
                match(MastCrossmatch.of(left, right).radiusArcsec(2 * 3600).nNeighbors(3));
        // every pair LSDB gives is a true pair within the radius, at the distance LSDB gives
        Map<Long, Double> truth = truePairs();
        lsdbPairs.forEach((k, d) -> {
            assertThat(truth).as("LSDB's pair %s", CrossmatchTestData.pair(k)).containsKey(k);
            assertThat(Math.abs(truth.get(k) - d))
                    .as("distance of %s", CrossmatchTestData.pair(k))
                    .isLessThanOrEqualTo(TOLERANCE_ARCSEC);
            assertThat(d).isLessThanOrEqualTo(2 * 3600.0);
        });
        // ours: the 3 nearest of each left row exactly (against the brute force of all true pairs)
        CrossmatchTestData.assertSamePairs(ours, CrossmatchTestData.nearest(truth, 3), TOLERANCE_ARCSEC);
        Map<Long, List<Double>> lsdbByLeft = byLeft(lsdbPairs);
        Map<Long, List<Double>> oursByLeft = byLeft(ours);
        List<Long> onlyLsdb = new ArrayList<>();
        lsdbPairs.forEach((k, d) -> {
            if (!ours.containsKey(k)) {
                onlyLsdb.add(k);
                // LSDB took a farther neighbour: every one of our three is closer
                assertThat(oursByLeft.get(k >>> 31))
                        .hasSize(3)
                        .allSatisfy(o -> assertThat(o).isLessThan(d));
            }
        });
        List<Long> onlyOurs = new ArrayList<>();
        ours.forEach((k, d) -> {
            if (!lsdbPairs.containsKey(k)) {
                onlyOurs.add(k);
                List<Double> theirs = lsdbByLeft.getOrDefault(k >>> 31, List.of());
                // a neighbour LSDB missed across its partition borders: LSDB had room, or a farther one
                assertThat(theirs.size() < 3
                                || d < theirs.stream().mapToDouble(x -> x).max().orElseThrow())
                        .as("our extra pair %s at %s\" against LSDB's %s", CrossmatchTestData.pair(k), d, theirs)
                        .isTrue();
            }
        });
        // what LSDB's README and this data show: 6 neighbours missed across borders, one farther one taken
        assertThat(onlyOurs).hasSize(6);
        assertThat(onlyLsdb).containsExactly(CrossmatchTestData.key(830, 801));
    }

    /** Every (left, right) pair of the two CSV files within 2 degrees, by brute force on the driver. */
    private static Map<Long, Double> truePairs() {
        List<Row> l = left.select("id", "ra", "dec").collectAsList();
        List<Row> r = right.select("id", "ra", "dec").collectAsList();
        double max = CrossmatchTestData.chordSquaredOf(2 * 3600);
        Map<Long, Double> out = new HashMap<>();
        for (Row a : l) {
            for (Row b : r) {
                double c2 =
                        CrossmatchTestData.chordSquared(a.getDouble(1), a.getDouble(2), b.getDouble(1), b.getDouble(2));
                if (c2 <= max) {
                    out.put(
                            CrossmatchTestData.key(((Number) a.get(0)).longValue(), ((Number) b.get(0)).longValue()),
                            CrossmatchTestData.arcsecOf(c2));
                }
            }
        }
        return out;
    }

    private static Map<Long, List<Double>> byLeft(Map<Long, Double> pairs) {
        Map<Long, List<Double>> out = new HashMap<>();
        pairs.forEach(
                (k, d) -> out.computeIfAbsent(k >>> 31, x -> new ArrayList<>()).add(d));
        return out;
    }
}
