package org.mastspark.emulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mastspark.emulator.sky.MastQueryException;
import org.mastspark.emulator.sky.PanstarrsQuery;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * The Pan-STARRS part of MAST's catalogs API: {@code GET|POST /api/v0.1/panstarrs/<release>/<table>.<json|csv>}
 * (parameters in the query string, a form body or a JSON body) and
 * {@code GET /api/v0.1/panstarrs/<release>/<table>/metadata.json}. json answers are
 * {@code {"info": [{name, type, db_type, description}], "data": [[...], ...]}} with long values sent as
 * strings (as recorded); {@code flatten_response=false} gives objects, {@code include_info=false} drops
 * info. Bad input: HTTP 400 with {@code {"detail": "<message>"}}.
 */
final class PanstarrsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY =
            JSON.getFactory().copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final Pattern QUERY =
            Pattern.compile("^/api/v0\\.1/panstarrs/([^/]+)/([^/.]+)(?:\\.(json|csv))?/?$");
    private static final Pattern METADATA =
            Pattern.compile("^/api/v0\\.1/panstarrs/([^/]+)/([^/.]+)/metadata(?:\\.json)?/?$");
    /** The cone that just covers the 35 rows of the recorded panstarrs.json (its own query was not recorded). */
    static final double[] RECORDED_CONE = {5.97517, -32.53455, 0.012};

    private final SyntheticSky sky;

    PanstarrsHandler(SyntheticSky sky) {
        this.sky = sky;
    }

    static boolean handles(String path) {
        return path.startsWith("/api/v0.1/panstarrs/");
    }

    void handle(Exchange ex) throws IOException {
        Matcher meta = METADATA.matcher(ex.path);
        if (meta.matches()) {
            String release = meta.group(1).toLowerCase(Locale.ROOT);
            String table = meta.group(2).toLowerCase(Locale.ROOT);
            ex.service = "panstarrs.metadata:" + release + "/" + table;
            Optional<JsonNode> columns = SyntheticSky.panstarrsMetadata(release, table);
            if (columns.isEmpty()) {
                MissionsHandler.error(ex, 404, "Unknown catalog panstarrs/" + release + "/" + table);
                return;
            }
            ex.rows = columns.get().size();
            ex.sendJson(200, columns.get().toString());
            return;
        }
        Matcher m = QUERY.matcher(ex.path);
        if (!m.matches()) {
            MissionsHandler.error(ex, 404, "Not found: " + ex.path);
            return;
        }
        String release = m.group(1).toLowerCase(Locale.ROOT);
        String table = m.group(2).toLowerCase(Locale.ROOT);
        ex.service = "panstarrs:" + release + "/" + table;
        try {
            Map<String, List<String>> params = ex.parameters();
            String format = m.group(3) != null
                    ? m.group(3)
                    : Optional.ofNullable(PanstarrsQuery.first(params, "format"))
                            .orElse("json");
            format = format.toLowerCase(Locale.ROOT);
            if (!format.equals("json") && !format.equals("csv")) {
                throw new MastQueryException("Unsupported format '" + format + "': the emulator answers json and csv");
            }
            PanstarrsQuery.Result result =
                    isRecorded(release, table, params) ? recorded(params) : sky.panstarrsQuery(release, table, params);
            ex.rows = result.rows().size();
            if (format.equals("csv")) {
                writeCsv(ex, result);
            } else {
                writeJson(
                        ex,
                        result,
                        !"false".equalsIgnoreCase(PanstarrsQuery.first(params, "flatten_response")),
                        !"false".equalsIgnoreCase(PanstarrsQuery.first(params, "include_info")));
            }
        } catch (MastQueryException e) {
            MissionsHandler.error(ex, 400, e.getMessage());
        }
    }

    private static boolean isRecorded(String release, String table, Map<String, List<String>> params) {
        if (!release.equals("dr2") || !table.equals("mean")) {
            return false;
        }
        try {
            return Math.abs(Double.parseDouble(PanstarrsQuery.first(params, "ra")) - RECORDED_CONE[0]) < 1e-6
                    && Math.abs(Double.parseDouble(PanstarrsQuery.first(params, "dec")) - RECORDED_CONE[1]) < 1e-6
                    && Math.abs(Double.parseDouble(PanstarrsQuery.first(params, "radius")) - RECORDED_CONE[2]) < 1e-6;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** panstarrs.json as recorded (page 1; later pages are empty). */
    private static PanstarrsQuery.Result recorded(Map<String, List<String>> params) {
        JsonNode rec = Recorded.file("panstarrs.json");
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> db = new ArrayList<>();
        List<String> desc = new ArrayList<>();
        for (JsonNode i : rec.path("info")) {
            names.add(i.path("name").asText());
            types.add(i.path("type").asText());
            db.add(i.path("db_type").asText());
            desc.add(i.path("description").asText());
        }
        String page = PanstarrsQuery.first(params, "page");
        List<Object[]> rows = new ArrayList<>();
        if (page == null || page.trim().equals("1")) {
            for (JsonNode r : rec.path("data")) {
                Object[] row = new Object[r.size()];
                for (int k = 0; k < r.size(); k++) {
                    JsonNode v = r.get(k);
                    row[k] = v.isNull()
                            ? null
                            : v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong() : v.asDouble();
                }
                rows.add(row);
            }
        }
        return new PanstarrsQuery.Result(
                names, types, db, desc, rows, rec.path("data").size());
    }

    private static void writeJson(Exchange ex, PanstarrsQuery.Result r, boolean flatten, boolean info)
            throws IOException {
        try (OutputStream out = ex.start(200, "application/json", 0, true);
                JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (info) {
                g.writeArrayFieldStart("info");
                for (int k = 0; k < r.names().size(); k++) {
                    g.writeStartObject();
                    g.writeStringField("name", r.names().get(k));
                    g.writeStringField("type", r.types().get(k));
                    g.writeStringField("db_type", r.dbTypes().get(k));
                    g.writeStringField("description", r.descriptions().get(k));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("data");
            for (Object[] row : r.rows()) {
                if (flatten) {
                    g.writeStartArray();
                } else {
                    g.writeStartObject();
                }
                for (int k = 0; k < row.length; k++) {
                    if (!flatten) {
                        g.writeFieldName(r.names().get(k));
                    }
                    Object v = row[k];
                    if (v == null) {
                        g.writeNull();
                    } else if (v instanceof Long n) {
                        // long values go as strings (objID "68960059717834079" in the recorded answer)
                        if (r.types().get(k).equals("long")) {
                            g.writeString(n.toString());
                        } else {
                            g.writeNumber(n);
                        }
                    } else if (v instanceof Double d) {
                        g.writeNumber(d);
                    } else {
                        g.writeString(v.toString());
                    }
                }
                if (flatten) {
                    g.writeEndArray();
                } else {
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeCsv(Exchange ex, PanstarrsQuery.Result r) throws IOException {
        try (OutputStream out = ex.start(200, "text/csv", 0, false);
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write(String.join(",", r.names()));
            w.write('\n');
            for (Object[] row : r.rows()) {
                for (int k = 0; k < row.length; k++) {
                    if (k > 0) {
                        w.write(',');
                    }
                    Object v = row[k];
                    String s = v == null ? "" : v.toString();
                    if (s.contains(",") || s.contains("\"")) {
                        s = "\"" + s.replace("\"", "\"\"") + "\"";
                    }
                    w.write(s);
                }
                w.write('\n');
            }
        }
    }
}
