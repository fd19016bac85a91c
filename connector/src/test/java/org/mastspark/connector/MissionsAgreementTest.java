package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.emulator.MastEmulator;

/**
 * Mission Search and Pan-STARRS reads through astroquery 0.4.6 ({@code MastMissions.query_region},
 * {@code Catalogs.query_region(catalog="panstarrs")}) and through {@code format("mast")}, against one
 * emulator, give the same rows and values.
 */
class MissionsAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";
    private static MastEmulator mast;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        boolean available = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import astroquery").start().waitFor() == 0;
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("python3-astroquery is not installed: apt-get install python3-astroquery");
        }
        Assumptions.assumeTrue(available, "python3-astroquery (0.4.6) is not installed; agreement tests skipped");
        mast = MastEmulator.builder().seed(21).scale(0.02).build();
        Path cfg = tmp.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
    }

    @AfterAll
    static void stop() {
        if (mast != null) {
            mast.close();
        }
    }

    private static Map<String, JsonNode> astroquery(String spec, String key) throws Exception {
        Path specFile = Files.createTempFile(tmp, "spec", ".json");
        Path out = Files.createTempFile(tmp, "rows", ".json");
        Files.writeString(specFile, spec);
        ProcessBuilder pb = new ProcessBuilder(
                        PYTHON,
                        Path.of("src/test/python/astroquery_dump.py")
                                .toAbsolutePath()
                                .toString(),
                        specFile.toString(),
                        out.toString())
                .redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        pb.environment().put("HOME", tmp.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode r : JSON.readTree(out.toFile()).path("rows")) {
            assertThat(rows.put(r.path(key).asText(), r))
                    .as("duplicate %s", key)
                    .isNull();
        }
        return rows;
    }

    private static void assertSameRows(Map<String, JsonNode> expected, List<Row> actual, String key) {
        assertThat(expected).isNotEmpty();
        assertThat(actual).hasSize(expected.size());
        for (Row row : actual) {
            JsonNode want = expected.get(row.getAs(key).toString());
            assertThat(want)
                    .as("row %s=%s missing from astroquery's answer", key, row.getAs(key))
                    .isNotNull();
            for (StructField f : row.schema().fields()) {
                JsonNode w = want.has(f.name())
                        ? want.get(f.name())
                        : want.get(f.name().toLowerCase());
                assertThat(w).as("astroquery column %s", f.name()).isNotNull();
                Object v = row.getAs(f.name());
                String what = key + "=" + row.getAs(key) + " column " + f.name();
                if (w.isNull()) {
                    assertThat(v).as(what).isNull();
                } else if (v instanceof Double d) {
                    assertThat(d).as(what).isCloseTo(w.asDouble(), within(Math.abs(w.asDouble()) * 1e-12 + 1e-12));
                } else if (v instanceof Long n) {
                    assertThat(n).as(what).isEqualTo(w.asLong());
                } else {
                    assertThat(String.valueOf(v)).as(what).isEqualTo(w.asText());
                }
            }
        }
    }

    @Test
    void missionConeQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery(
                "{\"call\": \"missions_query_region\", \"mission\": \"hst\", \"coordinates\": \"210.802429 54.34875\","
                        + " \"radius_arcmin\": 12, \"kwargs\": {\"select_cols\": [\"sci_data_set_name\","
                        + " \"sci_targname\", \"sci_ra\", \"sci_dec\", \"sci_pep_id\", \"sci_actual_duration\","
                        + " \"sci_instrume\"]}}",
                "sci_data_set_name");
        List<Row> rows = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", "210.802429 54.34875")
                .option("radius", "12arcmin")
                .load("missions/hst")
                .select(
                        "sci_data_set_name",
                        "sci_targname",
                        "sci_ra",
                        "sci_dec",
                        "sci_pep_id",
                        "sci_actual_duration",
                        "sci_instrume")
                .collectAsList();
        assertSameRows(expected, rows, "sci_data_set_name");
    }

    @Test
    void panstarrsConeQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery(
                "{\"call\": \"panstarrs_query_region\", \"coordinates\": \"150.1 2.2\", \"radius\": 0.15,"
                        + " \"kwargs\": {\"table\": \"mean\", \"data_release\": \"dr2\", \"columns\": [\"objName\","
                        + " \"objID\", \"raMean\", \"decMean\", \"nDetections\", \"qualityFlag\"]}}",
                "objID");
        List<Row> rows = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", "150.1 2.2")
                .option("radius", "0.15deg")
                .load("catalogs/panstarrs/dr2/mean")
                .select("objName", "objID", "raMean", "decMean", "nDetections", "qualityFlag")
                .collectAsList();
        assertSameRows(expected, rows, "objID");
    }
}
