package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.crossmatch.CrossmatchTestData.Sky;
import org.mastspark.connector.crossmatch.CrossmatchTestData.SkyBuilder;

/**
 * What a cross-match returns, against references computed here: a left join keeps every left row once
 * (unmatched ones with nulls), k beyond the available neighbours, the minimum radius, suffixes only on
 * clashing names, rows with null positions, proper motion, a dense cluster (skew) equal to the brute force
 * and refined, and the same answer at every HEALPix order.
 */
class MastCrossmatchSemanticsTest {
    private static final double TOLERANCE_ARCSEC = 1e-9 * 3600;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    private static Dataset<Row> frame(Sky sky) {
        return CrossmatchTestData.frame(spark, sky);
    }

    private static Map<Long, Double> pairs(Dataset<Row> out) {
        return CrossmatchTestData.pairs(out, "id_left", "id_right", "_dist_arcsec");
    }

    /** Rows of (id, ra, dec), positions given as {ra, dec} or null. */
    private static Dataset<Row> rows(Double[]... positions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            Double[] p = positions[i];
            rows.add(RowFactory.create((long) i, p == null ? null : p[0], p == null ? null : p[1]));
        }
        return spark.createDataFrame(rows, CrossmatchTestData.POSITIONS);
    }

    private static Double[] at(double[] p) {
        return new Double[] {p[0], p[1]};
    }

    @Test
    void aLeftJoinKeepsEveryLeftRowExactlyOnceWithNullsWhereUnmatched() {
        Sky left = new SkyBuilder(7).disc(3_000, 210.0, 54.0, 0.05).build();
        Sky right = new SkyBuilder(8).disc(2_000, 210.0, 54.0, 0.05).build();
        double radius = 3.0;
        Map<Long, Double> nearest = CrossmatchTestData.bruteForceNearest(left, right, radius, 0, 1);
        assertThat(nearest.size()).as("some matched, some not").isBetween(500, 2_500);

        Dataset<Row> out = MastCrossmatch.of(frame(left), frame(right))
                .radiusArcsec(radius)
                .nNeighbors(1)
                .how("left")
                .toDataFrame();
        List<Row> rows = out.collectAsList();
        assertThat(rows).hasSize(left.size());
        Set<Long> seen = new HashSet<>();
        Map<Long, Double> matched = new HashMap<>();
        for (Row r : rows) {
            long l = r.getLong(r.fieldIndex("id_left"));
            assertThat(seen.add(l)).as("left row %s twice", l).isTrue();
            assertThat(r.getDouble(r.fieldIndex("ra_left"))).isEqualTo(left.ra()[(int) l]);
            if (r.isNullAt(r.fieldIndex("id_right"))) {
                assertThat(r.isNullAt(r.fieldIndex("ra_right"))).isTrue();
                assertThat(r.isNullAt(r.fieldIndex("dec_right"))).isTrue();
                assertThat(r.isNullAt(r.fieldIndex("_dist_arcsec"))).isTrue();
            } else {
                matched.put(
                        CrossmatchTestData.key(l, r.getLong(r.fieldIndex("id_right"))),
                        r.getDouble(r.fieldIndex("_dist_arcsec")));
            }
        }
        CrossmatchTestData.assertSamePairs(matched, nearest, TOLERANCE_ARCSEC);
        assertThat(seen).hasSize(left.size());
    }

    @Test
    void kAboveTheAvailableNeighboursReturnsOnlyThose() {
        double[] c = {45.0, -30.0};
        // right: three within 5 arcsec of the left row, two beyond
        Dataset<Row> right = rows(
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(1.0), 0.3)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(2.0), 1.3)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(4.0), 2.3)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(6.0), 3.3)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(9.0), 4.3)));
        // left: the centre, and a row with no neighbour at all
        Dataset<Row> left = rows(new Double[] {c[0], c[1]}, new Double[] {50.0, -30.0});
        Map<Long, Double> got = pairs(
                MastCrossmatch.of(left, right).radiusArcsec(5.0).nNeighbors(7).toDataFrame());
        assertThat(got).containsOnlyKeys(key(0, 0), key(0, 1), key(0, 2));
        assertThat(got.get(key(0, 0))).isCloseTo(1.0, within(1e-9));
        assertThat(got.get(key(0, 1))).isCloseTo(2.0, within(1e-9));
        assertThat(got.get(key(0, 2))).isCloseTo(4.0, within(1e-9));
        // a left join adds the unmatched row once, with nulls
        List<Row> all = MastCrossmatch.of(left, right)
                .radiusArcsec(5.0)
                .nNeighbors(7)
                .how("left")
                .toDataFrame()
                .where("id_left = 1")
                .collectAsList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).isNullAt(all.get(0).fieldIndex("_dist_arcsec"))).isTrue();
    }

    @Test
    void theMinimumRadiusExcludesCloserPairs() {
        double[] c = {359.9999, 0.0};
        Dataset<Row> right = rows(
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(0.5), 0.1)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(1.5), 1.7)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(2.5), 3.3)),
                at(CrossmatchTestData.offset(c[0], c[1], arcsec(3.5), 4.9)));
        Dataset<Row> left = rows(new Double[] {c[0], c[1]});
        Map<Long, Double> all = pairs(MastCrossmatch.of(left, right)
                .radiusArcsec(3.0)
                .minRadiusArcsec(1.0)
                .allWithinRadius()
                .toDataFrame());
        assertThat(all).containsOnlyKeys(key(0, 1), key(0, 2));
        assertThat(all.get(key(0, 1))).isCloseTo(1.5, within(1e-9));
        Map<Long, Double> nearest = pairs(MastCrossmatch.of(left, right)
                .radiusArcsec(3.0)
                .minRadiusArcsec(1.0)
                .nNeighbors(1)
                .toDataFrame());
        assertThat(nearest).containsOnlyKeys(key(0, 1));
    }

    @Test
    void suffixesGoOnlyOnNamesBothSidesHave() {
        StructType ls = new StructType()
                .add("id", DataTypes.LongType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("Flux", DataTypes.DoubleType)
                .add("mag", DataTypes.DoubleType);
        StructType rs = new StructType()
                .add("source_id", DataTypes.LongType)
                .add("RA_ICRS", DataTypes.DoubleType)
                .add("DE_ICRS", DataTypes.DoubleType)
                .add("flux", DataTypes.DoubleType)
                .add("mag", DataTypes.DoubleType);
        Dataset<Row> left = spark.createDataFrame(List.of(RowFactory.create(1L, 10.0, 20.0, 5.0, 12.5)), ls);
        double[] p = CrossmatchTestData.offset(10.0, 20.0, arcsec(0.25), 1.0);
        Dataset<Row> right = spark.createDataFrame(List.of(RowFactory.create(9L, p[0], p[1], 6.0, 13.5)), rs);
        Dataset<Row> out = MastCrossmatch.of(left, right)
                .radiusArcsec(1.0)
                .rightColumns("RA_ICRS", "DE_ICRS")
                .suffixes("_tic", "_gaia")
                .distanceColumn("sep")
                .toDataFrame();
        assertThat(out.columns())
                .containsExactly(
                        "id",
                        "ra",
                        "dec",
                        "Flux_tic",
                        "mag_tic",
                        "source_id",
                        "RA_ICRS",
                        "DE_ICRS",
                        "flux_gaia",
                        "mag_gaia",
                        "sep");
        List<Row> rows = out.collectAsList();
        assertThat(rows).hasSize(1);
        Row r = rows.get(0);
        assertThat(r.getLong(0)).isEqualTo(1L);
        assertThat(r.getDouble(3)).isEqualTo(5.0);
        assertThat(r.getDouble(4)).isEqualTo(12.5);
        assertThat(r.getLong(5)).isEqualTo(9L);
        assertThat(r.getDouble(8)).isEqualTo(6.0);
        assertThat(r.getDouble(9)).isEqualTo(13.5);
        assertThat(r.getDouble(10)).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void rowsWithNullPositionsNeverMatchAndAreKeptByALeftJoin() {
        double[] c = {120.0, -60.0};
        Double[] near = at(CrossmatchTestData.offset(c[0], c[1], arcsec(0.5), 2.0));
        // left: 0 matches, 1 has no ra, 2 no dec, 3 neither
        Dataset<Row> left = rows(new Double[] {c[0], c[1]}, new Double[] {null, c[1]}, new Double[] {c[0], null}, null);
        // right: 0 matches left 0; 1 and 2 lack a coordinate
        Dataset<Row> right = rows(near, new Double[] {null, c[1]}, new Double[] {c[0], null});
        for (MastCrossmatch m : List.of(
                MastCrossmatch.of(left, right).radiusArcsec(2.0).nNeighbors(1),
                MastCrossmatch.of(left, right).radiusArcsec(2.0).allWithinRadius())) {
            assertThat(pairs(m.toDataFrame())).containsOnlyKeys(key(0, 0));
        }
        for (MastCrossmatch m : List.of(
                MastCrossmatch.of(left, right).radiusArcsec(2.0).nNeighbors(1).how("left"),
                MastCrossmatch.of(left, right)
                        .radiusArcsec(2.0)
                        .allWithinRadius()
                        .how("left"))) {
            List<Row> rows = m.toDataFrame().orderBy("id_left").collectAsList();
            assertThat(rows).hasSize(4);
            assertThat(rows.get(0).getLong(3)).isEqualTo(0L);
            for (int i = 1; i < 4; i++) {
                Row r = rows.get(i);
                assertThat(r.getLong(0)).isEqualTo(i);
                assertThat(r.get(1)).isEqualTo(i == 1 || i == 3 ? null : c[0]);
                assertThat(r.get(2)).isEqualTo(i == 2 || i == 3 ? null : c[1]);
                for (int col = 3; col < 7; col++) {
                    assertThat(r.isNullAt(col)).as("row %s column %s", i, col).isTrue();
                }
            }
        }
    }

    /**
     * Stars at epoch 2016 with their proper motion (one 1.8 arcsec from the north pole, moving away from it, so that
     * in 2000 it was on the other side of the pole; one near ra = 0) and the same stars at 2000, 4 to 16 arcsec away;
     * at 1 arcsec they match only when one side is moved to the other's epoch, each star with itself.
     */
    @Test
    void properMotionMovesOneSideToTheOthersEpoch() {
        StructType moving = new StructType()
                .add("id", DataTypes.LongType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("pmra", DataTypes.DoubleType)
                .add("pmdec", DataTypes.DoubleType);
        Sky at2016 = new SkyBuilder(33)
                .add(10.0, 89.9995)
                .add(0.0001, 12.0)
                .disc(40, 250.0, 30.0, 0.2)
                .build();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(34);
        List<Row> movingRows = new ArrayList<>();
        SkyBuilder at2000 = new SkyBuilder(0);
        for (int i = 0; i < at2016.size(); i++) {
            double speed = 250 + 750 * rnd.nextDouble(); // mas/yr: 4 to 16 arcsec in 16 years
            double angle = 2 * Math.PI * rnd.nextDouble();
            double pmra = i == 0 ? 0 : speed * Math.sin(angle);
            double pmdec = i == 0 ? -900 : speed * Math.cos(angle);
            double[] q = {at2016.ra()[i], at2016.dec()[i]};
            movingRows.add(RowFactory.create((long) i, q[0], q[1], pmra, pmdec));
            // 16 years back: along the great circle opposite to the motion (an independent model of the motion,
            // which differs from a straight line in space by far less than 0.01 arcsec over 16 arcsec)
            double back = Math.toRadians(Math.hypot(pmra, pmdec) * 16 / 3_600_000.0);
            double[] p = CrossmatchTestData.offset(q[0], q[1], back, Math.atan2(-pmra, -pmdec));
            at2000.add(p[0], p[1]);
        }
        Sky still2000 = at2000.build();
        assertThat(still2000.ra()[0]).as("the pole star crossed the pole").isBetween(185.0, 195.0);
        Dataset<Row> still = frame(still2000);
        Dataset<Row> withMotion = spark.createDataFrame(movingRows, moving);
        Set<Long> selfPairs = new HashSet<>();
        for (int i = 0; i < at2016.size(); i++) {
            selfPairs.add(key(i, i));
        }

        assertThat(pairs(MastCrossmatch.of(still, withMotion)
                        .radiusArcsec(1.0)
                        .allWithinRadius()
                        .toDataFrame()))
                .as("without proper motion nothing is within 1 arcsec")
                .isEmpty();
        Map<Long, Double> right = pairs(MastCrossmatch.of(still, withMotion)
                .radiusArcsec(1.0)
                .allWithinRadius()
                .rightProperMotion("pmra", "pmdec", 2016.0, 2000.0)
                .toDataFrame());
        assertThat(right.keySet()).isEqualTo(selfPairs);
        assertThat(right.values()).allSatisfy(d -> assertThat(d).isLessThan(0.01));
        Map<Long, Double> left = pairs(MastCrossmatch.of(withMotion, still)
                .radiusArcsec(1.0)
                .nNeighbors(1)
                .leftProperMotion("pmra", "pmdec", 2016.0, 2000.0)
                .toDataFrame());
        assertThat(left.keySet()).isEqualTo(selfPairs);
        assertThat(left.values()).allSatisfy(d -> assertThat(d).isLessThan(0.01));
    }

    /**
     * 40k x 40k rows in a 20-arcsec disc, plus 5k x 5k spread over the sky: at 0.1 arcsec (some 4 x 10^4 pairs)
     * and, nearest only, at 0.5 arcsec, where the cells chosen from the radius would hold thousands of rows and
     * the crowded ones are split.
     */
    @Test
    void aDenseClusterMatchesLikeTheBruteForceAndIsRefined() {
        Sky left = new SkyBuilder(51)
                .disc(40_000, 83.8, -5.4, 20 / 3600.0)
                .uniform(5_000)
                .build();
        Sky right = new SkyBuilder(52)
                .disc(40_000, 83.8, -5.4, 20 / 3600.0)
                .uniform(5_000)
                .build();
        MastCrossmatch all =
                MastCrossmatch.of(frame(left), frame(right)).radiusArcsec(0.1).allWithinRadius();
        Map<Long, Double> expected = CrossmatchTestData.bruteForce(left, right, 0.1, 0);
        assertThat(expected.size()).isGreaterThan(35_000);
        CrossmatchTestData.assertSamePairs(pairs(all.toDataFrame()), expected, TOLERANCE_ARCSEC);
        assertThat(all.describe()).startsWith("shuffle join at HEALPix order ");

        MastCrossmatch nearest =
                MastCrossmatch.of(frame(left), frame(right)).radiusArcsec(0.5).nNeighbors(1);
        Map<Long, Double> expectedNearest = CrossmatchTestData.bruteForceNearest(left, right, 0.5, 0, 1);
        assertThat(expectedNearest.size()).isGreaterThan(39_000);
        CrossmatchTestData.assertSamePairs(pairs(nearest.toDataFrame()), expectedNearest, TOLERANCE_ARCSEC);
        assertThat(nearest.describe())
                .matches("shuffle join at HEALPix order \\d+ \\(\\d+ dense cells? at order \\d+\\)");
    }

    /**
     * A cluster 36 arcsec from the north pole, both poles and the ra = 0 strip, matched at orders 8, 12, 16 and the
     * automatic one (which splits the cluster's cells).
     */
    @Test
    void everyHealpixOrderGivesTheSameAnswer() {
        Sky left = mixed(61);
        Sky right = mixed(62);
        Map<Long, Double> all = CrossmatchTestData.bruteForce(left, right, 2.0, 0);
        Map<Long, Double> two = CrossmatchTestData.bruteForceNearest(left, right, 2.0, 0, 2);
        assertThat(all.size()).isGreaterThan(10_000);
        for (int order : new int[] {8, 12, 16, -1}) {
            MastCrossmatch a = MastCrossmatch.of(frame(left), frame(right))
                    .radiusArcsec(2.0)
                    .allWithinRadius()
                    .healpixOrder(order);
            CrossmatchTestData.assertSamePairs(pairs(a.toDataFrame()), all, TOLERANCE_ARCSEC);
            if (order >= 0) {
                assertThat(a.describe()).isEqualTo("shuffle join at HEALPix order " + order);
            } else {
                // the cluster 36 arcsec from the pole is split into finer cells
                assertThat(a.describe())
                        .matches("shuffle join at HEALPix order \\d+ \\(\\d+ dense cells? at order \\d+\\)");
            }
            if (order == 12) {
                continue; // the nearest-k step at the extremes and the automatic order is enough
            }
            MastCrossmatch k = MastCrossmatch.of(frame(left), frame(right))
                    .radiusArcsec(2.0)
                    .nNeighbors(2)
                    .healpixOrder(order);
            CrossmatchTestData.assertSamePairs(pairs(k.toDataFrame()), two, TOLERANCE_ARCSEC);
        }
    }

    /** A DataFrame matched with itself (one lineage on both sides): every row finds itself and its neighbours. */
    @Test
    void aDataFrameMatchedWithItself() {
        Sky sky = new SkyBuilder(71).disc(3_000, 10.0, 10.0, 0.02).build();
        Dataset<Row> df = frame(sky);
        Map<Long, Double> expected = CrossmatchTestData.bruteForce(sky, sky, 2.0, 0);
        assertThat(expected.size()).isGreaterThan(3_000 + 1_000);
        CrossmatchTestData.assertSamePairs(
                pairs(MastCrossmatch.of(df, df)
                        .radiusArcsec(2.0)
                        .allWithinRadius()
                        .toDataFrame()),
                expected,
                TOLERANCE_ARCSEC);
        // without itself: the nearest other row
        CrossmatchTestData.assertSamePairs(
                pairs(MastCrossmatch.of(df, df)
                        .radiusArcsec(2.0)
                        .minRadiusArcsec(1e-6)
                        .nNeighbors(1)
                        .toDataFrame()),
                CrossmatchTestData.bruteForceNearest(sky, sky, 2.0, 1e-6, 1),
                TOLERANCE_ARCSEC);
    }

    /** A right ascension below 0 or from 360 on is taken modulo 360 (only dec and non-finite values are errors). */
    @Test
    void rightAscensionOutside0To360IsTakenModulo360() {
        Dataset<Row> left = rows(new Double[] {0.0001, 5.0}, new Double[] {359.9999, -5.0});
        Dataset<Row> right = rows(
                new Double[] {-0.0001, 5.0}, // 0.72 arcsec from left 0 (0.0002 deg * cos 5)
                new Double[] {360.0002, 5.0}, // 0.36 arcsec from left 0
                new Double[] {720.0 - 0.0002, -5.0}, // 0.36 arcsec from left 1
                new Double[] {-360.0, -5.0}); // 0.36 arcsec from left 1
        Map<Long, Double> got = pairs(MastCrossmatch.of(left, right)
                .radiusArcsec(1.0)
                .allWithinRadius()
                .toDataFrame());
        assertThat(got).containsOnlyKeys(key(0, 0), key(0, 1), key(1, 2), key(1, 3));
        double cos5 = Math.cos(Math.toRadians(5.0));
        assertThat(got.get(key(0, 0))).isCloseTo(0.72 * cos5, within(1e-6));
        assertThat(got.get(key(0, 1))).isCloseTo(0.36 * cos5, within(1e-6));
        assertThat(got.get(key(1, 2))).isCloseTo(0.36 * cos5, within(1e-6));
        assertThat(got.get(key(1, 3))).isCloseTo(0.36 * cos5, within(1e-6));
    }

    /** At the largest radius, 10 degrees, across the north pole and across ra = 0. */
    @Test
    void theLargestRadiusMatchesAcrossThePoleAndRaZero() {
        Dataset<Row> left = rows(new Double[] {0.0, 85.05}, new Double[] {355.0, 0.0});
        Dataset<Row> right = rows(
                new Double[] {180.0, 85.0}, // 9.95 deg over the pole from left 0
                new Double[] {180.0, 84.9}, // 10.05 deg
                new Double[] {4.9, 0.0}, // 9.9 deg across ra = 0 from left 1
                new Double[] {5.1, 0.0}); // 10.1 deg
        Map<Long, Double> got = pairs(MastCrossmatch.of(left, right)
                .radiusArcsec(CrossmatchSpec.MAX_RADIUS_ARCSEC)
                .allWithinRadius()
                .toDataFrame());
        assertThat(got).containsOnlyKeys(key(0, 0), key(1, 2));
        assertThat(got.get(key(0, 0))).isCloseTo(9.95 * 3600, within(1e-6));
        assertThat(got.get(key(1, 2))).isCloseTo(9.9 * 3600, within(1e-6));
    }

    private static Sky mixed(long seed) {
        return new SkyBuilder(seed)
                .disc(1_500, 300.0, 89.99, 12 / 3600.0)
                .cap(2_000, 0.02, true)
                .cap(2_000, 0.02, false)
                .wrapStrip(2_000, 0.01, 30.0, 30.02)
                .uniform(3_000)
                .build();
    }

    private static double arcsec(double a) {
        return Math.toRadians(a / 3600);
    }

    private static long key(long l, long r) {
        return CrossmatchTestData.key(l, r);
    }
}
