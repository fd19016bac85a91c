package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.crossmatch.CrossmatchTestData.Sky;
import org.mastspark.connector.crossmatch.CrossmatchTestData.SkyBuilder;

/**
 * The shuffle join agrees with astropy 5.2.1 ({@code search_around_sky} for every pair within the radius,
 * {@code match_coordinates_sky} plus the radius for the nearest) on 100,000 x 100,000 positions: uniform
 * over the sky, dense caps around both poles (with rows exactly on them), a dense strip across ra = 0 and
 * dense patches (one across ra = 0 at dec 62), so that the radius holds some 10^5 pairs. Same pair sets,
 * separations within 1e-9 degree.
 */
class MastCrossmatchAstropyTest {
    private static final double RADIUS_ARCSEC = 10.0;
    private static final double TOLERANCE_ARCSEC = 1e-9 * 3600;

    private static SparkSession spark;
    private static Path dir;
    private static Sky left;
    private static Sky right;

    /** Each side: 30k uniform, 12k in each polar cap, 16k in a strip 144 arcsec wide across ra = 0, two patches of 15k. */
    static Sky sky(long seed, boolean withPoleRows) {
        SkyBuilder b = new SkyBuilder(seed)
                .uniform(30_000)
                .cap(12_000, 0.25, true)
                .cap(12_000, 0.25, false)
                .wrapStrip(16_000, 0.02, -1.0, 1.0)
                .disc(15_000, 0.0, 62.0, 0.15)
                .disc(14_990, 123.0, -35.0, 0.15);
        if (withPoleRows) {
            // several left rows exactly on each pole (any ra is the same point)
            for (double ra : new double[] {0.0, 45.0, 123.456, 270.0, 359.9}) {
                b.add(ra, 90.0).add(ra, -90.0);
            }
        } else {
            // one right row on each pole, so that the nearest neighbour of a left row there is not a tie
            b.add(17.0, 90.0).add(300.0, -90.0).uniform(8);
        }
        return b.build();
    }

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTestSession.get();
        left = sky(1501, true);
        right = sky(1502, false);
        assertThat(left.size()).isEqualTo(100_000);
        assertThat(right.size()).isEqualTo(100_000);
        dir = Files.createTempDirectory("xmatch-astropy");
        CrossmatchTestData.writeNpy(dir.resolve("left.npy"), left);
        CrossmatchTestData.writeNpy(dir.resolve("right.npy"), right);
        CrossmatchTestData.runPython(
                "/crossmatch/astropy_crossmatch.py", dir, dir.toString(), Double.toString(RADIUS_ARCSEC));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** astropy's pairs of one call ({@code all} or {@code nn}), separations in arcseconds. */
    private static Map<Long, Double> astropy(String call) throws Exception {
        long[] l = CrossmatchTestData.readLongs(dir.resolve(call + "_left.npy"));
        long[] r = CrossmatchTestData.readLongs(dir.resolve(call + "_right.npy"));
        double[] sep = CrossmatchTestData.readDoubles(dir.resolve(call + "_sep.npy"));
        assertThat(r).hasSameSizeAs(l);
        assertThat(sep).hasSameSizeAs(l);
        Map<Long, Double> out = new HashMap<>();
        for (int i = 0; i < l.length; i++) {
            assertThat(out.put(CrossmatchTestData.key(l[i], r[i]), sep[i] * 3600))
                    .isNull();
        }
        return out;
    }

    private static Map<Long, Double> match(MastCrossmatch m) {
        Dataset<Row> out = m.toDataFrame();
        assertThat(out.columns())
                .containsExactly("id_left", "ra_left", "dec_left", "id_right", "ra_right", "dec_right", "_dist_arcsec");
        return CrossmatchTestData.pairs(out, "id_left", "id_right", "_dist_arcsec");
    }

    @Test
    void everyPairWithinTheRadiusIsAstropysSearchAroundSky() throws Exception {
        Map<Long, Double> expected = astropy("all");
        assertThat(expected.size()).as("pairs within the radius").isGreaterThan(20_000);
        // the interesting regions hold pairs: both poles (rows exactly on them), the ra = 0 strip
        assertThat(countWhere(expected, l -> left.dec()[l] == 90.0)).isGreaterThan(0);
        assertThat(countWhere(expected, l -> left.dec()[l] == -90.0)).isGreaterThan(0);
        assertThat(countWhere(expected, l -> left.dec()[l] > 89.75)).isGreaterThan(5_000);
        assertThat(countWhere(expected, l -> left.dec()[l] < -89.75)).isGreaterThan(5_000);
        assertThat(crossingRaZero(expected)).as("pairs across ra = 0").isGreaterThan(1_000);

        Map<Long, Double> actual =
                match(MastCrossmatch.of(CrossmatchTestData.frame(spark, left), CrossmatchTestData.frame(spark, right))
                        .radiusArcsec(RADIUS_ARCSEC)
                        .allWithinRadius());
        CrossmatchTestData.assertSamePairs(actual, expected, TOLERANCE_ARCSEC);
    }

    @Test
    void theNearestWithinTheRadiusIsAstropysMatchCoordinatesSky() throws Exception {
        Map<Long, Double> expected = astropy("nn");
        assertThat(expected.size()).isGreaterThan(20_000);
        assertThat(crossingRaZero(expected)).as("nearest across ra = 0").isGreaterThan(300);
        assertThat(countWhere(expected, l -> Math.abs(left.dec()[l]) == 90.0)).isEqualTo(10);

        Map<Long, Double> actual =
                match(MastCrossmatch.of(CrossmatchTestData.frame(spark, left), CrossmatchTestData.frame(spark, right))
                        .radiusArcsec(RADIUS_ARCSEC)
                        .nNeighbors(1));
        CrossmatchTestData.assertSamePairs(actual, expected, TOLERANCE_ARCSEC);
    }

    /** The brute force the other cross-match tests use as their reference gives astropy's pairs too. */
    @Test
    void theTestsBruteForceReferenceIsAstropysToo() throws Exception {
        Map<Long, Double> all = CrossmatchTestData.bruteForce(left, right, RADIUS_ARCSEC, 0);
        CrossmatchTestData.assertSamePairs(all, astropy("all"), TOLERANCE_ARCSEC);
        CrossmatchTestData.assertSamePairs(CrossmatchTestData.nearest(all, 1), astropy("nn"), TOLERANCE_ARCSEC);
        CrossmatchTestData.assertSamePairs(
                CrossmatchTestData.bruteForceNearest(left, right, RADIUS_ARCSEC, 0, 1),
                astropy("nn"),
                TOLERANCE_ARCSEC);
    }

    private static long countWhere(Map<Long, Double> pairs, java.util.function.IntPredicate leftRow) {
        return pairs.keySet().stream()
                .filter(k -> leftRow.test((int) (k >>> 31)))
                .count();
    }

    private static long crossingRaZero(Map<Long, Double> pairs) {
        return pairs.keySet().stream()
                .filter(k -> {
                    int l = (int) (k >>> 31);
                    double b = right.ra()[(int) (k & 0x7fffffffL)];
                    return Math.abs(left.dec()[l]) < 80 && Math.abs(left.ra()[l] - b) > 180;
                })
                .count();
    }
}
