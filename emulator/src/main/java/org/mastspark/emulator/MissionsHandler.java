package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mastspark.emulator.sky.MastQueryException;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * MAST's Mission Search API: {@code GET /search/util/api/v0.1/column_list?mission=},
 * {@code POST /search/<mission>/api/v0.1/search}, {@code POST .../post_list_products} (and
 * {@code GET .../list_products?dataset_ids=}), {@code GET|HEAD .../retrieve_product?product_name=}.
 * Recorded answers for the recorded requests, synthetic datasets otherwise; bad input is answered with
 * HTTP 400 and {@code {"detail": "<message>"}}.
 */
final class MissionsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("^/search/([^/]+)/api/v0\\.1/([^/]+)/?$");
    /** The search that recorded mission_results.json (its search_params): target, radius, conditions. */
    private static final double[] RECORDED_TARGET = {40.66963, -0.01328};

    /** Dataset ids per products request (astroquery batches 1,000). */
    static final int MAX_DATASET_IDS = 1000;

    private final SyntheticSky sky;
    private final DownloadHandler downloads;

    MissionsHandler(SyntheticSky sky, DownloadHandler downloads) {
        this.sky = sky;
        this.downloads = downloads;
    }

    static boolean handles(String path) {
        return path.startsWith("/search/");
    }

    void handle(Exchange ex) throws IOException {
        Matcher m = PATH.matcher(ex.path);
        if (!m.matches()) {
            error(ex, 404, "Not found: " + ex.path);
            return;
        }
        String mission = Exchange.decode(m.group(1)).toLowerCase(Locale.ROOT);
        String op = m.group(2);
        ex.service = "missions." + op + (mission.equals("util") ? "" : ":" + mission);
        try {
            if (mission.equals("util") && op.equals("column_list")) {
                columnList(ex);
                return;
            }
            if (SyntheticSky.missionDatasetColumn(mission).isEmpty()) {
                error(
                        ex,
                        400,
                        "Mission '" + mission + "' is not available: known missions are "
                                + SyntheticSky.missionNames());
                return;
            }
            switch (op) {
                case "search" -> search(ex, mission);
                case "post_list_products", "list_products" -> products(ex, mission, op);
                case "retrieve_product" -> retrieve(ex, mission);
                default -> error(ex, 404, "Not found: " + ex.path);
            }
        } catch (MastQueryException e) {
            error(ex, 400, e.getMessage());
        }
    }

    static void error(Exchange ex, int status, String msg) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("detail", msg);
        ex.sendJson(status, o.toString());
    }

    private void columnList(Exchange ex) throws IOException {
        List<String> missions = Exchange.params(ex.rawQuery, "mission");
        String mission = missions.isEmpty() ? "" : missions.get(0).trim().toLowerCase(Locale.ROOT);
        ex.logged = "mission=" + mission;
        if (mission.isEmpty()) {
            error(ex, 400, "Missing required parameter 'mission'");
            return;
        }
        Optional<JsonNode> columns = mission.equals("hst")
                ? Optional.of(Recorded.file("mission_columns.json"))
                : SyntheticSky.missionColumns(mission);
        if (columns.isEmpty()) {
            error(
                    ex,
                    400,
                    "Mission '" + mission + "' is not available: known missions are " + SyntheticSky.missionNames());
            return;
        }
        ex.rows = columns.get().size();
        ex.sendJson(200, columns.get().toString());
    }

    private JsonNode body(Exchange ex) throws IOException {
        String text = ex.bodyText();
        ex.logged = text;
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new MastQueryException("The request body is not valid JSON");
        }
    }

    private void search(Exchange ex, String mission) throws IOException {
        if (!ex.method.equals("POST")) {
            error(ex, 405, "Use POST with a JSON body");
            return;
        }
        JsonNode body = body(ex);
        if (mission.equals("hst") && isRecordedSearch(body)) {
            ObjectNode recorded = Recorded.file("mission_results.json").deepCopy();
            ArrayNode all = (ArrayNode) recorded.get("results");
            int offset = Math.max(0, body.path("offset").asInt(0));
            int limit = Math.max(1, body.path("limit").asInt(5000));
            ArrayNode page = JSON.createArrayNode();
            for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
                page.add(all.get(i));
            }
            recorded.set("results", page);
            ex.rows = page.size();
            ex.sendJson(200, recorded.toString());
            return;
        }
        JsonNode answer = sky.missionSearch(mission, body).orElseThrow();
        ex.rows = answer.path("results").size();
        ex.sendJson(200, answer.toString());
    }

    /**
     * Whether a search asks what mission_results.json answers: target "40.66963 -0.01328", a 3 arcmin
     * radius, and the conditions sci_aec=S and sci_instrume=STIS,ACS,...,WFPC2 (empty conditions ignored).
     */
    static boolean isRecordedSearch(JsonNode body) {
        JsonNode t = body.path("target");
        JsonNode first = t.isArray() && t.size() == 1 ? t.get(0) : t.isTextual() ? t : null;
        if (first == null) {
            return false;
        }
        String[] parts = first.asText().trim().split("[\\s,]+");
        try {
            if (parts.length != 2
                    || Math.abs(Double.parseDouble(parts[0]) - RECORDED_TARGET[0]) > 1e-6
                    || Math.abs(Double.parseDouble(parts[1]) - RECORDED_TARGET[1]) > 1e-6) {
                return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        double r = body.path("radius").asDouble(Double.NaN);
        String units = body.path("radius_units").asText("arcseconds").toLowerCase(Locale.ROOT);
        double arcmin = units.startsWith("arcmin") ? r : units.startsWith("deg") ? r * 60 : r / 60;
        if (Math.abs(arcmin - 3) > 1e-6) {
            return false;
        }
        Map<String, String> conditions = new java.util.TreeMap<>();
        List<JsonNode> list = new ArrayList<>();
        if (body.path("conditions").isArray()) {
            body.path("conditions").forEach(list::add);
        }
        for (JsonNode c : list) {
            c.fields().forEachRemaining(e -> {
                String v = e.getValue().isArray()
                        ? joined(e.getValue())
                        : e.getValue().asText();
                if (!v.isBlank()) {
                    conditions.put(e.getKey(), v.replace(" ", "").toUpperCase(Locale.ROOT));
                }
            });
        }
        return conditions.equals(
                Map.of("sci_aec", "S", "sci_instrume", "STIS,ACS,WFC3,COS,FGS,FOC,FOS,HRS,HSP,NICMOS,WFPC,WFPC2"));
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.asText()));
        return String.join(",", parts);
    }

    private void products(Exchange ex, String mission, String op) throws IOException {
        List<String> ids = new ArrayList<>();
        if (op.equals("list_products")) {
            ex.logged = ex.rawQuery;
            for (String v : Exchange.params(ex.rawQuery, "dataset_ids")) {
                for (String s : v.split(",")) {
                    ids.add(s.trim());
                }
            }
        } else {
            if (!ex.method.equals("POST")) {
                error(ex, 405, "Use POST with a JSON body {\"dataset_ids\": [...]}");
                return;
            }
            JsonNode ds = body(ex).get("dataset_ids");
            if (ds == null || ds.isNull()) {
                throw new MastQueryException("Missing required field 'dataset_ids'");
            }
            if (ds.isArray()) {
                ds.forEach(v -> ids.add(v.asText().trim()));
            } else {
                for (String s : ds.asText().split(",")) {
                    ids.add(s.trim());
                }
            }
        }
        ids.removeIf(String::isEmpty);
        if (ids.isEmpty()) {
            throw new MastQueryException("'dataset_ids' is empty: give at least one dataset id");
        }
        if (ids.size() > MAX_DATASET_IDS) {
            throw new MastQueryException(
                    "Too many dataset_ids: " + ids.size() + " given, at most " + MAX_DATASET_IDS + " per request");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode products = out.putArray("products");
        List<String> synthetic = new ArrayList<>();
        for (String id : ids) {
            if (mission.equals("hst") && id.equalsIgnoreCase("Z14Z0104T")) {
                Recorded.file("mission_products.json").path("products").forEach(products::add);
            } else {
                synthetic.add(id);
            }
        }
        for (Map<String, Object> p : sky.missionProducts(mission, synthetic)) {
            products.add(JSON.valueToTree(p));
        }
        ex.rows = products.size();
        ex.sendJson(200, out.toString());
    }

    /** The file behind a recorded or synthetic mission product URI, or null. */
    ProductFile find(String mission, String uri) {
        if (uri == null) {
            return null;
        }
        if (mission.equals("hst")) {
            for (JsonNode p : Recorded.file("mission_products.json").path("products")) {
                if (p.path("uri").asText().equals(uri)) {
                    return SyntheticSky.file(
                            p.path("filename").asText(), p.path("size").asLong(), false);
                }
            }
        }
        return sky.missionProduct(mission, uri).orElse(null);
    }

    private void retrieve(Exchange ex, String mission) throws IOException {
        List<String> names = Exchange.params(ex.rawQuery, "product_name");
        String uri = names.isEmpty() ? null : names.get(0);
        ex.logged = uri == null ? "" : uri;
        if (uri == null || uri.isBlank()) {
            error(ex, 400, "Missing required parameter 'product_name'");
            return;
        }
        ProductFile f = find(mission, uri);
        if (f == null) {
            error(ex, 404, "Product not found: " + uri);
            return;
        }
        downloads.serve(ex, uri.substring(uri.lastIndexOf('/') + 1), f);
    }
}
