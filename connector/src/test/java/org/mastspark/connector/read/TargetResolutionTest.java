package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.LogCapture;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * One target and resolver resolve alike on every positional load path: a TIC name pinned to SIMBAD (which
 * does not know the synthetic star) falls back to the TIC position with the same warning, and reads what
 * the TIC position given as coordinates reads; a name nobody knows fails with the same message.
 */
class TargetResolutionTest {
    private static MastEmulator mast;
    private static SparkSession spark;
    private static long tic;
    private static double[] position;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().build();
        spark = SparkTestSession.get();
        tic = someTicId();
        position = mast.sky().ticPosition(Long.toString(tic)).orElseThrow();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static long someTicId() {
        for (long cell = 100_000; cell < 200_000; cell++) {
            long id = 20_000_000_001L + cell * 100_000L;
            if (mast.sky().ticPosition(Long.toString(id)).isPresent()) {
                return id;
            }
        }
        throw new AssertionError("no synthetic TIC star found");
    }

    private static List<String> read(String path, String option, String value) {
        var reader = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("retryBackoffMillis", "1")
                .option(option, value)
                .option("radius", "10arcmin");
        if (option.equals("target")) {
            reader = reader.option("resolver", "SIMBAD");
        }
        List<String> rows = new ArrayList<>();
        for (Row r : reader.load(path).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        return rows;
    }

    /** The requests to MAST since the last clear, without SANTA's, as sent but for Portal's random cache breaker. */
    private static List<String> mastRequests() {
        List<String> requests = new ArrayList<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            if (!"Santa".equals(e.service())) {
                requests.add(e.method() + " " + e.path() + "?" + e.query() + " "
                        + e.request().replaceAll("\"cacheBreaker\": \"[^\"]*\"", "\"cacheBreaker\": _"));
            }
        }
        requests.sort(null);
        return requests;
    }

    @ParameterizedTest
    @ValueSource(strings = {"observations", "catalogs/tic", "missions/hst", "catalogs/panstarrs/dr2/mean"})
    void aTicNameUnknownToThePinnedResolverFallsBackToTheTicPositionWithAWarning(String path) {
        String name = "TIC " + tic;
        String warning = "SIMBAD does not know '" + name + "'; the TIC catalog position is used";
        mast.requestLog().clear();
        List<String> byCoordinates = read(path, "coordinates", position[0] + " " + position[1]);
        List<String> coordinateRequests = mastRequests();
        mast.requestLog().clear();
        List<String> byName;
        try (LogCapture logs = new LogCapture(List.of(warning), List.of(), null)) {
            byName = read(path, "target", name);
            assertThat(logs.hits()).as("the fallback warning").isNotEmpty();
        }
        assertThat(mast.requestLog().entries())
                .anyMatch(e -> "Santa".equals(e.service()) && e.query().contains("resolver=SIMBAD&resolver=TIC&"));
        // the same position reached MAST: the same requests, the same rows
        assertThat(mastRequests()).isEqualTo(coordinateRequests).isNotEmpty();
        assertThat(byName).isEqualTo(byCoordinates);
    }

    @ParameterizedTest
    @ValueSource(strings = {"observations", "catalogs/tic", "missions/hst", "catalogs/panstarrs/dr2/mean"})
    void aNameNoResolverKnowsFailsWithTheSameMessage(String path) {
        assertThatThrownBy(() -> read(path, "target", "Not A Galaxy 7"))
                .hasMessageContaining("Could not resolve 'Not A Galaxy 7' to a sky position with resolver SIMBAD:"
                        + " give option 'coordinates' instead");
    }
}
