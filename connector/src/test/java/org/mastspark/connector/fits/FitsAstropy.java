package org.mastspark.connector.fits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.mastspark.connector.testing.PythonOracle;

/**
 * Runs the astropy oracle ({@code src/test/resources/fits/astropy_fits_dump.py} under {@code /usr/bin/python3})
 * on one HDU of a FITS file and compares its cells with rows read by {@code format("fits")}, collecting every
 * disagreement (file, column, row, both values) instead of stopping at the first.
 */
final class FitsAstropy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FitsAstropy() {}

    /** astropy's view of one HDU: its index, row count, column names, header keyword values and rows. */
    record Dump(JsonNode meta, List<JsonNode> rows) {
        int hdu() {
            return meta.get("hdu").asInt();
        }

        long rowCount() {
            return meta.get("rows").asLong();
        }

        /** Index of the first dumped row (non-zero for a {@code --rows} slice). */
        long start() {
            return meta.path("start").asLong(0);
        }

        List<String> columns() {
            List<String> names = new ArrayList<>();
            meta.get("columns").forEach(n -> names.add(n.asText()));
            return names;
        }

        /** The same dump with only the named columns. */
        Dump only(List<String> names) {
            List<JsonNode> kept = new ArrayList<>();
            for (JsonNode r : rows) {
                ObjectNode o = JSON.createObjectNode();
                names.forEach(n -> o.set(n, r.get(n)));
                kept.add(o);
            }
            return new Dump(meta, kept);
        }

        JsonNode keyword(String name) {
            return meta.get("keywords").get(name);
        }
    }

    /**
     * Dumps {@code hdu} (null: the first BINTABLE) of {@code file} with the given header keywords; {@code rows}
     * ("start:stop", or null for all) limits the rows, for multi-GB files. Skips (fails on CI) without astropy.
     */
    static Dump dump(Path file, String hdu, List<String> keywords, String rows) {
        PythonOracle.require("astropy", "numpy");
        try {
            // A file the tests wrote once, dumped again with the same arguments: astropy's answer cannot differ,
            // so it is not asked twice (each run starts Python and astropy, about a second).
            String key = String.join(
                    "\u0000",
                    file.toAbsolutePath().toString(),
                    String.valueOf(hdu),
                    String.join(",", keywords),
                    String.valueOf(rows),
                    String.valueOf(Files.size(file)),
                    String.valueOf(Files.getLastModifiedTime(file).toMillis()));
            synchronized (DUMPS) {
                Dump known = DUMPS.get(key);
                if (known != null) {
                    return known;
                }
            }
            Dump fresh = run(file, hdu, keywords, rows);
            synchronized (DUMPS) {
                DUMPS.put(key, fresh);
            }
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Dumps already made in this JVM, by file (path, size, modification time) and arguments; the last few. */
    private static final Map<String, Dump> DUMPS = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Dump> eldest) {
            return size() > 16;
        }
    };

    private static Dump run(Path file, String hdu, List<String> keywords, String rows) {
        List<String> cmd = new ArrayList<>(List.of(PythonOracle.PYTHON, script().toString(), file.toString()));
        if (hdu != null) {
            cmd.addAll(List.of("--hdu", hdu));
        }
        if (!keywords.isEmpty()) {
            cmd.addAll(List.of("--keywords", String.join(",", keywords)));
        }
        if (rows != null) {
            cmd.addAll(List.of("--rows", rows));
        }
        try {
            Path out = Files.createTempFile("astropy-dump", ".jsonl");
            Path err = Files.createTempFile("astropy-dump", ".err");
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("astropy dump failed: " + String.join(" ", cmd) + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(err);
            List<JsonNode> parsed = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                parsed.add(JSON.readTree(line));
            }
            return new Dump(JSON.readTree(lines.get(0)), List.copyOf(parsed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path script() {
        try (InputStream in = FitsAstropy.class.getResourceAsStream("/fits/astropy_fits_dump.py")) {
            Path tmp = Files.createTempFile("astropy_fits_dump", ".py");
            Files.write(tmp, in.readAllBytes());
            tmp.toFile().deleteOnExit();
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares astropy's rows with Spark's, in order (Spark's sorted by row): every column astropy has, by
     * name. Returns the disagreements, one line each; {@code nanIsNull} treats astropy's NaN as SQL NULL (for
     * integer images with BLANK, which astropy turns into floats with NaN where the reader gives NULL).
     */
    static List<String> differences(String file, Dump astropy, List<Row> spark, boolean nanIsNull) {
        List<String> out = new ArrayList<>();
        if (astropy.rows().size() != spark.size()) {
            out.add(file + ": astropy has " + astropy.rows().size() + " rows, Spark " + spark.size());
        }
        int n = Math.min(astropy.rows().size(), spark.size());
        for (int i = 0; i < n; i++) {
            JsonNode a = astropy.rows().get(i);
            Row s = spark.get(i);
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                Object value;
                try {
                    value = s.get(s.fieldIndex(f.getKey()));
                } catch (IllegalArgumentException e) {
                    out.add(file + ": Spark has no column " + f.getKey() + " (has "
                            + s.schema().simpleString() + ")");
                    continue;
                }
                if (!same(f.getValue(), value, nanIsNull)) {
                    out.add(file + " column " + f.getKey() + " row " + (astropy.start() + i) + ": astropy "
                            + f.getValue() + ", Spark " + show(value));
                }
            }
            if (out.size() > 100) {
                out.add("... (more left out)");
                break;
            }
        }
        return out;
    }

    /** astropy's keyword value (null for an undefined value or a missing card) against Spark's column value. */
    static boolean sameKeyword(JsonNode astropy, Object spark) {
        return same(astropy, spark, false);
    }

    static boolean same(JsonNode a, Object s, boolean nanIsNull) {
        if (a == null || a.isNull()) {
            return s == null;
        }
        if (a.isTextual()) {
            String t = a.asText();
            if (s instanceof Double || s instanceof Float) {
                double want = switch (t) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> 0.5; // no float is a string
                };
                return !Double.valueOf(want).equals(0.5) && Double.compare(((Number) s).doubleValue(), want) == 0;
            }
            if (nanIsNull && t.equals("NaN")) {
                return s == null;
            }
            return t.equals(s);
        }
        if (a.isBoolean()) {
            return Boolean.valueOf(a.asBoolean()).equals(s);
        }
        if (a.isNumber()) {
            if (!(s instanceof Number num)) {
                return false;
            }
            if (s instanceof Double || s instanceof Float || !a.isIntegralNumber()) {
                // float cells widen to double exactly on both sides; astropy's scaled integers are float64
                return Double.compare(a.doubleValue(), num.doubleValue()) == 0;
            }
            if (s instanceof BigDecimal d) {
                return d.compareTo(new BigDecimal(a.bigIntegerValue())) == 0;
            }
            return a.bigIntegerValue().equals(BigInteger.valueOf(num.longValue()));
        }
        if (a.isArray()) {
            List<?> list = asList(s);
            if (list == null) {
                return false;
            }
            if (list.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), list.get(i), nanIsNull)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Spark arrays (Scala Seq) and complex structs (Row re, im) as Java lists. */
    static List<?> asList(Object s) {
        if (s instanceof scala.collection.Seq<?> seq) {
            return new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(seq));
        }
        if (s instanceof Row r) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                l.add(r.get(i));
            }
            return l;
        }
        if (s instanceof List<?> l) {
            return l;
        }
        return null;
    }

    static String show(Object s) {
        List<?> l = asList(s);
        if (l != null) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(show(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (s instanceof String str) {
            return "\"" + str + "\"";
        }
        return s == null ? "null" : s + " (" + s.getClass().getSimpleName() + ")";
    }
}
