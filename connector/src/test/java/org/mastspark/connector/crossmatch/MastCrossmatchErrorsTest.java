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
                .hasMessage("Missing column 'RA_ICRS' on the right side of the cross-match: its columns are [id, ra,"
                        + " dec]; name the position columns with rightColumns(ra, dec)");
        assertThatThrownBy(
                        () -> m().radiusArcsec(1).leftColumns("ra", "DEJ2000").toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing column 'DEJ2000' on the left side of the cross-match: its columns are [id, ra,"
                        + " dec]; name the position columns with leftColumns(ra, dec)");
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
                .hasMessage("Column 'ra' on the right side of the cross-match has type string: positions must be"
                        + " numeric degrees; cast it, or name other columns with rightColumns(ra, dec)");
    }

    @Test
    void missingRadius() {
        assertThatThrownBy(() -> m().nNeighbors(1).toDataFrame())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing value for 'radiusArcsec': call radiusArcsec(...) with the match radius in"
                        + " arcseconds, e.g. 1.0");
    }

    @Test
    void declinationOutOfRangeFailsTheQueryNamingSideColumnAndValue() {
        Dataset<Row> bad = spark.createDataFrame(
                List.of(RowFactory.create(1L, 10.0, 20.0), RowFactory.create(2L, 10.0, 95.0)),
                CrossmatchTestData.POSITIONS);
        Dataset<Row> right = MastCrossmatch.of(good, bad).radiusArcsec(1).toDataFrame();
        assertThatThrownBy(right::collectAsList)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 95.0 in column 'dec' of the right side of the cross-match: a declination"
                        + " must be from -90 to 90 degrees; filter such rows out or set them to null (null positions"
                        + " never match)");
        StructType s = new StructType()
                .add("id", DataTypes.LongType)
                .add("RAJ2000", DataTypes.DoubleType)
                .add("DEJ2000", DataTypes.DoubleType);
        Dataset<Row> badLeft = spark.createDataFrame(List.of(RowFactory.create(1L, 10.0, -95.5)), s);
        Dataset<Row> left = MastCrossmatch.of(badLeft, good)
                .radiusArcsec(1)
                .leftColumns("RAJ2000", "DEJ2000")
                .how("left")
                .toDataFrame();
        assertThatThrownBy(left::collectAsList)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -95.5 in column 'DEJ2000' of the left side of the cross-match: a"
                        + " declination must be from -90 to 90 degrees; filter such rows out or set them to null (null"
                        + " positions never match)");
    }

    @Test
    void nonFiniteRightAscensionFailsTheQuery() {
        Dataset<Row> bad = spark.createDataFrame(
                List.of(RowFactory.create(1L, Double.POSITIVE_INFINITY, 20.0)), CrossmatchTestData.POSITIONS);
        Dataset<Row> out = MastCrossmatch.of(bad, good).radiusArcsec(1).toDataFrame();
        assertThatThrownBy(out::collectAsList)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value Infinity in column 'ra' of the left side of the cross-match: a right"
                        + " ascension must be a finite number of degrees; filter such rows out or set them to null"
                        + " (null positions never match)");
    }
}
