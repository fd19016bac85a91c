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
 * {@link TessCutoutPhotometry} against the embedded emulator (enforcing MAST's cutout limits): the Parquet
 * statistics equal those astropy and numpy compute from the same cutout files ({@code /usr/bin/python3}, which
 * must import astropy).
 */
class TessCutoutPhotometryTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void perCutoutStatisticsEqualAstropys() throws Exception {
        try (MastEmulator mast = MastEmulator.builder().seed(16).scale(0.01).build()) {
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("TessCutoutPhotometryTest")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            Path cutouts = dir.resolve("cutouts");
            List<Row> stats = TessCutoutPhotometry.run(
                            spark,
                            mast.baseUrl(),
                            "23.34086 60.658",
                            "0.3deg",
                            6,
                            cutouts.toUri().toString(),
                            dir.resolve("stats.parquet").toUri().toString())
                    .collectAsList();
            List<String> files;
            try (Stream<Path> s = Files.walk(cutouts.resolve("tesscut"))) {
                files = s.filter(p -> p.toString().endsWith("_astrocut.fits"))
                        .map(Path::toString)
                        .sorted()
                        .toList();
            }
            assertThat(files).as("cutouts written").hasSizeGreaterThan(1);
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
                assertThat(r.<Integer>getAs("sector")).isEqualTo(a.get("SECTOR").asInt());
                assertThat(r.<Integer>getAs("camera")).isEqualTo(a.get("CAMERA").asInt());
                assertThat(r.<Integer>getAs("ccd")).isEqualTo(a.get("CCD").asInt());
                assertThat(r.getLong(r.fieldIndex("n_good")))
                        .isEqualTo(a.get("n_good").asLong());
                assertThat(r.getLong(r.fieldIndex("n_good"))).isPositive();
                // sums of 25 float32 pixels in double: Spark's left-to-right and numpy's pairwise sums differ in the
                // last bits, and so may the median and standard deviation
                double median = a.get("median").asDouble();
                assertThat(r.getDouble(r.fieldIndex("median_flux")))
                        .isCloseTo(median, within(Math.abs(median) * 1e-12));
                double std = a.get("std").asDouble();
                assertThat(r.getDouble(r.fieldIndex("std_flux"))).isCloseTo(std, within(std * 1e-9));
            }
            spark.stop();
        }
    }

    private static Map<String, JsonNode> astropy(List<String> files) throws Exception {
        assertThat(Path.of(PYTHON))
                .as(PYTHON + " (apt-get install python3-astropy)")
                .isExecutable();
        Path script = Files.createTempFile("cutout_stats_astropy", ".py");
        try (InputStream in = TessCutoutPhotometryTest.class.getResourceAsStream("/cutout_stats_astropy.py")) {
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
