package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ExtendedMode$;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;

/**
 * Synthetic observations read through {@code format("mast")} equal a brute-force evaluation of the same
 * query over the emulator's data (fetched band by band with a plain HTTP client and filtered here).
 */
class ObservationsReadTest {
    static final long SEED = 7;
    static final double SCALE = 0.05;
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(SEED).scale(SCALE).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private Dataset<Row> observations() {
        return spark.read().format("mast").option("baseUrl", mast.baseUrl()).load("observations");
    }

    private static Set<String> obsids(List<Row> rows) {
        return rows.stream().map(r -> (String) r.getAs("obsid")).collect(Collectors.toSet());
    }

    @Test
    void coneWithPushedFiltersEqualsBruteForce() throws Exception {
        double ra = 210.802429;
        double dec = 54.34875;
        double radius = 0.5;
        List<Row> rows = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", ra + " " + dec)
                .option("radius", "30arcmin")
                .load("observations")
                .where("t_exptime >= 100 AND calib_level IN (2, 3)")
                .collectAsList();

        Map<String, JsonNode> expected = new HashMap<>();
        for (JsonNode o :
                EmulatorData.observationsInDecBand(mast.baseUrl(), dec - radius - 0.01, dec + radius + 0.01)) {
            double sep = EmulatorData.separationDeg(
                    ra, dec, o.path("s_ra").asDouble(), o.path("s_dec").asDouble());
            if (sep <= radius
                    && o.path("t_exptime").asDouble() >= 100
                    && (o.path("calib_level").asInt() == 2
                            || o.path("calib_level").asInt() == 3)) {
                expected.put(o.path("obsid").asText(), o);
            }
        }
        assertThat(expected).as("the test needs a populated field").hasSizeGreaterThan(5);
        assertThat(rows).hasSize(expected.size());
        assertThat(obsids(rows)).isEqualTo(expected.keySet());
        for (Row r : rows) {
            JsonNode o = expected.get((String) r.getAs("obsid"));
            double sep = EmulatorData.separationDeg(
                    ra, dec, o.path("s_ra").asDouble(), o.path("s_dec").asDouble());
            assertThat((double) r.getAs("distance")).isCloseTo(sep * 3600, within(1e-3));
            assertThat((String) r.getAs("obs_id")).isEqualTo(o.path("obs_id").asText());
        }
    }

    @Test
    void targetNamesAreResolvedWithSantaAndAPinnedResolverIsHonoured() {
        BiFunction<String, String, Set<String>> read = (option, value) -> obsids(spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option(option, value)
                .option("radius", "6arcmin")
                .load("observations")
                .collectAsList());
        mast.requestLog().clear();
        Set<String> byName = read.apply("target", "M101");
        assertThat(mast.requestLog().entries())
                .anyMatch(e -> "Santa".equals(e.service()) && e.query().contains("name=M101"));
        assertThat(byName).isNotEmpty().isEqualTo(read.apply("coordinates", "210.802429 54.34875"));

        Set<String> ned = obsids(spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("target", "M101")
                .option("resolver", "NED")
                .option("radius", "6arcmin")
                .load("observations")
                .collectAsList());
        assertThat(ned).isEqualTo(read.apply("coordinates", "210.80227 54.34895"));

        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .option("target", "Not A Galaxy 7")
                        .load("observations")
                        .collectAsList())
                .hasMessageContaining("Could not resolve 'Not A Galaxy 7' to a sky position");
    }

    @Test
    void stringFiltersAreRecheckedAndNumericRangesExact() throws Exception {
        Dataset<Row> df = observations().where("s_dec BETWEEN 10 AND 14 AND obs_collection IN ('GALEX', 'TESS')");
        List<Row> rows = df.collectAsList();

        Set<String> expected = new HashSet<>();
        for (JsonNode o : EmulatorData.observationsInDecBand(mast.baseUrl(), 10, 14)) {
            String c = o.path("obs_collection").asText();
            if (c.equals("GALEX") || c.equals("TESS")) {
                expected.add(o.path("obsid").asText());
            }
        }
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(obsids(rows)).hasSize(rows.size()).isEqualTo(expected);
        String plan = df.queryExecution().executedPlan().toString();
        assertThat(plan).contains("s_dec").contains("obs_collection");
    }

    @Test
    void countIsComputedByMast() throws Exception {
        Dataset<Row> df = observations().where("s_dec BETWEEN -5 AND 5 AND t_exptime <= 1000");
        long expected = EmulatorData.observationsInDecBand(mast.baseUrl(), -5, 5).stream()
                .filter(o ->
                        !o.path("t_exptime").isNull() && o.path("t_exptime").asDouble() <= 1000)
                .count();

        mast.requestLog().clear();
        assertThat(df.count()).isEqualTo(expected).isGreaterThan(10);
        // One COUNT_BIG(*) request, no rows fetched.
        assertThat(mast.requestLog().entries())
                .filteredOn(e -> e.path().equals("/api/v0/invoke"))
                .singleElement()
                .satisfies(e -> assertThat(e.request()).contains("\"columns\": \"COUNT_BIG(*)\""));
    }

    @Test
    void limitReadsOnePageOfThatSize() {
        List<Row> rows =
                observations().where("s_dec BETWEEN 20 AND 40").limit(7).collectAsList();

        assertThat(rows).hasSize(7);
        assertThat(rows).allSatisfy(r -> assertThat((double) r.getAs("s_dec")).isBetween(20.0, 40.0));
    }

    @Test
    void columnPruningKeepsValues() throws Exception {
        List<Row> rows = observations()
                .where("s_dec BETWEEN 30 AND 31")
                .select("obsid", "s_dec")
                .collectAsList();
        Map<String, Double> expected = new HashMap<>();
        for (JsonNode o : EmulatorData.observationsInDecBand(mast.baseUrl(), 30, 31)) {
            expected.put(o.path("obsid").asText(), o.path("s_dec").asDouble());
        }
        assertThat(rows).hasSize(expected.size());
        for (Row r : rows) {
            assertThat(r.getDouble(1)).isEqualTo(expected.get(r.getString(0)));
        }
    }

    @Test
    void schemaCarriesMastDescriptionsAndUnits() {
        var field = observations().schema().apply("s_ra");
        assertThat(field.getComment().get()).isEqualTo("Observation Right Ascension [deg]");
        assertThat(field.metadata().getString("unit")).isEqualTo("deg");
        assertThat(observations().schema().apply("filters").metadata().getString("separator"))
                .isEqualTo(";");
    }

    @Test
    void badOptionNamesOptionValueAndFix() {
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .option("coordinates", "210.8 54.3")
                        .option("radius", "a lot")
                        .load("observations")
                        .collectAsList())
                .hasMessageContaining(
                        "Invalid value 'a lot' for option 'radius': expected an angle such as '0.2deg', '12arcmin' or '30arcsec'");
        assertThatThrownBy(() -> spark.read().format("mast").load("galaxies"))
                .hasMessageContaining(
                        "Invalid value 'galaxies' for the path of load(): expected 'observations', 'products'");
    }

    @Test
    void aMastErrorCarriesTheServiceAndMastsMessage() {
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .option("params", "{\"dec\": 1, \"radius\": 0.1}")
                        .load("portal:Mast.Caom.Cone")
                        .collectAsList())
                .hasMessageContaining("MAST service Mast.Caom.Cone returned an error: Missing required parameter 'ra'");
    }

    @Test
    void exhaustedRetriesNameTheRequestAndNeverTheToken() {
        try (MastEmulator down = MastEmulator.builder().seed(SEED).scale(SCALE).build()) {
            down.faults().serviceUnavailableRate(1.0).retryAfterSeconds(0);
            assertThatThrownBy(() -> spark.read()
                            .format("mast")
                            .option("baseUrl", down.baseUrl())
                            .option("token", "s3cr3t-token-value")
                            .option("maxAttempts", "2")
                            .option("retryBackoffMillis", "1")
                            .load("observations")
                            .where("s_dec BETWEEN 1 AND 2")
                            .collectAsList())
                    .hasMessageContaining("Mast.Caom.Filtered page 1 (after 2 attempts) failed: HTTP 503")
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t-token-value");
                        }
                    });
        }
    }

    @Test
    void tokenNeverAppearsInPlans() {
        Dataset<Row> df = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("token", "s3cr3t-token-value")
                .load("observations")
                .where("s_dec BETWEEN 1 AND 2");
        String explained = df.queryExecution().explainString(ExtendedMode$.MODULE$);
        assertThat(explained).doesNotContain("s3cr3t-token-value");
        assertThat(df.count()).isGreaterThanOrEqualTo(0);
    }
}
