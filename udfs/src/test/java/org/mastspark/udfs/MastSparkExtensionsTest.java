package org.mastspark.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.ProperMotion;
import org.mastspark.emulator.MastEmulator;

/**
 * The functions reach SQL through {@code spark.sql.extensions} alone: nothing here calls {@code
 * MastSkyFunctions.register}. Spark reads the setting from the SparkContext, so this class must
 * create the JVM's first session; surefire runs every test class of this module in its own JVM.
 */
class MastSparkExtensionsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        assertThat(SparkSession.getDefaultSession().isEmpty())
                .as("this test needs its own JVM (surefire reuseForks=false)")
                .isTrue();
        spark = SparkSession.builder()
                .master("local[1]")
                .appName("mast-spark-extensions-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.extensions", MastSparkExtensions.class.getName())
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void extensionMakesTheFunctionsAvailableInSql() {
        Row row = spark.sql("SELECT mast_healpix(10, 210.8, 54.35), mast_angular_distance(0, 0, 0, 90),"
                        + " mast_in_cone(0, 0, 1, 0, 1), mast_parse_coordinates('14:03:12.6 +54:20:56').ra")
                .first();
        assertThat(row.getLong(0)).isEqualTo(Healpix.nest(10, 210.8, 54.35));
        assertThat(row.getDouble(1)).isEqualTo(90.0);
        assertThat(row.getBoolean(2)).isTrue();
        assertThat(row.getDouble(3)).isEqualTo(210.8025, within(1e-9));
    }

    @Test
    void extensionMakesTheResolverFunctionsAvailableWithTheSessionsSettings() {
        try (MastEmulator mast = MastEmulator.builder().scale(0.01).build()) {
            spark.conf().set("spark.mast.baseUrl", mast.baseUrl());
            Row row = spark.sql("SELECT mast_resolve('M101').ra, size(mast_resolve_names(array('M1', 'Vega', 'M1')))")
                    .first();
            assertThat(row.getDouble(0)).isEqualTo(210.802429);
            assertThat(row.getInt(1)).isEqualTo(3);
            assertThat(mast.requestLog().count(e -> "Santa".equals(e.service())))
                    .isEqualTo(2);
        } finally {
            spark.conf().unset("spark.mast.baseUrl");
        }
    }

    @Test
    void extensionMakesTheDiscAndPropagationFunctionsAvailableInSql() {
        Row row = spark.sql("SELECT mast_healpix_disc(0, 10, 20, 180), mast_propagate(10, 0, 0, 10000, 2016, 2017).dec")
                .first();
        assertThat(row.<Long>getList(0)).hasSize(12);
        assertThat(row.getDouble(1)).isEqualTo(ProperMotion.propagate(10, 0, 0, 10000, 1)[1]);
    }

    @Test
    void everyNewSessionHasThem() {
        Row row = spark.newSession().sql("SELECT mast_healpix(0, 0, 90)").first();
        assertThat(row.getLong(0)).isEqualTo(Healpix.nest(0, 0, 90));
    }

    @Test
    void functionsAreDescribed() {
        Row row = spark.sql("DESCRIBE FUNCTION mast_healpix").collectAsList().stream()
                .filter(r -> r.getString(0).startsWith("Usage"))
                .findFirst()
                .orElseThrow();
        assertThat(row.getString(0)).contains("mast_healpix(order, ra, dec)");
    }
}
