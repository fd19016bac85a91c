package org.mastspark.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;

/**
 * The SQL catalog's functions: their names, binding (arity and types, with errors that name the function, the
 * argument and the fix), their answers (those of the connector's sky math, which the udfs module's functions
 * give too: {@code SqlFunctionsAgreementTest} there) and NULLs.
 */
class SqlFunctionsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // a session of its own: a session keeps the first catalog it built under a name
        spark = SparkTestSession.get().newSession();
        spark.conf().set("spark.sql.catalog.mast", SqlConePushdownTest.CATALOG);
    }

    private static StructType args(org.apache.spark.sql.types.DataType... types) {
        StructType s = new StructType();
        for (int i = 0; i < types.length; i++) {
            s = s.add("_" + i, types[i]);
        }
        return s;
    }

    @Test
    void theCatalogListsEachFunctionOnceAndLoadsItInAnyCase() {
        assertThat(SqlFunctions.names())
                .containsExactly(
                        "angular_distance",
                        "healpix",
                        "in_cone",
                        "mast_angular_distance",
                        "mast_healpix",
                        "mast_in_cone",
                        "resolve");
        for (String n : SqlFunctions.names()) {
            assertThat(SqlFunctions.load(n.toUpperCase(java.util.Locale.ROOT), null)
                            .name())
                    .isEqualTo(n);
        }
        assertThat(SqlFunctions.load("cone", null)).isNull();
        assertThat(SqlFunctions.load(null, null)).isNull();
    }

    @Test
    void aliasesShareTheCanonicalNameTheScanMatches() {
        StructType five = args(
                DataTypes.DoubleType,
                DataTypes.DoubleType,
                DataTypes.IntegerType,
                DataTypes.createDecimalType(5, 2),
                DataTypes.LongType);
        BoundFunction a = SqlFunctions.load("in_cone", null).bind(five);
        BoundFunction b = SqlFunctions.load("mast_in_cone", null).bind(five);
        assertThat(a.canonicalName()).isEqualTo(b.canonicalName()).isEqualTo("mast.in_cone");
        StructType four = args(DataTypes.DoubleType, DataTypes.DoubleType, DataTypes.FloatType, DataTypes.ShortType);
        assertThat(SqlFunctions.load("angular_distance", null).bind(four).canonicalName())
                .isEqualTo(SqlFunctions.load("mast_angular_distance", null)
                        .bind(four)
                        .canonicalName())
                .isEqualTo("mast.angular_distance");
        StructType three = args(DataTypes.IntegerType, DataTypes.DoubleType, DataTypes.DoubleType);
        assertThat(SqlFunctions.load("mast_healpix", null).bind(three).canonicalName())
                .isEqualTo("mast.healpix");
        assertThat(SqlFunctions.load("resolve", null)
                        .bind(args(DataTypes.StringType))
                        .resultType())
                .isEqualTo(ResolveFunction.RESULT_TYPE);
    }

    @Test
    void bindingRefusesTheWrongArityAndNonNumbersNamingTheArgument() {
        assertThatThrownBy(() -> SqlFunctions.load("in_cone", null)
                        .bind(args(
                                DataTypes.DoubleType,
                                DataTypes.DoubleType,
                                DataTypes.DoubleType,
                                DataTypes.DoubleType)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("mast.in_cone takes 5 arguments (ra, dec, ra0, dec0, radius_deg) but was given 4: call it"
                        + " as mast.in_cone(ra, dec, ra0, dec0, radius_deg)");
        assertThatThrownBy(() -> SqlFunctions.load("mast_angular_distance", null)
                        .bind(args(
                                DataTypes.DoubleType,
                                DataTypes.DoubleType,
                                DataTypes.StringType,
                                DataTypes.DoubleType)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Invalid type string for argument 3 (ra2) of mast.mast_angular_distance: expected a number"
                        + " of degrees (any numeric type); cast it, e.g. CAST(ra2 AS DOUBLE)");
        assertThatThrownBy(() -> SqlFunctions.load("resolve", null).bind(args(DataTypes.IntegerType)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Invalid type int for argument 1 (name) of mast.resolve: expected an object name such as"
                        + " 'M101'; cast it, e.g. CAST(name AS STRING)");
    }

    @Test
    void inSqlAWrongArgumentFailsTheQueryWithTheFunctionsMessage() {
        assertThatThrownBy(() -> spark.sql("SELECT mast.in_cone(1.0, 2.0, 'x', 4.0, 0.1)")
                        .collectAsList())
                .hasMessageContaining("Invalid type string for argument 3 (ra0) of mast.in_cone: expected a number of"
                        + " degrees (any numeric type); cast it, e.g. CAST(ra0 AS DOUBLE)");
        assertThatThrownBy(() -> spark.sql("SELECT mast.healpix(5, 1.0)").collectAsList())
                .hasMessageContaining("mast.healpix takes 3 arguments (order, ra, dec) but was given 2");
    }

    @Test
    void answersAreTheSkyMathsForEveryNumericTypeAndNullForNull() {
        Row r = spark.sql("SELECT mast.in_cone(10, 20, 10.05D, 20.0BD, 0.1), mast.in_cone(10, 20, 10.2, 20, 0.1),"
                        + " mast.angular_distance(10, 20, CAST(10.05 AS FLOAT), 20L), mast.healpix(12, 10.0, 20.0),"
                        + " mast.mast_healpix(12.0, 359.999, -89.9), mast.in_cone(NULL, 20, 10, 20, 0.1),"
                        + " mast.angular_distance(10, 20, 10, CAST(NULL AS DOUBLE)), mast.healpix(5, 1.0, NULL)")
                .collectAsList()
                .get(0);
        assertThat(r.getBoolean(0)).isTrue();
        assertThat(r.getBoolean(1)).isFalse();
        assertThat(r.getDouble(2)).isEqualTo(SkyMath.angularDistanceDeg(10, 20, (double) 10.05f, 20));
        assertThat(r.getLong(3)).isEqualTo(Healpix.nest(12, 10.0, 20.0));
        assertThat(r.getLong(4)).isEqualTo(Healpix.nest(12, 359.999, -89.9));
        assertThat(r.isNullAt(5)).isTrue();
        assertThat(r.isNullAt(6)).isTrue();
        assertThat(r.isNullAt(7)).isTrue();
    }

    @Test
    void invalidValuesFailWithTheUdfsMessages() {
        for (String[] c : List.of(
                new String[] {
                    "SELECT mast.healpix(30, 1.0, 2.0)",
                    "Invalid value 30 for argument 'order' of mast.healpix: expected a whole number from 0 to 29"
                },
                new String[] {
                    "SELECT mast.healpix(2.5, 1.0, 2.0)",
                    "Invalid value 2.5 for argument 'order' of mast.healpix: expected a whole number from 0 to 29"
                },
                new String[] {
                    "SELECT mast.in_cone(1.0, 95.0, 1.0, 2.0, 0.1)",
                    "Invalid value 95.0 for 'dec1': expected a declination from -90 to 90 degrees"
                },
                new String[] {
                    "SELECT mast.in_cone(1.0, 5.0, 1.0, 2.0, 200)",
                    "Invalid value 200.0 for 'radiusDeg': expected a radius from 0 to 180 degrees"
                })) {
            assertThatThrownBy(() -> spark.sql(c[0]).collectAsList()).hasStackTraceContaining(c[1]);
        }
    }

    /**
     * Spark 3.5 hands sources no call of an {@code invoke}-method function, so there {@code angular_distance} binds
     * to a {@code produceResult} form (checked on Spark 3.5.9: {@code angular_distance(...) < r} then reaches the
     * scan). This Spark (4.1) pushes {@code invoke} functions; the 3.5 form gives the same answers.
     */
    @Test
    void theSpark35FormOfAngularDistanceAnswersAsTheInvokeForm() {
        assertThat(AngularDistanceFunction.SPARK_PUSHES_INVOKE).isTrue();
        assertThat(SqlFunctions.load("angular_distance", null)
                        .bind(args(
                                DataTypes.DoubleType,
                                DataTypes.DoubleType,
                                DataTypes.DoubleType,
                                DataTypes.DoubleType)))
                .isInstanceOf(AngularDistanceFunction.Bound.class);
        AngularDistanceFunction.RowBound rows = new AngularDistanceFunction.RowBound("angular_distance");
        assertThat(rows.canonicalName()).isEqualTo("mast.angular_distance");
        assertThat(rows.produceResult(new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(
                        new Object[] {359.99, 10.0, 0.01, 10.5})))
                .isEqualTo(AngularDistanceFunction.Bound.invoke(359.99, 10.0, 0.01, 10.5))
                .isEqualTo(SkyMath.angularDistanceDeg(359.99, 10.0, 0.01, 10.5));
        assertThat(rows.produceResult(new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(
                        new Object[] {1.0, null, 2.0, 3.0})))
                .isNull();
    }
}
