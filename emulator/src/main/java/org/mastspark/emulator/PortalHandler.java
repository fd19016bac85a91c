package org.mastspark.emulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mastspark.emulator.sky.Field;
import org.mastspark.emulator.sky.MastQueryException;
import org.mastspark.emulator.sky.ResultTable;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * MAST's Portal ("Mashup") API, {@code /api/v0/invoke}: a request JSON in a form body (POST) or the
 * {@code request} query parameter (GET); answers in MAST's json format, streamed row by row with paging,
 * an optional EXECUTING phase per cacheBreaker, {@code status: ERROR} for bad requests, and MAST's
 * result-size limit (the connection is dropped when a query matches more rows).
 */
final class PortalHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY =
            JSON.getFactory().copy().setCodec(JSON).disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);

    private final SyntheticSky sky;
    private final Faults faults;
    private final long resultLimit;
    private final String baseUrl;
    private final Map<String, Integer> polls = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 10_000;
        }
    };
    private final Map<String, ResultTable> results = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ResultTable> eldest) {
            return size() > 64;
        }
    };

    PortalHandler(SyntheticSky sky, Faults faults, long resultLimit, String baseUrl) {
        this.sky = sky;
        this.faults = faults;
        this.resultLimit = resultLimit;
        this.baseUrl = baseUrl;
    }

    void handle(Exchange ex) throws IOException {
        String text;
        if (ex.method.equals("POST")) {
            List<String> r = Exchange.params(ex.bodyText(), "request");
            text = r.isEmpty() ? ex.bodyText() : r.get(0);
        } else if (ex.method.equals("GET")) {
            List<String> r = Exchange.params(ex.rawQuery, "request");
            text = r.isEmpty() ? "" : r.get(0);
        } else {
            ex.sendJson(405, "{\"status\": \"ERROR\", \"msg\": \"Use GET or POST\"}");
            return;
        }
        ex.logged = text;
        JsonNode request;
        try {
            request = JSON.readTree(text);
        } catch (IOException e) {
            error(ex, "Invalid request: the request parameter is not valid JSON");
            return;
        }
        if (request == null || !request.isObject() || !request.hasNonNull("service")) {
            error(ex, "Invalid request: a JSON object with 'service' and 'params' is required");
            return;
        }
        String service = request.get("service").asText();
        ex.service = service;
        JsonNode params = request.path("params");
        if (!params.isObject()) {
            params = JSON.createObjectNode();
        }
        String cacheBreaker = request.path("cacheBreaker").asText(null);
        if (cacheBreaker != null && faults.executingPolls() > 0) {
            int seen;
            synchronized (polls) {
                seen = polls.merge(cacheBreaker, 1, Integer::sum);
            }
            if (seen <= faults.executingPolls()) {
                ex.sendJson(
                        200,
                        "{\"status\": \"EXECUTING\", \"msg\": \"\", \"percent complete\": "
                                + (100 * seen / (faults.executingPolls() + 1)) + "}");
                return;
            }
        }
        if (service.equals("Mast.Name.Lookup")) {
            ex.sendJson(200, NameTable.lookup(params.path("input").asText(null)).toString());
            return;
        }
        int pagesize = positive(request.path("pagesize"), 1000);
        int page = positive(request.path("page"), 1);
        String format = request.path("format").asText("json");
        try {
            if (params.path("columns").asText("").replace(" ", "").equalsIgnoreCase("COUNT_BIG(*)")) {
                Long recordedCount = Recorded.count(service, params);
                if (recordedCount != null) {
                    ex.sendJson(
                            200,
                            "{\"status\": \"COMPLETE\", \"msg\": \"\", \"data\": [{\"Column1\": " + recordedCount
                                    + "}], \"fields\": [{\"name\": \"Column1\", \"type\": \"string\"}], \"paging\": {\"page\": 1,"
                                    + " \"pageSize\": " + pagesize
                                    + ", \"pagesFiltered\": 1, \"rows\": 1, \"rowsFiltered\": 1,"
                                    + " \"rowsTotal\": 1}}");
                    return;
                }
            }
            String file = Recorded.match(service, params);
            if (file != null) {
                serveRecorded(ex, file, page, pagesize);
                return;
            }
            String key = cacheBreaker == null ? null : cacheBreaker + "|" + service + "|" + params;
            ResultTable table = null;
            if (key != null) {
                synchronized (results) {
                    table = results.get(key);
                }
            }
            if (table == null) {
                Optional<ResultTable> t = sky.query(service, params);
                if (t.isEmpty()) {
                    error(ex, "Unknown service: " + service);
                    return;
                }
                table = t.get();
                if (key != null) {
                    synchronized (results) {
                        results.put(key, table);
                    }
                }
            }
            serveTable(ex, table, page, pagesize, format);
        } catch (MastQueryException e) {
            error(ex, e.getMessage());
        }
    }

    private static int positive(JsonNode v, int def) {
        int n = v.asInt(def);
        return n < 1 ? def : n;
    }

    private static void error(Exchange ex, String msg) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "ERROR");
        o.put("msg", msg);
        ex.sendJson(200, o.toString());
    }

    private void serveTable(Exchange ex, ResultTable table, int page, int pagesize, String format) throws IOException {
        long total = table.rowCount();
        long from = Math.min(total, (long) (page - 1) * pagesize);
        long to = Math.min(total, from + pagesize);
        try (OutputStream out = ex.start(200, "application/json; charset=utf-8", 0, true);
                JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (total > resultLimit && !(table.fields().size() == 1 && total == 1)) {
                // MAST cannot hold results this large: it drops the connection (client sees a reset).
                g.writeStartObject();
                g.writeStringField("status", "COMPLETE");
                g.flush();
                out.flush();
                throw new FaultyOutputStream.ConnectionDropped(
                        "result of " + total + " rows exceeds the limit of " + resultLimit);
            }
            g.writeStartObject();
            g.writeStringField("status", "COMPLETE");
            g.writeStringField("msg", "");
            g.writeArrayFieldStart("data");
            for (long i = from; i < to; i++) {
                table.writeRow(i, g);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("fields");
            for (Field f : table.fields()) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeStringField("type", f.type());
                g.writeEndObject();
            }
            g.writeEndArray();
            writePaging(g, page, pagesize, total, to - from);
            g.writeEndObject();
        }
        ex.rows = to - from;
    }

    private static void writePaging(JsonGenerator g, int page, int pagesize, long total, long rows) throws IOException {
        g.writeObjectFieldStart("paging");
        g.writeNumberField("page", page);
        g.writeNumberField("pageSize", pagesize);
        g.writeNumberField("pagesFiltered", (total + pagesize - 1) / pagesize);
        g.writeNumberField("rows", rows);
        g.writeNumberField("rowsFiltered", total);
        g.writeNumberField("rowsTotal", total);
        g.writeEndObject();
    }

    private void serveRecorded(Exchange ex, String file, int page, int pagesize) throws IOException {
        JsonNode recorded = Recorded.file(file);
        if (file.equals("bundleResponse.json")) {
            ObjectNode copy = recorded.deepCopy();
            String name = copy.path("url").asText().replaceAll(".*/", "");
            copy.put("url", baseUrl + "/emulator/bundle/" + name);
            ex.sendJson(200, copy.toString());
            return;
        }
        JsonNode data = recorded.get("data");
        if (data == null || !data.isArray() || !recorded.has("paging")) {
            // extjs answers and other whole documents are served as recorded
            ex.sendJson(200, recorded.toString());
            return;
        }
        long total = data.size();
        long from = Math.min(total, (long) (page - 1) * pagesize);
        long to = Math.min(total, from + pagesize);
        try (OutputStream out = ex.start(200, "application/json; charset=utf-8", 0, true);
                JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (var it = recorded.fields(); it.hasNext(); ) {
                var e = it.next();
                switch (e.getKey()) {
                    case "data" -> {
                        g.writeArrayFieldStart("data");
                        for (long i = from; i < to; i++) {
                            g.writeTree(data.get((int) i));
                        }
                        g.writeEndArray();
                    }
                    case "paging" -> {
                        JsonNode rec = e.getValue();
                        if (rec.path("page").asInt() == page
                                && rec.path("pageSize").asInt() == pagesize) {
                            // the page MAST answered: its paging block as recorded (spectra.json's claims 45762 rows)
                            g.writeFieldName("paging");
                            g.writeTree(rec);
                        } else {
                            writePaging(g, page, pagesize, total, to - from);
                        }
                    }
                    default -> {
                        g.writeFieldName(e.getKey());
                        g.writeTree(e.getValue());
                    }
                }
            }
            g.writeEndObject();
        }
        ex.rows = to - from;
    }
}
