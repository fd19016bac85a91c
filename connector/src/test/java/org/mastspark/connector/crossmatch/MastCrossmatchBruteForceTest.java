package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.SkyMath;

/** The shuffle join against an all-pairs computation in the test, on data built to be hard. */
class MastCrossmatchBruteForceTest {
    private static SparkSession spark;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType);
    private static List<double[]> leftRows;
    private static List<double[]> rightRows;
    private static Dataset<Row> left;
    private static Dataset<Row> right;
    private static final double RADIUS = 2.0;

    @BeforeAll
    static void data() {
        spark = SparkTestSession.get();
        Random rnd = new Random(2026);
        leftRows = points(rnd, 0);
        rightRows = points(rnd, 1_000_000);
        left = frame(leftRows);
        right = frame(rightRows);
    }

    /** A crowded 8-arcsec disc, both polar caps, a strip across ra = 0, and scattered pairs. */
    private static List<double[]> points(Random rnd, long firstId) {
        List<double[]> rows = new ArrayList<>();
        long id = firstId;
        for (int i = 0; i < 3_000; i++) {
            double[] p =
                    SkyMath.offset(210.8, 54.3, Math.sqrt(rnd.nextDouble()) * 8 / 3600.0, rnd.nextDouble() * 6.283);
            rows.add(new double[] {id++, p[0], p[1]});
        }
        for (int i = 0; i < 600; i++) {
            double sign = i % 2 == 0 ? 1 : -1;
            double[] p =
                    SkyMath.offset(0, 90 * sign, Math.sqrt(rnd.nextDouble()) * 30 / 3600.0, rnd.nextDouble() * 6.283);
            rows.add(new double[] {id++, p[0], p[1]});
        }
        for (int i = 0; i < 600; i++) {
            double ra = (rnd.nextDouble() - 0.5) * 60 / 3600.0;
            rows.add(new double[] {id++, ra < 0 ? ra + 360 : ra, -30 + rnd.nextDouble() * 20 / 3600.0});
        }
        return rows;
    }

    private static Dataset<Row> frame(List<double[]> rows) {
        List<Row> r = new ArrayList<>();
        for (double[] p : rows) {
            r.add(RowFactory.create((long) p[0], p[1], p[2]));
        }
        return spark.createDataFrame(r, SCHEMA);
    }

    /** left id -> (separation arcsec -> right id), every pair within the radius. */
    private static TreeMap<Long, TreeMap<Double, Long>> bruteForce(double minArcsec) {
        TreeMap<Long, TreeMap<Double, Long>> out = new TreeMap<>();
        for (double[] l : leftRows) {
            for (double[] r : rightRows) {
                double d = SkyMath.angularDistanceDeg(l[1], l[2], r[1], r[2]) * 3600;
                if (d <= RADIUS && d >= minArcsec) {
                    out.computeIfAbsent((long) l[0], k -> new TreeMap<>()).put(d, (long) r[0]);
                }
            }
        }
        return out;
    }

    private static TreeSet<String> pairs(Dataset<Row> m) {
        TreeSet<String> s = new TreeSet<>();
        for (Row r : m.collectAsList()) {
            s.add(r.getLong(0) + "-" + (r.isNullAt(3) ? "null" : r.getLong(3)));
        }
        return s;
    }

    @Test
    void allWithinRadiusFindsExactlyTheBruteForcePairsWithTheirSeparations() {
        MastCrossmatch xm = MastCrossmatch.of(left, right).radiusArcsec(RADIUS).allWithinRadius();
        Dataset<Row> m = xm.toDataFrame();
        assertThat(m.columns())
                .containsExactly("id_left", "ra_left", "dec_left", "id_right", "ra_right", "dec_right", "_dist_arcsec");
        assertThat(xm.describe())
                .startsWith("shuffle join at HEALPix order 12 (")
                .contains("dense cells at order");
        TreeMap<Long, TreeMap<Double, Long>> expected = bruteForce(0);
        TreeSet<String> want = new TreeSet<>();
        expected.forEach((l, rs) -> rs.values().forEach(r -> want.add(l + "-" + r)));
        List<Row> rows = m.collectAsList();
        assertThat(rows).hasSize(want.size());
        assertThat(pairs(m)).isEqualTo(want);
        assertThat(want.size()).isGreaterThan(3_000);
        for (Row r : rows) {
            double d =
                    SkyMath.angularDistanceDeg(r.getDouble(1), r.getDouble(2), r.getDouble(4), r.getDouble(5)) * 3600;
            assertThat(r.getDouble(6)).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-9 * 3600));
        }
    }

    @Test
    void nearestTwoAndTheLeftJoinKeepEveryLeftRow() {
        TreeMap<Long, TreeMap<Double, Long>> expected = bruteForce(0.5);
        TreeSet<String> want = new TreeSet<>();
        for (double[] l : leftRows) {
            TreeMap<Double, Long> rs = expected.get((long) l[0]);
            if (rs == null) {
                want.add((long) l[0] + "-null");
            } else {
                rs.values().stream().limit(2).forEach(r -> want.add((long) l[0] + "-" + r));
            }
        }
        Dataset<Row> m = MastCrossmatch.of(left, right)
                .radiusArcsec(RADIUS)
                .minRadiusArcsec(0.5)
                .nNeighbors(2)
                .how("left")
                .healpixOrder(12)
                .toDataFrame();
        assertThat(pairs(m)).isEqualTo(want);
        assertThat(m.count()).isEqualTo(want.size());
        assertThat(want).anyMatch(s -> s.endsWith("-null"));
    }

    @Test
    void sameAnswerAtEveryOrder() {
        TreeSet<String> auto =
                pairs(MastCrossmatch.of(left, right).radiusArcsec(RADIUS).toDataFrame());
        for (int order : new int[] {6, 10, 16}) {
            TreeSet<String> at = pairs(MastCrossmatch.of(left, right)
                    .radiusArcsec(RADIUS)
                    .healpixOrder(order)
                    .toDataFrame());
            assertThat(at).as("order %s", order).isEqualTo(auto);
        }
        TreeMap<Long, TreeMap<Double, Long>> expected = bruteForce(0);
        TreeSet<String> want = new TreeSet<>();
        expected.forEach((l, rs) -> want.add(l + "-" + rs.firstEntry().getValue()));
        assertThat(auto).isEqualTo(want);
    }
}
