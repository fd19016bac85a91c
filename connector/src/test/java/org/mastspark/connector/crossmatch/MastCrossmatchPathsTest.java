package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;

/**
 * {@link MastCrossmatch} chooses the aligned HATS path for two plain HATS reads with a wide enough margin, and
 * the shuffle join otherwise; both give LSDB's expected answer.
 */
class MastCrossmatchPathsTest {
    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private static Dataset<Row> left() {
        return spark.read()
                .format("mast")
                .load("hats:" + HatsCrossmatchTest.lsdb().resolve("small_sky"));
    }

    private static Dataset<Row> right(String marginDir) {
        return spark.read()
                .format("mast")
                .option("margin", HatsCrossmatchTest.lsdb().resolve(marginDir).toString())
                .load("hats:" + HatsCrossmatchTest.lsdb().resolve("small_sky_xmatch"));
    }

    @Test
    void twoHatsReadsAreMatchedPartitionByPartitionWithoutAShuffle() {
        Map<String, Double> expected = HatsCrossmatchTest.expected("xmatch_correct_3n_2t.csv");
        MastCrossmatch xm = MastCrossmatch.of(left().select("id", "ra", "dec"), right("small_sky_xmatch_margin"))
                .radiusArcsec(7200)
                .nNeighbors(3);
        Dataset<Row> m = xm.toDataFrame();
        assertThat(xm.describe()).startsWith("aligned HATS partitions of hats:").endsWith(", no shuffle");
        assertThat(m.queryExecution().executedPlan().toString()).doesNotContain("Exchange");
        assertSamePairs(HatsCrossmatchTest.pairs(m), expected);

        MastCrossmatch shuffled = MastCrossmatch.of(left().select("id", "ra", "dec"), right("small_sky_xmatch_margin"))
                .radiusArcsec(7200)
                .nNeighbors(3)
                .alignHats(false);
        Dataset<Row> s = shuffled.toDataFrame();
        assertThat(shuffled.describe()).startsWith("shuffle join at HEALPix order ");
        assertThat(s.queryExecution().executedPlan().toString()).contains("Exchange");
        assertThat(s.columns()).containsExactly(m.columns());
        assertSamePairs(HatsCrossmatchTest.pairs(s), expected);
    }

    @Test
    void aFilteredReadOrAMarginNarrowerThanTheRadiusTakesTheShuffleJoin() {
        Map<String, Double> expected = HatsCrossmatchTest.expected("xmatch_correct_3n_2t.csv");
        MastCrossmatch filtered = MastCrossmatch.of(
                        left().where("id >= 0").select("id", "ra", "dec"), right("small_sky_xmatch_margin"))
                .radiusArcsec(7200)
                .nNeighbors(3);
        assertSamePairs(HatsCrossmatchTest.pairs(filtered.toDataFrame()), expected);
        assertThat(filtered.describe()).startsWith("shuffle join at HEALPix order ");

        // The margin cache of small_sky_xmatch was built for 2 degrees: a larger radius cannot use it.
        MastCrossmatch wide = MastCrossmatch.of(left().select("id", "ra", "dec"), right("small_sky_xmatch_margin"))
                .radiusArcsec(3 * 7200)
                .allWithinRadius();
        long n = wide.toDataFrame().count();
        assertThat(wide.describe()).startsWith("shuffle join at HEALPix order ");
        long all = left().count() * right("small_sky_xmatch_margin").count();
        assertThat(n).isGreaterThan(0).isLessThanOrEqualTo(all);
    }

    private static void assertSamePairs(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey()))
                    .as(e.getKey())
                    .isCloseTo(e.getValue(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
