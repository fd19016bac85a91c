package org.mastspark.udfs.sky;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.ProperMotion;
import org.mastspark.connector.sky.SkyMath;

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

    /**
     * Brute force: for discs of several orders and radii (centres at both poles, on both sides of ra = 0, anywhere),
     * points sampled within each disc (inside and on the rim) all have their {@code mast_healpix} cell in the
     * disc's list; and no listed cell's centre is farther from the disc's centre than the radius plus 1.1 times the
     * cell's circumscribing radius (the list is not padded beyond the rim cells {@link Healpix#coneCoverage} may
     * keep: it keeps a cell whose centre is within the radius plus 1.1 times a sampled bound of the cell's radius).
     */
    @Test
    void healpixDiscHoldsTheCellOfEveryPointWithinTheRadius() {
        Random random = new Random(15);
        double[][] centres = {
            {0, 90}, {123.4, -90}, {0, 0}, {359.9999, 12.5}, {0.00001, -45}, {-0.2, 89.9}, {270, -89.95}, {45, 41.8}
        };
        int[] orders = {3, 8, 10, 13, 16};
        double[] radii = {1 / 3600.0, 5 / 3600.0, 0.01, 0.3, 4};
        List<Row> points = new ArrayList<>();
        List<Row> discRows = new ArrayList<>();
        for (int c = 0; c < centres.length + 8; c++) {
            double ra0 = c < centres.length ? centres[c][0] : 360 * random.nextDouble();
            double dec0 = c < centres.length ? centres[c][1] : Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            for (int k = 0; k < orders.length; k++) {
                int order = orders[k];
                double radius = radii[(k + c) % radii.length];
                if (Math.toDegrees(Math.sqrt(4 * Math.PI / Healpix.cellCount(order))) < radius / 50) {
                    radius = radius / 100; // keep the lists to a few thousand cells
                }
                int disc = discRows.size();
                discRows.add(RowFactory.create(disc, order, ra0, dec0, radius));
                for (int p = 0; p < 300; p++) {
                    // the rim (distance = radius, to rounding) for a third of the points, where a cell is easiest
                    // to miss; the rest uniform in area over the disc
                    double distance = p % 3 == 0 ? radius : radius * Math.sqrt(random.nextDouble());
                    double[] q = SkyMath.offset(ra0, dec0, distance, 2 * Math.PI * random.nextDouble());
                    if (SkyMath.angularDistanceDeg(q[0], q[1], ra0, dec0) <= radius) {
                        points.add(RowFactory.create(disc, q[0], q[1]));
                    }
                }
            }
        }
        spark.createDataFrame(
                        discRows,
                        new StructType()
                                .add("disc", DataTypes.IntegerType)
                                .add("order", DataTypes.IntegerType)
                                .add("ra0", DataTypes.DoubleType)
                                .add("dec0", DataTypes.DoubleType)
                                .add("r", DataTypes.DoubleType))
                .createOrReplaceTempView("discs");
        spark.createDataFrame(
                        points,
                        new StructType()
                                .add("disc", DataTypes.IntegerType)
                                .add("ra", DataTypes.DoubleType)
                                .add("dec", DataTypes.DoubleType))
                .createOrReplaceTempView("disc_points");
        // each disc's list is computed once (a few thousand cells), then every point of the disc is looked up in it
        List<Row> lists = spark.sql("SELECT disc, order, ra0, dec0, r, mast_healpix_disc(order, ra0, dec0, r) AS cells"
                        + " FROM discs ORDER BY disc")
                .collectAsList();
        spark.createDataFrame(lists, lists.get(0).schema()).createOrReplaceTempView("disc_cells");
        Row counts = spark.sql("SELECT count(*), count_if(array_contains(d.cells, mast_healpix(d.order, p.ra, p.dec)))"
                        + " FROM disc_points p JOIN disc_cells d ON p.disc = d.disc")
                .first();
        assertThat(points.size()).isGreaterThan(discRows.size() * 200);
        assertThat(counts.getLong(1)).isEqualTo(counts.getLong(0)).isEqualTo(points.size());

        for (Row d : lists) {
            int order = d.getInt(1);
            double ra0 = d.getDouble(2);
            double dec0 = d.getDouble(3);
            double radius = d.getDouble(4);
            List<Long> cells = d.getList(5);
            assertThat(cells).as("disc %s", d).isNotEmpty().isSorted().doesNotHaveDuplicates();
            for (long cell : cells) {
                double[] centre = Healpix.center(order, cell);
                assertThat(SkyMath.angularDistanceDeg(ra0, dec0, centre[0], centre[1]))
                        .as("cell %d of disc %s", cell, d)
                        .isLessThanOrEqualTo(radius + 1.1 * Healpix.circumscribingRadius(order, cell) + 1e-9);
            }
        }
    }

    @Test
    void healpixDiscOfTheWholeSkyIsEveryCellAndNullArgumentsGiveNull() {
        Row row = spark.sql("SELECT mast_healpix_disc(0, 10, 20, 180), mast_healpix_disc(1, 0, 90, 180.0),"
                        + " mast_healpix_disc(NULL, 1, 2, 3), mast_healpix_disc(3, 1, 2, NULL),"
                        + " mast_healpix_disc(3, CAST(NULL AS DOUBLE), 2, 1)")
                .first();
        assertThat(row.<Long>getList(0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(row.<Long>getList(1))
                .hasSize(48)
                .startsWith(0L)
                .endsWith(47L)
                .isSorted();
        assertThat(row.isNullAt(2)).isTrue();
        assertThat(row.isNullAt(3)).isTrue();
        assertThat(row.isNullAt(4)).isTrue();
        assertThat(spark.sql("SELECT mast_healpix_disc(3, 1, 2, 3) AS c")
                        .schema()
                        .apply("c")
                        .dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.LongType, false));
    }

    @Test
    void healpixDiscRejectsBadArgumentsNamingThemAndTheFix() {
        assertThatThrownBy(
                        () -> spark.sql("SELECT mast_healpix_disc(30, 1, 2, 3)").collect())
                .hasStackTraceContaining("Invalid value 30 for argument 'order' of mast_healpix_disc:"
                        + " expected a whole number from 0 to 29");
        assertThatThrownBy(
                        () -> spark.sql("SELECT mast_healpix_disc(3, 1, 95, 3)").collect())
                .hasStackTraceContaining("Invalid value 95.0 for argument 'dec' of mast_healpix_disc:"
                        + " expected a declination from -90 to 90 degrees");
        assertThatThrownBy(() -> spark.sql("SELECT mast_healpix_disc(3, CAST('Infinity' AS DOUBLE), 5, 3)")
                        .collect())
                .hasStackTraceContaining("Invalid value Infinity for argument 'ra' of mast_healpix_disc:"
                        + " expected a finite right ascension in degrees");
        assertThatThrownBy(() ->
                        spark.sql("SELECT mast_healpix_disc(3, 1, 2, 180.5)").collect())
                .hasStackTraceContaining("Invalid value 180.5 for argument 'radius_deg' of mast_healpix_disc:"
                        + " expected a radius from 0 to 180 degrees");
        assertThatThrownBy(() ->
                        spark.sql("SELECT mast_healpix_disc(3, 1, 2, -0.001)").collect())
                .hasStackTraceContaining("Invalid value -0.001 for argument 'radius_deg' of mast_healpix_disc:"
                        + " expected a radius from 0 to 180 degrees");
        assertThatThrownBy(() ->
                        spark.sql("SELECT mast_healpix_disc(13, 1, 2, 20)").collect())
                .hasStackTraceContaining("Invalid value 13 for argument 'order' of mast_healpix_disc: a disc of"
                        + " radius 20.0 degrees covers more than 10000000 cells at order 13;"
                        + " expected a lower order or a smaller radius_deg");
        assertThatThrownBy(() -> MastSkyFunctions.healpixDisc(5, col("ra"), col("dec"), 181.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 181.0 for argument 'radius_deg' of mast_healpix_disc:"
                        + " expected a radius from 0 to 180 degrees");
        assertThatThrownBy(() -> MastSkyFunctions.healpixDisc(30, col("ra"), col("dec"), col("r")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 30 for 'order': expected 0 to 29");
    }

    @Test
    void propagateMovesAlongTheProperMotion() {
        Row row = spark.sql("SELECT mast_propagate(10, 0, 0, 10000, 2016, 2017),"
                        + " mast_propagate(10, 0, 0, 10000, 2016.0, 2015.0),"
                        // 1 arcsec from the north pole, moving 2 arcsec/yr towards it: over the pole after a year
                        + " mast_propagate(0, 90 - 1 / 3600D, 0, 2000, 2000, 2001),"
                        + " mast_propagate(359.5, -20, 123.4, -56.7, 2016, 2016)")
                .first();
        // 10 arcsec/yr along the meridian for one year: a step of 10 arcsec in the tangent plane, atan(10 arcsec)
        double step = Math.toDegrees(Math.atan(Math.toRadians(10 / 3600.0)));
        assertThat(row.getStruct(0).getDouble(0)).isEqualTo(10.0);
        assertThat(row.getStruct(0).getDouble(1)).isCloseTo(step, within(1e-17));
        assertThat(row.getStruct(1).getDouble(1)).isCloseTo(-step, within(1e-17));
        assertThat(row.getStruct(2).getDouble(0)).isCloseTo(180.0, within(1e-9));
        assertThat(row.getStruct(2).getDouble(1)).isCloseTo(90 - 1 / 3600.0, within(1e-9));
        assertThat(row.getStruct(3).getDouble(0)).isEqualTo(359.5);
        assertThat(row.getStruct(3).getDouble(1)).isEqualTo(-20.0);
    }

    @Test
    void propagateGivesProperMotionsValuesForAnyNumericArguments() {
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(RowFactory.create(
                    360 * random.nextDouble(),
                    180 * random.nextDouble() - 90,
                    20000 * random.nextDouble() - 10000,
                    20000 * random.nextDouble() - 10000,
                    2016.0,
                    1950 + 100 * random.nextDouble()));
        }
        StructType schema = new StructType()
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("pmra", DataTypes.DoubleType)
                .add("pmdec", DataTypes.DoubleType)
                .add("ref", DataTypes.DoubleType)
                .add("target", DataTypes.DoubleType);
        spark.createDataFrame(rows, schema).createOrReplaceTempView("pm_rows");
        List<Row> sql = spark.sql("SELECT mast_propagate(ra, dec, pmra, pmdec, ref, target) FROM pm_rows")
                .collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            Row in = rows.get(i);
            double[] expected = ProperMotion.propagate(
                    in.getDouble(0), in.getDouble(1), in.getDouble(2), in.getDouble(3), in.getDouble(5) - 2016.0);
            assertThat(sql.get(i).getStruct(0).getDouble(0)).isEqualTo(expected[0]);
            assertThat(sql.get(i).getStruct(0).getDouble(1)).isEqualTo(expected[1]);
        }
        // integers, decimals and floats are numbers too
        Row mixed = spark.sql("SELECT mast_propagate(10, CAST(0 AS FLOAT), 0L, 36000.0, 2016, CAST(2017 AS SMALLINT))")
                .first();
        assertThat(mixed.getStruct(0).getDouble(1)).isEqualTo(ProperMotion.propagate(10, 0, 0, 36000, 1)[1]);
    }

    @Test
    void propagateOfNullIsNullAndItsTypeIsAStruct() {
        Row row = spark.sql(
                        "SELECT mast_propagate(NULL, 0, 0, 0, 2016, 2000), mast_propagate(1, 0, NULL, 0, 2016, 2000),"
                                + " mast_propagate(1, 0, 0, 0, 2016, CAST(NULL AS DOUBLE))")
                .first();
        for (int i = 0; i < row.length(); i++) {
            assertThat(row.isNullAt(i)).as("column %d", i).isTrue();
        }
        assertThat(spark.sql("SELECT mast_propagate(1, 2, 3, 4, 5, 6) AS p")
                        .schema()
                        .apply("p")
                        .dataType())
                .isEqualTo(MastSkyFunctions.COORDINATES_TYPE);
    }

    @Test
    void propagateRejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> spark.sql("SELECT mast_propagate(1, -90.5, 0, 0, 2016, 2000)")
                        .collect())
                .hasStackTraceContaining("Invalid value -90.5 for argument 'dec' of mast_propagate:"
                        + " expected a declination from -90 to 90 degrees");
        assertThatThrownBy(() -> spark.sql("SELECT mast_propagate(1, 2, CAST('NaN' AS DOUBLE), 0, 2016, 2000)")
                        .collect())
                .hasStackTraceContaining("Invalid value NaN for argument 'pmra' of mast_propagate:"
                        + " expected a finite proper motion in mas/yr");
        assertThatThrownBy(() -> spark.sql("SELECT mast_propagate(1, 2, 3, 4, 2016, CAST('-Infinity' AS DOUBLE))")
                        .collect())
                .hasStackTraceContaining("Invalid value -Infinity for argument 'target_epoch' of mast_propagate:"
                        + " expected a finite epoch in Julian years such as 2016.0");
    }

    @Test
    void discAndPropagateColumnFunctionsWorkWithoutRegistration() {
        SparkSession fresh = spark.newSession();
        StructType schema = new StructType()
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType)
                .add("pmra", DataTypes.DoubleType)
                .add("pmdec", DataTypes.DoubleType);
        Dataset<Row> df = fresh.createDataFrame(
                List.of(RowFactory.create(210.8, 54.35, 100.0, -50.0), RowFactory.create(1.0, null, 0.0, 0.0)), schema);
        List<Row> rows = df.select(
                        MastSkyFunctions.healpixDisc(0, col("ra"), col("dec"), 180.0),
                        MastSkyFunctions.healpixDisc(10, col("ra"), col("dec"), functions.lit(0.01)),
                        MastSkyFunctions.propagate(col("ra"), col("dec"), col("pmra"), col("pmdec"), 2016.0, 2000.0))
                .collectAsList();
        assertThat(rows.get(0).<Long>getList(0)).hasSize(12);
        assertThat(rows.get(0).<Long>getList(1)).contains(2927254L);
        double[] moved = ProperMotion.propagate(210.8, 54.35, 100.0, -50.0, -16.0);
        assertThat(rows.get(0).getStruct(2).getDouble(0)).isEqualTo(moved[0]);
        assertThat(rows.get(0).getStruct(2).getDouble(1)).isEqualTo(moved[1]);
        assertThat(rows.get(1).isNullAt(0)).isTrue();
        assertThat(rows.get(1).isNullAt(2)).isTrue();
    }
}
