package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * Reads that meet MAST's troubles — 503s, 429s, resets in the middle of a body, truncated JSON, EXECUTING
 * polls, and the ~500,000-row result limit — lose and duplicate nothing: the rows equal those of a clean
 * emulator with the same seed.
 */
class ResilientReadTest {
    private static final long SEED = 11;
    private static final double SCALE = 0.02;
    private static MastEmulator clean;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        clean = MastEmulator.builder().seed(SEED).scale(SCALE).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        clean.close();
    }

    private static List<String> expectedObsids(double lo, double hi) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode o : EmulatorData.observationsInDecBand(clean.baseUrl(), lo, hi)) {
            ids.add(o.path("obsid").asText());
        }
        ids.sort(null);
        return ids;
    }

    private static List<String> obsids(List<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getString(0)));
        ids.sort(null);
        return ids;
    }

    @Test
    void faultsLoseAndDuplicateNothing() throws Exception {
        try (MastEmulator faulty =
                MastEmulator.builder().seed(SEED).scale(SCALE).build()) {
            faulty.faults()
                    .serviceUnavailableRate(0.15)
                    .tooManyRequestsRate(0.1)
                    .retryAfterSeconds(0)
                    .resetMidBodyRate(0.15)
                    .truncatedJsonRate(0.1)
                    .executingPolls(2);
            List<Row> rows = spark.read()
                    .format("mast")
                    .option("baseUrl", faulty.baseUrl())
                    .option("pagesize", "700")
                    .option("maxAttempts", "20")
                    .option("retryBackoffMillis", "5")
                    .load("observations")
                    .where("s_dec BETWEEN -20 AND 20")
                    .select("obsid")
                    .collectAsList();

            List<String> expected = expectedObsids(-20, 20);
            assertThat(expected).hasSizeGreaterThan(3000);
            assertThat(obsids(rows)).isEqualTo(expected);
            List<RequestLog.Entry> log = faulty.requestLog().entries();
            assertThat(log).anyMatch(e -> e.status() == 503).anyMatch(e -> e.status() == 429);
            assertThat(log.stream().filter(e -> e.service() != null).count())
                    .as("retries and polls happened")
                    .isGreaterThan(expected.size() / 700 + 2);
        }
    }

    @Test
    void resultsAboveMastsRowLimitAreSplitIntoBandsAndReadCompletely() throws Exception {
        try (MastEmulator limited = MastEmulator.builder()
                .seed(SEED)
                .scale(SCALE)
                .resultLimit(2_000)
                .build()) {
            List<Row> rows = spark.read()
                    .format("mast")
                    .option("baseUrl", limited.baseUrl())
                    .option("pagesize", "500")
                    .option("maxResultRows", "2000")
                    .load("observations")
                    .where("s_dec BETWEEN -45 AND 60")
                    .select("obsid")
                    .collectAsList();

            List<String> expected = expectedObsids(-45, 60);
            assertThat(expected).hasSizeGreaterThan(10_000);
            assertThat(obsids(rows)).isEqualTo(expected);
            // No data request was ever dropped for exceeding the limit: every Portal answer completed.
            assertThat(limited.requestLog().entries())
                    .filteredOn(e -> "Mast.Caom.Filtered".equals(e.service()))
                    .allSatisfy(e -> assertThat(e.rows()).isBetween(0L, 500L));
        }
    }

    /**
     * A connection dropped deep inside a 50,000-row Portal page (2.5 MB in, far beyond the 64 KiB the random
     * resets reach) is retried: the read returns exactly the rows of a fault-free read.
     */
    @Test
    void aResetDeepInsideA50000RowPageLosesAndDuplicatesNothing() throws Exception {
        try (MastEmulator fine = MastEmulator.builder().seed(SEED).scale(0.05).build();
                MastEmulator faulty =
                        MastEmulator.builder().seed(SEED).scale(0.05).build()) {
            faulty.faults()
                    .pathPrefix("/api/v0/invoke")
                    .resetMidBodyRate(1.0)
                    .resetAtByte(2_500_000)
                    .resetLimit(1);
            List<String> want = allRows(fine.baseUrl());
            List<String> got = allRows(faulty.baseUrl());

            assertThat(want).hasSize((int) fine.sky().observationCount());
            assertThat(got).isEqualTo(want);
            assertThat(faulty.faults().injectedResets()).containsExactly(2_500_000L);
            List<RequestLog.Entry> pages = faulty.requestLog().entries().stream()
                    .filter(e -> "Mast.Caom.Filtered".equals(e.service()))
                    .toList();
            assertThat(pages).filteredOn(e -> e.status() == 0).hasSize(1);
            assertThat(pages).filteredOn(e -> e.rows() == 50_000).isNotEmpty();
        }
    }

    /** Every column of every observation, one string per row, sorted. */
    private static List<String> allRows(String baseUrl) {
        List<String> out = new ArrayList<>();
        for (Row r : spark.read()
                .format("mast")
                .option("baseUrl", baseUrl)
                .option("retryBackoffMillis", "5")
                .load("observations")
                .collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }
}
