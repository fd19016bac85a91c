package org.mastspark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.emulator.MastEmulator;

/**
 * {@link TessLightCurveStats} against the embedded emulator: the Parquet statistics equal those astropy and
 * numpy compute from the same downloaded files ({@code /usr/bin/python3}, which must import astropy).
 */
class TessLightCurveStatsTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void perStarStatisticsEqualAstropys() throws Exception {
        try (MastEmulator mast = MastEmulator.builder().seed(16).scale(0.01).build()) {
            Map<String, Object> tess = null;
            for (long i = 0; i < mast.sky().observationCount() && tess == null; i++) {
                Map<String, Object> o = mast.sky().observation(i);
                if ("TESS".equals(o.get("obs_collection")) && "timeseries".equals(o.get("dataproduct_type"))) {
                    tess = o;
                }
            }
            assertThat(tess)
                    .as("a TESS time-series observation in the emulator")
                    .isNotNull();
            String coordinates = tess.get("s_ra") + " " + tess.get("s_dec");
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("TessLightCurveStatsTest")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            Path downloads = dir.resolve("downloads");
            Path output = dir.resolve("stats.parquet");
            List<Row> stats = TessLightCurveStats.run(
                            spark,
                            mast.baseUrl(),
                            coordinates,
                            "8deg",
                            downloads.toUri().toString(),
                            output.toUri().toString())
                    .collectAsList();

            List<String> files;
            try (Stream<Path> s = Files.walk(downloads)) {
                files = s.filter(p -> p.toString().endsWith("_lc.fits"))
                        .map(Path::toString)
                        .sorted()
                        .toList();
            }
            assertThat(files).as("light curves downloaded").hasSizeGreaterThan(1);
            assertThat(stats).hasSize(files.size());
            Map<String, JsonNode> astropy = astropy(files);
            Map<String, Row> byName = new HashMap<>();
            for (Row r : stats) {
                String path = r.getString(r.fieldIndex("path"));
                byName.put(path.substring(path.lastIndexOf('/') + 1), r);
            }
            assertThat(byName.keySet()).isEqualTo(astropy.keySet());
            for (Map.Entry<String, JsonNode> e : astropy.entrySet()) {
                Row r = byName.get(e.getKey());
                JsonNode a = e.getValue();
                assertThat(r.getLong(r.fieldIndex("TICID")))
                        .isEqualTo(a.get("TICID").asLong());
                assertThat(r.getLong(r.fieldIndex("SECTOR")))
                        .isEqualTo(a.get("SECTOR").asLong());
                assertThat(r.getLong(r.fieldIndex("n_cadences")))
                        .isEqualTo(a.get("n_cadences").asLong());
                assertThat(r.getLong(r.fieldIndex("n_good")))
                        .isEqualTo(a.get("n_good").asLong());
                assertThat(r.getLong(r.fieldIndex("n_good"))).isLessThan(r.getLong(r.fieldIndex("n_cadences")));
                // the median of float32 values is exact in both (the mean of the two middle values, in double)
                assertThat(r.getDouble(r.fieldIndex("median_pdcsap_flux")))
                        .isEqualTo(a.get("median").asDouble());
                // the standard deviation: Spark's one-pass and numpy's two-pass sums differ in the last bits
                double std = a.get("std").asDouble();
                assertThat(r.getDouble(r.fieldIndex("std_pdcsap_flux"))).isCloseTo(std, within(std * 1e-9));
            }
            spark.stop();
        }
    }

    private static Map<String, JsonNode> astropy(List<String> files) throws Exception {
        assertThat(Path.of(PYTHON))
                .as(PYTHON + " (apt-get install python3-astropy)")
                .isExecutable();
        Path script = Files.createTempFile("lc_stats_astropy", ".py");
        try (InputStream in = TessLightCurveStatsTest.class.getResourceAsStream("/lc_stats_astropy.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byName = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            JsonNode n = json.readTree(line);
            byName.put(n.get("name").asText(), n);
        }
        Files.delete(script);
        return byName;
    }
}
