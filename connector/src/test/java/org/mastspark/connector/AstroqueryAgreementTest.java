package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.emulator.MastEmulator;

/**
 * The same queries through the real client, astroquery 0.4.6, and through {@code format("mast")},
 * against one emulator, give the same rows and values. If they disagree, the connector or the emulator
 * is wrong.
 */
class AstroqueryAgreementTest {
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

    /** Runs one astroquery call (see astroquery_dump.py) and returns its rows keyed by {@code key}. */
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
        assertThat(actual).hasSize(expected.size());
        assertThat(expected).isNotEmpty();
        for (Row row : actual) {
            JsonNode want = expected.get(row.getAs(key).toString());
            assertThat(want)
                    .as("row %s=%s missing from astroquery's answer", key, row.getAs(key))
                    .isNotNull();
            for (StructField f : row.schema().fields()) {
                if (!want.has(f.name())) {
                    continue;
                }
                JsonNode w = want.get(f.name());
                Object v = row.getAs(f.name());
                String what = key + "=" + row.getAs(key) + " column " + f.name();
                if (w.isNull()) {
                    assertThat(v).as(what).isNull();
                } else if (v instanceof Double d) {
                    assertThat(d).as(what).isCloseTo(w.asDouble(), within(Math.abs(w.asDouble()) * 1e-12 + 1e-12));
                } else if (v instanceof Long n) {
                    assertThat(n).as(what).isEqualTo(w.asLong());
                } else if (v instanceof Boolean b) {
                    assertThat(b).as(what).isEqualTo(w.asBoolean());
                } else {
                    assertThat(String.valueOf(v)).as(what).isEqualTo(w.asText());
                }
            }
        }
    }

    @Test
    void criteriaQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery(
                "{\"call\": \"query_criteria\", \"kwargs\": {\"obs_collection\": \"GALEX\", \"t_exptime\": [100, 1000]}}",
                "obsid");
        Dataset<Row> df = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("observations")
                .where("obs_collection = 'GALEX' AND t_exptime BETWEEN 100 AND 1000")
                .drop("distance");
        assertSameRows(expected, df.collectAsList(), "obsid");
    }

    @Test
    void coneQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery(
                "{\"call\": \"query_region\", \"coordinates\": \"210.802429 54.34875\", \"radius\": 0.3}", "obsid");
        Dataset<Row> df = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", "210.802429 54.34875")
                .option("radius", "0.3deg")
                .load("observations");
        assertSameRows(expected, df.collectAsList(), "obsid");
    }

    @Test
    void productListAgrees() throws Exception {
        List<Row> obs = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", "10.684708 41.26875")
                .option("radius", "0.2deg")
                .load("observations")
                .select("obsid")
                .limit(8)
                .collectAsList();
        StringBuilder ids = new StringBuilder();
        for (Row r : obs) {
            ids.append(ids.length() == 0 ? "" : ",").append(r.getString(0));
        }
        Map<String, JsonNode> expected =
                astroquery("{\"call\": \"get_product_list\", \"obsids\": \"" + ids + "\"}", "dataURI");
        Dataset<Row> products = MastProducts.forObservations(
                SparkTestSession.get().createDataFrame(obs, obs.get(0).schema()), Map.of("baseUrl", mast.baseUrl()));
        assertSameRows(expected, products.collectAsList(), "dataURI");
    }

    @Test
    void nameResolutionAgrees() throws Exception {
        List<String> names = List.of(
                "M1",
                "M101",
                "M8",
                "M10",
                "Barnard's Star",
                "Vega",
                "Sirius",
                "M31",
                "NGC 2024",
                "Orion Nebula",
                "NGC 5457",
                "M81",
                "Sombrero",
                "Messier 13",
                "M 57",
                "Praesepe",
                "M110");
        StringBuilder spec = new StringBuilder("{\"call\": \"resolve_object\", \"names\": [");
        for (int i = 0; i < names.size(); i++) {
            spec.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append('"');
        }
        Map<String, JsonNode> expected = astroquery(spec.append("]}").toString(), "name");
        var resolved = new org.mastspark.connector.client.SantaClient(
                        org.mastspark.connector.client.MastClientConfig.forBaseUrl(mast.baseUrl()))
                .resolve(names, List.of(), false, new org.mastspark.connector.client.ClientMetrics());
        for (String name : names) {
            var r = resolved.get(org.mastspark.connector.client.SantaClient.key(name))
                    .get(0);
            assertThat(r.ra()).as(name).isCloseTo(expected.get(name).path("ra").asDouble(), within(1e-9));
            assertThat(r.dec())
                    .as(name)
                    .isCloseTo(expected.get(name).path("dec").asDouble(), within(1e-9));
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
