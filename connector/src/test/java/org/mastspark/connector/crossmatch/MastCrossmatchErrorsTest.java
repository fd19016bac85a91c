package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;

/** Bad input gets an error naming the setting or the side and column, the bad value and the fix. */
class MastCrossmatchErrorsTest {
    private static SparkSession spark;
    private static Dataset<Row> good;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        good = spark.createDataFrame(
                List.of(RowFactory.create(1L, 10.0, 20.0), RowFactory.create(2L, 10.0001, 20.0)),
                CrossmatchTestData.POSITIONS);
    }

    private static MastCrossmatch m() {
        return MastCrossmatch.of(good, good);
    }

    @Test
    void radiusAtOrBelowZeroOrAboveTenDegrees() {
        for (double bad : new double[] {0.0, -1.0, 36_000.5, Double.NaN}) {
            assertThatThrownBy(() -> m().radiusArcsec(bad).toDataFrame())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid value " + bad + " for 'radiusArcsec': expected a radius in arcseconds"
                            + " above 0 and at most 36000 (10 degrees), e.g. 1.0");
        }
    }

    @Test
    void kBelowOne() {
        assertThatThrownBy(() -> m().radiusArcsec(1).nNeighbors(0).toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 0 for 'nNeighbors': expected 1 or more, or allWithinRadius() for every"
                        + " neighbour");
        assertThatThrownBy(() -> m().radiusArcsec(1).nNeighbors(-2).toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -2 for 'nNeighbors': expected 1 or more, or allWithinRadius() for every"
                        + " neighbour");
    }

    @Test
    void minRadiusAtOrAboveTheRadius() {
        assertThatThrownBy(() -> m().radiusArcsec(2.0).minRadiusArcsec(2.0).toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 2.0 for 'minRadiusArcsec': it must be smaller than 'radiusArcsec' (2.0),"
                        + " or no pair could match");
        assertThatThrownBy(() -> m().minRadiusArcsec(3.0).radiusArcsec(2.0).toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 3.0 for 'minRadiusArcsec': it must be smaller than 'radiusArcsec' (2.0),"
                        + " or no pair could match");
    }

    @Test
    void unknownHow() {
        assertThatThrownBy(() -> m().radiusArcsec(1).how("outer").toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'outer' for 'how': expected \"inner\" (matched left rows only) or \"left\""
                        + " (every left row, unmatched ones with nulls)");
    }

    @Test
    void missingPositionColumnNamesTheSideTheColumnAndTheAvailableOnes() {
        assertThatThrownBy(
                        () -> m().radiusArcsec(1).rightColumns("RA_ICRS", "dec").toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TODO right RA_ICRS [id, ra, dec]");
        assertThatThrownBy(
                        () -> m().radiusArcsec(1).leftColumns("ra", "DEJ2000").toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TODO left DEJ2000 [id, ra, dec]");
    }

    @Test
    void nonNumericPositionColumn() {
        StructType s = new StructType()
                .add("id", DataTypes.LongType)
                .add("ra", DataTypes.StringType)
                .add("dec", DataTypes.DoubleType);
        Dataset<Row> text = spark.createDataFrame(List.of(RowFactory.create(1L, "10.0", 20.0)), s);
        assertThatThrownBy(() -> MastCrossmatch.of(good, text).radiusArcsec(1).toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TODO right ra string");
    }

    @Test
    void declinationOutOfRangeFailsTheQueryNamingSideColumnAndValue() {
        Dataset<Row> bad = spark.createDataFrame(
                List.of(RowFactory.create(1L, 10.0, 20.0), RowFactory.create(2L, 10.0, 95.0)),
                CrossmatchTestData.POSITIONS);
        Dataset<Row> out = MastCrossmatch.of(good, bad).radiusArcsec(1).toDataFrame();
        assertThatThrownBy(out::collectAsList).hasStackTraceContaining("TODO right dec 95.0");
    }
}
