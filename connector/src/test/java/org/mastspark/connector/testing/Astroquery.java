package org.mastspark.connector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mastspark.emulator.MastEmulator;

/**
 * The real MAST client, Debian's astroquery 0.4.6 ({@code python3-astroquery}), pointed at an emulator of its
 * own, for the agreement tests: {@link #rows} runs one call of {@code src/test/python/astroquery_dump.py} and
 * {@link #assertSameRows} compares its answer with what {@code format("mast")} read from {@link #baseUrl()}.
 *
 * <p>A class-level extension ({@code @RegisterExtension static final Astroquery astroquery = new
 * Astroquery();}): before the class's tests it starts the emulator (seed 21, scale 0.02) and writes the
 * astroquery configuration that points at it into a temporary HOME; after them it stops the emulator and
 * deletes that HOME. Where astroquery is not installed the class is skipped, except on CI ({@code CI=true}),
 * where that is an error.
 */
public final class Astroquery implements BeforeAllCallback, AfterAllCallback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";

    /** Which of a Spark row's columns {@link #assertSameRows} compares. */
    public enum Columns {
        /** Only those astroquery's rows also have (under the same name); the others are not checked. */
        SHARED,
        /** Every one: astroquery's rows must have it, under the same name or lower-cased. */
        ALL
    }

    /** astroquery's HOME: its configuration, and the spec and answer files of each call. */
    private Path home;

    private MastEmulator mast;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        boolean available = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import astroquery").start().waitFor() == 0;
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("python3-astroquery is not installed: apt-get install python3-astroquery");
        }
        Assumptions.assumeTrue(available, "python3-astroquery (0.4.6) is not installed; agreement tests skipped");
        home = Files.createTempDirectory("astroquery");
        // MAST's 10 at once but no real per-second limit: astroquery neither waits nor retries, so a test's
        // back-to-back astroquery and connector calls could draw a 503 at MAST's 5 per second and fail for a
        // limit that is not what these tests compare (the limits have their own tests).
        mast = MastEmulator.builder()
                .seed(21)
                .scale(0.02)
                .cutoutLimits(10, 1000)
                .build();
        Path cfg = home.resolve("xdg/astropy");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("astroquery.cfg"), "[mast]\nserver = " + mast.baseUrl() + "\n");
    }

    /** The emulator's URL, the one astroquery asks. */
    public String baseUrl() {
        return mast.baseUrl();
    }

    /** The emulator astroquery asks (to register tokens, read its request log). */
    public MastEmulator emulator() {
        return mast;
    }

    /** Runs one astroquery call (see astroquery_dump.py) and returns its rows keyed by {@code key}. */
    public Map<String, JsonNode> rows(String spec, String key) throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode r : rowList(spec)) {
            assertThat(rows.put(r.path(key).asText(), r))
                    .as("duplicate %s", key)
                    .isNull();
        }
        return rows;
    }

    /** A fresh empty directory in astroquery's HOME, for the files of a download call. */
    public Path newDirectory() throws IOException {
        return Files.createTempDirectory(home, "files");
    }

    /** Runs one astroquery call (see astroquery_dump.py) and returns its rows in astroquery's order. */
    public List<JsonNode> rowList(String spec) throws Exception {
        Path specFile = Files.createTempFile(home, "spec", ".json");
        Path out = Files.createTempFile(home, "rows", ".json");
        Files.writeString(specFile, spec);
        ProcessBuilder pb = new ProcessBuilder(
                        PYTHON,
                        Path.of("src/test/python/astroquery_dump.py")
                                .toAbsolutePath()
                                .toString(),
                        specFile.toString(),
                        out.toString())
                .redirectErrorStream(true);
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(out.toFile()).path("rows").forEach(rows::add);
        return rows;
    }

    /**
     * Asserts that {@code actual} (Spark's rows) are {@code expected} (astroquery's, keyed by {@code key}): as
     * many, none missing, and each compared column equal (doubles to 1e-12 relative, nulls as nulls).
     */
    public static void assertSameRows(Map<String, JsonNode> expected, List<Row> actual, String key, Columns columns) {
        assertThat(expected).isNotEmpty();
        assertThat(actual).hasSize(expected.size());
        for (Row row : actual) {
            JsonNode want = expected.get(row.getAs(key).toString());
            assertThat(want)
                    .as("row %s=%s missing from astroquery's answer", key, row.getAs(key))
                    .isNotNull();
            for (StructField f : row.schema().fields()) {
                JsonNode w;
                if (columns == Columns.SHARED) {
                    if (!want.has(f.name())) {
                        continue;
                    }
                    w = want.get(f.name());
                } else {
                    w = want.has(f.name())
                            ? want.get(f.name())
                            : want.get(f.name().toLowerCase());
                    assertThat(w).as("astroquery column %s", f.name()).isNotNull();
                }
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

    /** Stops the emulator and deletes astroquery's HOME. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (mast != null) {
            mast.close();
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
