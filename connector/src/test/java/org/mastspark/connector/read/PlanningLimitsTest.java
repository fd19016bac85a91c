package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.client.Echo;
import org.mastspark.emulator.MastEmulator;

/**
 * What planning refuses before it asks MAST for rows: reads that would send more requests than
 * {@code maxPlannedRequests} allows, and the echo of huge option values in the errors that name them.
 */
class PlanningLimitsTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.05).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clearLog() {
        mast.requestLog().clear();
    }

    private static DataFrameReader read() {
        return spark.read().format("mast").option("baseUrl", mast.baseUrl()).option("retryBackoffMillis", "1");
    }

    @Test
    void anEchoedValueIsWholeUpTo200Characters() {
        assertThat(Echo.of("x".repeat(200))).isEqualTo("x".repeat(200));
        assertThat(Echo.of("y".repeat(201))).isEqualTo("y".repeat(200) + "... (201 characters)");
        assertThat(Echo.of(null)).isEqualTo("null");
    }

    @Test
    void aHugeParamsValueIsEchoedByItsFirst200CharactersAndItsLength() {
        String params = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> read().option("params", params).load("portal:Mast.Caom.Cone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '" + "[".repeat(200) + "... (200,000 characters)' for option 'params':"
                        + " expected a JSON object such as {\"ra\": 23.34, \"dec\": 60.66, \"radius\": 0.2}");
        assertThat(mast.requestLog().entries()).isEmpty();
    }
}
