package org.mastspark.udfs.sky;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.Healpix;

/**
 * The SQL functions through {@link MastSkyFunctions#register} and the Column functions, on a session
 * built without {@code spark.sql.extensions} (surefire gives this class its own JVM).
 */
class MastSkyFunctionsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("mast-sky-functions-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
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
    void sqlFunctionsGiveTheJavaApisValues() {
        Row row = spark.sql("SELECT mast_healpix(10, 210.8, 54.35), mast_angular_distance(0, 0, 90, 0),"
                        + " mast_parse_coordinates('14h03m12.6s +54d20m56s'),"
                        + " mast_in_cone(210.80, 54.35, 210.81, 54.35, 0.01)")
                .first();
        // 2927254 is CDS healpix-java's cell for this point at order 10.
        assertThat(row.getLong(0)).isEqualTo(2927254L);
        assertThat(row.getDouble(1)).isEqualTo(90.0);
        Row radec = row.getStruct(2);
        assertThat(radec.getDouble(radec.fieldIndex("ra"))).isCloseTo(210.8025, within(1e-9));
        assertThat(radec.getDouble(radec.fieldIndex("dec"))).isCloseTo(54 + 20 / 60.0 + 56 / 3600.0, within(1e-9));
        assertThat(row.getBoolean(3)).isTrue();
    }

    @Test
    void decimalIntegerAndDoubleArgumentsAreAllAccepted() {
        // 210.8 is a DECIMAL literal in Spark SQL, 10 an INT, 54.35D a DOUBLE, 10L a BIGINT.
        Row row = spark.sql("SELECT mast_healpix(10L, CAST(210.8 AS DOUBLE), 54.35D),"
                        + " mast_healpix(CAST(10 AS DECIMAL(3,0)), 210.8, CAST(54.35 AS FLOAT))")
                .first();
        assertThat(row.getLong(0)).isEqualTo(2927254L);
        assertThat(row.getLong(1)).isEqualTo(Healpix.nest(10, 210.8, (float) 54.35));
    }

    @Test
    void resultTypesAreDoubleBooleanBigintAndStruct() {
        StructType schema = spark.sql("SELECT mast_angular_distance(1, 2, 3, 4) AS d, mast_in_cone(1, 2, 3, 4, 5) AS c,"
                        + " mast_healpix(3, 1, 2) AS h, mast_parse_coordinates('1 2') AS p")
                .schema();
        assertThat(schema.apply("d").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(schema.apply("c").dataType()).isEqualTo(DataTypes.BooleanType);
        assertThat(schema.apply("h").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(schema.apply("p").dataType()).isEqualTo(MastSkyFunctions.COORDINATES_TYPE);
    }

    @Test
    void nullArgumentsGiveNull() {
        Row row = spark.sql("SELECT mast_healpix(10, NULL, 54.35), mast_angular_distance(0, 0, NULL, 0),"
                        + " mast_parse_coordinates(CAST(NULL AS STRING)), mast_in_cone(0, 0, 0, 0, NULL),"
                        + " mast_healpix(CAST(NULL AS INT), 1, 2)")
                .first();
        for (int i = 0; i < row.length(); i++) {
            assertThat(row.isNullAt(i)).as("column %d", i).isTrue();
        }
    }

    @Test
    void unparsableCoordinatesFailNamingTheValue() {
        assertThatThrownBy(() -> spark.sql("SELECT mast_parse_coordinates('not a place')")
                        .collect())
                .hasStackTraceContaining("Invalid value 'not a place' for option 'mast_parse_coordinates'");
    }

    @Test
    void orderOutsideTheRangeFailsNamingTheValue() {
        assertThatThrownBy(() -> spark.sql("SELECT mast_healpix(30, 1, 2)").collect())
                .hasStackTraceContaining(
                        "Invalid value 30 for argument 'order' of mast_healpix: expected a whole number from 0 to 29");
    }

    @Test
    void declinationBeyondAPoleFails() {
        assertThatThrownBy(() ->
                        spark.sql("SELECT mast_angular_distance(0, 95, 0, 0)").collect())
                .hasStackTraceContaining("Invalid value 95.0 for 'dec1'");
    }

    @Test
    void columnFunctionsWorkWithoutRegistration() {
        SparkSession fresh = spark.newSession(); // no temporary functions
        StructType schema = new StructType()
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("pos", DataTypes.StringType);
        Dataset<Row> df = fresh.createDataFrame(
                List.of(RowFactory.create(210.8, 54.35, "210.8 54.35"), RowFactory.create(null, 1.0, null)), schema);
        List<Row> rows = df.select(
                        MastSkyFunctions.healpix(10, col("ra"), col("dec")),
                        MastSkyFunctions.angularDistance(col("ra"), col("dec"), col("ra"), col("dec")),
                        MastSkyFunctions.inCone(col("ra"), col("dec"), 210.8, 54.0, 0.5),
                        MastSkyFunctions.parseCoordinates(col("pos")).getField("dec"))
                .collectAsList();
        assertThat(rows.get(0).getLong(0)).isEqualTo(2927254L);
        assertThat(rows.get(0).getDouble(1)).isEqualTo(0.0);
        assertThat(rows.get(0).getBoolean(2)).isTrue();
        assertThat(rows.get(0).getDouble(3)).isEqualTo(54.35);
        assertThat(rows.get(1).isNullAt(0)).isTrue();
        assertThat(rows.get(1).isNullAt(3)).isTrue();
    }

    @Test
    void sqlNamesExistOnlyOnSessionsTheyWereRegisteredOn() {
        assertThatThrownBy(() -> spark.newSession().sql("SELECT mast_healpix(1, 2, 3)"))
                .hasMessageContaining("mast_healpix");
        MastSkyFunctions.register(spark); // registering again is harmless
        assertThat(spark.sql("SELECT mast_healpix(0, 0, -90)").first().getLong(0))
                .isEqualTo(8L);
    }

    @Test
    void columnHealpixRejectsABadOrderAtOnce() {
        assertThatThrownBy(() -> MastSkyFunctions.healpix(-1, col("ra"), col("dec")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -1 for 'order': expected 0 to 29");
    }
}
