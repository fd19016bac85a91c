package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;

/**
 * Real MAST answers (astroquery's recorded test data, which the emulator serves for the requests they
 * answer) read through {@code format("mast")} come back as exactly the recorded rows and values. The
 * expectations are read from the recorded files themselves, not from the emulator.
 */
class RecordedResponsesReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.01).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    static JsonNode recorded(String file) throws IOException {
        try (InputStream in = MastEmulator.class.getResourceAsStream("/org/mastspark/emulator/recorded/" + file)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void portalConeServiceReturnsTheRecordedCaomRowsWithAstroqueryTypes() throws IOException {
        JsonNode expected = recorded("caom.json").path("data");
        Dataset<Row> df = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("params", "{\"ra\": 23.34086, \"dec\": 60.658, \"radius\": 0.2}")
                .load("portal:Mast.Caom.Cone");

        assertThat(df.schema().fieldNames()).doesNotContain("_selected_").contains("obsid", "s_ra", "calib_level");
        assertThat(df.schema().apply("obsid").dataType().simpleString()).isEqualTo("string");
        assertThat(df.schema().apply("calib_level").dataType().simpleString()).isEqualTo("bigint");
        List<Row> rows = df.orderBy("obs_id", "obsid").collectAsList();
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode r : expected) {
            byKey.put(r.path("obs_id").asText() + "/" + r.path("obsid").asText(), r);
        }
        assertThat(rows).hasSize(expected.size()).hasSize(19);
        for (Row row : rows) {
            JsonNode want = byKey.get(row.getAs("obs_id") + "/" + row.getAs("obsid"));
            assertThat(want).as("row %s", row).isNotNull();
            assertThat((String) row.getAs("obsid")).isEqualTo(want.path("obsid").asText());
            assertThat((String) row.getAs("obs_collection"))
                    .isEqualTo(want.path("obs_collection").asText());
            assertThat((double) row.getAs("s_ra")).isCloseTo(want.path("s_ra").asDouble(), within(1e-12));
            assertThat((double) row.getAs("s_dec")).isCloseTo(want.path("s_dec").asDouble(), within(1e-12));
            assertThat((double) row.getAs("distance"))
                    .isCloseTo(want.path("distance").asDouble(), within(1e-9));
            assertThat((long) row.getAs("calib_level"))
                    .isEqualTo(want.path("calib_level").asLong());
            // JSON null stays SQL NULL, never a sentinel.
            assertThat(row.isNullAt(row.fieldIndex("dataURL")))
                    .isEqualTo(want.path("dataURL").isNull());
        }
    }

    @Test
    void theRecordedConeReadAsObservationsCountsAndReadsTheSameRows() throws IOException {
        Dataset<Row> df = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", "23.34086 60.658")
                .option("radius", "0.2deg")
                .load("observations");
        List<Row> rows = df.collectAsList();
        assertThat(df.count()).isEqualTo(19);
        assertThat(rows).hasSize(19);
        assertThat(rows.stream().map(r -> (String) r.getAs("obs_id")).sorted().toList())
                .isEqualTo(
                        StreamSupport.stream(recorded("caom.json").path("data").spliterator(), false)
                                .map(r -> r.path("obs_id").asText())
                                .sorted()
                                .toList());
        // Columns the recording lacks (intentType, ...) are NULL, not invented.
        assertThat(rows)
                .allSatisfy(
                        r -> assertThat(r.isNullAt(r.fieldIndex("intentType"))).isTrue());
    }

    @Test
    void productsOfTheRecordedObservationAreTheRecordedProducts() throws IOException {
        JsonNode expected = recorded("products.json").path("data");
        List<Row> rows = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("products")
                .where("obsid = '2003738726'")
                .orderBy("dataURI")
                .collectAsList();

        assertThat(rows).hasSize(22);
        Map<String, Long> sizes = new HashMap<>();
        for (JsonNode p : expected) {
            sizes.put(p.path("dataURI").asText(), p.path("size").asLong());
        }
        for (Row r : rows) {
            assertThat(sizes).containsEntry(r.getAs("dataURI"), r.<Long>getAs("size"));
            assertThat((String) r.getAs("obsID")).isEqualTo("2003738726");
        }
        assertThat(rows.stream()
                        .filter(r -> "SCIENCE".equals(r.getAs("productType")))
                        .count())
                .isEqualTo(7);
    }

    @Test
    void hscMatchesAndSpectraAreTheRecordedRows() throws IOException {
        JsonNode matches = recorded("matchid.json").path("data");
        List<Row> rows = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("matchid", "82371983")
                .load("catalogs/hsc/matches")
                .orderBy("MemID")
                .collectAsList();
        assertThat(rows).hasSize(matches.size()).hasSize(9);
        Map<Long, JsonNode> byMember = new HashMap<>();
        matches.forEach(m -> byMember.put(m.path("MemID").asLong(), m));
        for (Row row : rows) {
            JsonNode want = byMember.get(((Number) row.getAs("MemID")).longValue());
            assertThat(want).as("row %s", row).isNotNull();
            assertThat(((Number) row.getAs("MatchID")).longValue()).isEqualTo(82371983L);
            assertThat(((Number) row.getAs("SourceID")).longValue())
                    .isEqualTo(want.path("SourceID").asLong());
            assertThat((double) row.getAs("MatchRA"))
                    .isCloseTo(want.path("MatchRA").asDouble(), within(1e-12));
        }

        // The recorded spectra answer is a cut-down page: 26 rows where its paging block claims 45,762.
        // Reading it whole must say so rather than return 26 rows as if they were all.
        assertThat(recorded("spectra.json").path("data")).hasSize(26);
        assertThat(recorded("spectra.json").path("paging").path("rowsFiltered").asLong())
                .isEqualTo(45762);
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .load("catalogs/hsc/spectra")
                        .collectAsList())
                .hasStackTraceContaining("Mast.HscSpectra.Db.All page 1 held 26 rows but MAST's paging says 45762");

        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .load("catalogs/hsc/matches")
                        .collectAsList())
                .hasMessageContaining("Missing option 'matchid' for catalogs/hsc/matches");
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .option("matchid", "M82")
                        .load("catalogs/hsc/matches")
                        .collectAsList())
                .hasMessageContaining("Invalid value 'M82' for option 'matchid'");
    }
}
