package org.mastspark.udfs.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sql.MastSqlCatalog;

/**
 * The SQL catalog's sky functions ({@code mast.in_cone}, {@code mast.angular_distance}, {@code mast.healpix}) give
 * the udfs module's answers ({@code mast_in_cone}, ...) on the same rows: every numeric type, wrapped right
 * ascensions, poles, antipodes, the cone's rim, NULLs; and fail on the same invalid values.
 */
class SqlCatalogFunctionsAgreementTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("mast-sql-catalog-functions-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.catalog.mast", MastSqlCatalog.class.getName())
                .getOrCreate();
        MastSkyFunctions.register(spark);
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW points AS SELECT * FROM VALUES"
                        + " (1, 10.0D, 20.0D, 10.05D, 20.0D, 0.1D, 12),"
                        + " (2, 359.99D, 0.0D, 0.01D, 0.0D, 0.02D, 29),"
                        + " (3, -0.000001D, 89.9999D, 180.0D, 90.0D, 0.0001D, 0),"
                        + " (4, 0.0D, -90.0D, 123.0D, -90.0D, 0.0D, 5),"
                        + " (5, 0.0D, 0.0D, 180.0D, 0.0D, 180.0D, 7),"
                        + " (6, 720.5D, -45.0D, 0.5D, -45.0D, 1e-9D, 20),"
                        + " (7, 210.802429D, 54.34875D, 210.802429D, 54.44875D, 0.1D, 10),"
                        + " (8, 1.0D, 1.0D, 2.0D, 2.0D, 1.414D, 3),"
                        + " (9, NULL, 1.0D, 2.0D, 2.0D, 1.0D, 3),"
                        + " (10, 1.0D, 1.0D, 2.0D, 2.0D, NULL, NULL)"
                        + " AS t(id, ra, dec, ra0, dec0, r, o)")
                .collectAsList();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theCatalogsFunctionsAnswerAsTheUdfsOnTheSameRows() {
        List<Row> rows = spark.sql("SELECT id,"
                        + " mast_in_cone(ra, dec, ra0, dec0, r), mast.in_cone(ra, dec, ra0, dec0, r),"
                        + " mast_in_cone(ra, dec, ra0, dec0, r), mast.mast_in_cone(ra, dec, ra0, dec0, r),"
                        + " mast_angular_distance(ra, dec, ra0, dec0), mast.angular_distance(ra, dec, ra0, dec0),"
                        + " mast_healpix(o, ra, dec), mast.healpix(o, ra, dec),"
                        + " mast_in_cone(CAST(ra AS DECIMAL(12, 6)), CAST(dec AS FLOAT), CAST(ra0 AS INT), dec0, 2),"
                        + " mast.in_cone(CAST(ra AS DECIMAL(12, 6)), CAST(dec AS FLOAT), CAST(ra0 AS INT), dec0, 2),"
                        + " mast_healpix(CAST(o AS BIGINT), ra, dec), mast.mast_healpix(CAST(o AS DECIMAL(4, 1)), ra, dec)"
                        + " FROM points ORDER BY id")
                .collectAsList();
        assertThat(rows).hasSize(10);
        int nulls = 0;
        for (Row r : rows) {
            for (int k = 1; k < r.length(); k += 2) {
                assertThat(r.get(k + 1)).as("row %s column %d", r.get(0), k).isEqualTo(r.get(k));
                nulls += r.isNullAt(k) ? 1 : 0;
            }
        }
        // NULL in, NULL out: row 9 (ra) in all six pairs, row 10 (r, o) in the four that take them
        assertThat(nulls).isEqualTo(6 + 4);
        assertThat(rows.get(0).getBoolean(1)).isTrue();
        assertThat(rows.stream().filter(r -> !r.isNullAt(1) && !r.getBoolean(1)))
                .isNotEmpty();
    }

    @Test
    void invalidValuesFailBothWithTheSameMessage() {
        for (String[] pair : List.of(
                new String[] {"mast_in_cone(1.0, 95.0, 1.0, 2.0, 0.1)", "mast.in_cone(1.0, 95.0, 1.0, 2.0, 0.1)"},
                new String[] {"mast_in_cone(1.0, 5.0, 1.0, 2.0, 200)", "mast.in_cone(1.0, 5.0, 1.0, 2.0, 200)"},
                new String[] {"mast_angular_distance(1.0, 5.0, 1.0, -91)", "mast.angular_distance(1.0, 5.0, 1.0, -91)"},
                new String[] {"mast_healpix(5, 1.0, 95.0)", "mast.healpix(5, 1.0, 95.0)"})) {
            Throwable udf = catchThrowable(pair[0]);
            Throwable v2 = catchThrowable(pair[1]);
            assertThat(rootMessage(v2)).as(pair[1]).isEqualTo(rootMessage(udf));
        }
        // the order: the same check and wording, the V2 function named as SQL calls it
        assertThatThrownBy(() -> spark.sql("SELECT mast.healpix(30, 1.0, 2.0)").collectAsList())
                .hasStackTraceContaining(
                        "Invalid value 30 for argument 'order' of mast.healpix: expected a whole number"
                                + " from 0 to 29");
        assertThatThrownBy(() -> spark.sql("SELECT mast_healpix(30, 1.0, 2.0)").collectAsList())
                .hasStackTraceContaining(
                        "Invalid value 30 for argument 'order' of mast_healpix: expected a whole number"
                                + " from 0 to 29");
    }

    private static Throwable catchThrowable(String expression) {
        try {
            spark.sql("SELECT " + expression + " FROM VALUES (1) AS v(x)").collectAsList();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError(expression + " did not fail");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
