package org.mastspark.udfs.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.SkyMath;

/**
 * The README's SQL cross-match ("Cross-matching in SQL"), read from README.md between its {@code
 * sql-crossmatch:begin/end} markers and run as written, against a brute-force cross join of the same two views:
 * random TIC-like and Gaia-like rows, a dense patch (several Gaia sources within 1 arcsec of a star), rows within
 * 40 arcsec of the north pole and straddling ra = 0, and counterparts placed at up to 1.2 arcsec (so some just
 * inside and some just outside the radius).
 */
class SqlCrossmatchRecipeTest {
    private static final double RADIUS_DEG = 1.0 / 3600;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("sql-crossmatch-recipe-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        MastSkyFunctions.register(spark);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void readmeRecipeFindsTheNearestCounterpartOfEveryStarAsABruteForceCrossJoinDoes() throws IOException {
        List<double[]> tic = new ArrayList<>(); // ID, ra, dec
        List<double[]> gaia = new ArrayList<>(); // source_id, ra, dec
        sky(new Random(15), tic, gaia);
        StructType ticSchema = new StructType()
                .add("ID", DataTypes.LongType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("Tmag", DataTypes.DoubleType);
        StructType gaiaSchema = new StructType()
                .add("source_id", DataTypes.LongType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("phot_g_mean_mag", DataTypes.DoubleType);
        spark.createDataFrame(tic.stream().map(t -> row(t, 10.0)).toList(), ticSchema)
                .createOrReplaceTempView("tic");
        spark.createDataFrame(gaia.stream().map(g -> row(g, 12.0)).toList(), gaiaSchema)
                .createOrReplaceTempView("gaia");

        List<Row> rows = spark.sql(readmeSql()).collectAsList();

        List<String> expected = bruteForceNearest(tic, gaia);
        List<String> actual = rows.stream()
                .map(r -> pair(r.getLong(0), r.getLong(1), r.getDouble(2)))
                .sorted()
                .toList();
        assertThat(rows.get(0).schema().fieldNames()).containsExactly("ID", "source_id", "dist_arcsec");
        System.out.printf(
                "README cross-match: %d stars, %d sources, %d nearest pairs%n",
                tic.size(), gaia.size(), expected.size());
        assertThat(actual).hasSize(expected.size()).isEqualTo(expected);
        // the data exercise what the recipe claims to handle
        assertThat(expected.size()).isGreaterThan(1500);
        assertThat(matches(rows, tic, gaia, (t, g) -> t[2] > 89.99)).isGreaterThan(50);
        assertThat(matches(rows, tic, gaia, (t, g) -> Math.abs(t[1] - g[1]) > 180))
                .isGreaterThan(10);
        assertThat(rows.stream().filter(r -> r.getDouble(2) > 0.9).count()).isGreaterThan(20);
    }

    /**
     * The exactly-once claim the README makes for its join: the same building blocks without the nearest-k step give
     * every pair within the radius once.
     */
    @Test
    void theRecipesJoinMeetsEveryPairWithinTheRadiusExactlyOnce() {
        List<double[]> tic = new ArrayList<>();
        List<double[]> gaia = new ArrayList<>();
        sky(new Random(16), tic, gaia);
        StructType schema = new StructType()
                .add("id", DataTypes.LongType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("mag", DataTypes.DoubleType);
        spark.createDataFrame(tic.stream().map(t -> row(t, 1.0)).toList(), schema)
                .createOrReplaceTempView("l");
        spark.createDataFrame(gaia.stream().map(g -> row(g, 1.0)).toList(), schema)
                .createOrReplaceTempView("r");
        List<String> actual = spark
                .sql("SELECT l.id, r.id, mast_angular_distance(l.ra, l.dec, r.ra, r.dec) * 3600 FROM"
                        + " (SELECT *, mast_healpix(13, ra, dec) AS cell FROM l) l JOIN"
                        + " (SELECT *, explode(mast_healpix_disc(13, ra, dec, 1D / 3600)) AS cell FROM r) r"
                        + " ON l.cell = r.cell AND mast_angular_distance(l.ra, l.dec, r.ra, r.dec) <= 1D / 3600")
                .collectAsList()
                .stream()
                .map(x -> pair(x.getLong(0), x.getLong(1), x.getDouble(2)))
                .sorted()
                .toList();
        List<String> expected = new ArrayList<>();
        for (double[] t : tic) {
            for (double[] g : gaia) {
                double d = SkyMath.angularDistanceDeg(t[1], t[2], g[1], g[2]);
                if (d <= RADIUS_DEG) {
                    expected.add(pair((long) t[0], (long) g[0], d * 3600));
                }
            }
        }
        expected.sort(Comparator.naturalOrder());
        assertThat(expected.size()).isGreaterThan(2000);
        assertThat(actual).hasSize(expected.size()).isEqualTo(expected);
    }

    /** The SQL between the README's markers, without the Markdown fence. */
    static String readmeSql() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf("<!-- sql-crossmatch:begin -->");
        int end = readme.indexOf("<!-- sql-crossmatch:end -->");
        assertThat(begin).as("README.md's sql-crossmatch:begin marker").isNotNegative();
        assertThat(end).as("README.md's sql-crossmatch:end marker").isGreaterThan(begin);
        String block = readme.substring(begin, end);
        int open = block.indexOf("```sql\n");
        int close = block.lastIndexOf("```");
        assertThat(open).as("a ```sql block between the markers").isNotNegative();
        assertThat(close).isGreaterThan(open);
        return block.substring(open + "```sql\n".length(), close);
    }

    /**
     * About 2,800 stars and 3,600 sources: scattered over the sky, a dense patch of 300 x 900 rows within 15 arcsec
     * (about four sources within 1 arcsec of each star), 500 stars within 40 arcsec of the north pole and 500 within
     * 5 arcsec of ra = 0 on either side, three in four of these with a counterpart at up to 1.2 arcsec.
     */
    private static void sky(Random random, List<double[]> tic, List<double[]> gaia) {
        List<double[]> stars = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            stars.add(new double[] {
                360 * random.nextDouble(), Math.toDegrees(Math.asin(2 * random.nextDouble() - 1)), 1.2
            });
        }
        for (int i = 0; i < 500; i++) {
            stars.add(around(random, 0, 90, 40, 1.2));
        }
        for (int i = 0; i < 500; i++) { // within 5 arcsec of ra = 0 on either side
            double dec = 120 * random.nextDouble() - 60;
            double ra = (10 * random.nextDouble() - 5) / 3600 / Math.cos(Math.toRadians(dec));
            stars.add(new double[] {SkyMath.normalizeRa(ra), dec, 1.2});
        }
        for (int i = 0; i < 300; i++) {
            stars.add(around(random, 210.8, 54.35, 15, 0));
        }
        for (int i = 0; i < 900; i++) {
            double[] p = around(random, 210.8, 54.35, 15, 0);
            gaia.add(new double[] {gaia.size() + 1_000_000L, p[0], p[1]});
        }
        for (double[] s : stars) {
            tic.add(new double[] {tic.size() + 1L, s[0], s[1]});
            if (s[2] > 0 && random.nextInt(4) > 0) {
                // a counterpart at up to s[2] arcsec, denser towards the radius, where rounding matters
                double d = s[2] * Math.sqrt(random.nextDouble()) / 3600;
                double[] p = SkyMath.offset(s[0], s[1], d, 2 * Math.PI * random.nextDouble());
                gaia.add(new double[] {gaia.size() + 1_000_000L, p[0], p[1]});
            }
        }
        for (int i = 0; i < 800; i++) { // sources with no star
            gaia.add(new double[] {
                gaia.size() + 1_000_000L,
                360 * random.nextDouble(),
                Math.toDegrees(Math.asin(2 * random.nextDouble() - 1))
            });
        }
    }

    /** A point uniform in the disc of {@code arcsec} around {@code (ra, dec)}, with {@code counterpart} appended. */
    private static double[] around(Random random, double ra, double dec, double arcsec, double counterpart) {
        double[] p = SkyMath.offset(
                ra, dec, arcsec / 3600 * Math.sqrt(random.nextDouble()), 2 * Math.PI * random.nextDouble());
        return new double[] {p[0], p[1], counterpart};
    }

    /** For each star, its nearest source within the radius (ties by source id), as {@link #pair} strings, sorted. */
    private static List<String> bruteForceNearest(List<double[]> tic, List<double[]> gaia) {
        List<String> out = new ArrayList<>();
        for (double[] t : tic) {
            double best = Double.POSITIVE_INFINITY;
            long bestId = -1;
            for (double[] g : gaia) {
                double d = SkyMath.angularDistanceDeg(t[1], t[2], g[1], g[2]);
                if (d <= RADIUS_DEG && (d < best || (d == best && (long) g[0] < bestId))) {
                    best = d;
                    bestId = (long) g[0];
                }
            }
            if (bestId >= 0) {
                out.add(pair((long) t[0], bestId, best * 3600));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private interface PairTest {
        boolean test(double[] star, double[] source);
    }

    private static long matches(List<Row> rows, List<double[]> tic, List<double[]> gaia, PairTest test) {
        return rows.stream()
                .filter(r -> test.test(tic.get((int) r.getLong(0) - 1), gaia.get((int) (r.getLong(1) - 1_000_000L))))
                .count();
    }

    private static String pair(long left, long right, double distArcsec) {
        return left + "," + right + "," + distArcsec;
    }

    private static Row row(double[] v, double mag) {
        return RowFactory.create((long) v[0], v[1], v[2], mag);
    }
}
