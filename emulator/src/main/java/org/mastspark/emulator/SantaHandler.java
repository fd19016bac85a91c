package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * MAST's SANTA name resolver, {@code GET /Santa-war/query?outputFormat=json&resolveAll=..&resolver=..&name=..}:
 * one entry per (name, resolver) that knows the name. Names come from the recorded SANTA answer
 * (resolver.json: TIC 307210830, Barnard's Star, M1, M101, M103, M8, M10 with their TIC, SIMBAD,
 * SIMBADCFA and NED entries), the famous objects of {@link NameTable} (a SIMBAD entry and a NED entry
 * 0.4 arcsec away, as the two resolvers differ in the recording), and {@code TIC <id>} for the synthetic
 * TIC stars. Entries are matched to inputs by the lower-cased {@code searchString}, as SANTA does.
 */
final class SantaHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SyntheticSky sky;
    private final Map<String, List<ObjectNode>> recorded = new LinkedHashMap<>();

    SantaHandler(SyntheticSky sky) {
        this.sky = sky;
        for (JsonNode e : Recorded.file("resolver.json").path("resolvedCoordinate")) {
            recorded.computeIfAbsent(NameTable.key(e.path("searchString").asText()), k -> new ArrayList<>())
                    .add((ObjectNode) e);
        }
    }

    void handle(Exchange ex) throws IOException {
        List<String> names = Exchange.params(ex.rawQuery, "name");
        List<String> resolvers = new ArrayList<>();
        for (String r : Exchange.params(ex.rawQuery, "resolver")) {
            resolvers.add(r.trim().toUpperCase(Locale.ROOT));
        }
        boolean all = Exchange.params(ex.rawQuery, "resolveAll").stream().anyMatch(v -> v.equalsIgnoreCase("true"));
        String format = Exchange.params(ex.rawQuery, "outputFormat").stream()
                .findFirst()
                .orElse("XML");
        ex.service = "Santa";
        ex.logged = ex.rawQuery;
        if (!format.equalsIgnoreCase("json")) {
            ex.sendJson(400, "{\"status\": \"ERROR\", \"msg\": \"The emulator serves outputFormat=json only\"}");
            return;
        }
        if (names.isEmpty()) {
            ex.sendJson(400, "{\"status\": \"ERROR\", \"msg\": \"Missing required parameter 'name'\"}");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode out = answer.putArray("resolvedCoordinate");
        for (String name : names) {
            List<ObjectNode> entries = entries(name);
            if (all) {
                entries.forEach(out::add);
            } else if (!resolvers.isEmpty()) {
                for (String r : resolvers) {
                    entries.stream()
                            .filter(e -> e.path("resolver").asText().equals(r))
                            .findFirst()
                            .ifPresent(out::add);
                }
            } else if (!entries.isEmpty()) {
                out.add(entries.get(0));
            }
        }
        answer.put("status", "");
        ex.rows = out.size();
        ex.sendJson(200, answer.toString());
    }

    /** Every resolver's entry for a name, SANTA's default order first. */
    private List<ObjectNode> entries(String name) {
        // SANTA echoes the lower-cased input as searchString; clients match their names by it.
        String key = name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        List<ObjectNode> rec = recorded.get(NameTable.key(name));
        if (rec != null) {
            List<ObjectNode> echoed = new ArrayList<>();
            for (ObjectNode e : rec) {
                ObjectNode copy = e;
                if (!e.path("searchString").asText().equals(key)) {
                    copy = e.deepCopy();
                    copy.put("searchString", key);
                }
                echoed.add(copy);
            }
            return echoed;
        }
        List<ObjectNode> out = new ArrayList<>();
        if (key.startsWith("tic ")) {
            sky.ticPosition(key.substring(4).trim())
                    .ifPresent(p ->
                            out.add(entry(key, "TIC", "TIC " + key.substring(4).trim(), p[0], p[1], null)));
            return out;
        }
        JsonNode famous = NameTable.lookup(name).path("resolvedCoordinate").path(0);
        if (famous.has("ra")) {
            double ra = famous.path("ra").asDouble();
            double dec = famous.path("decl").asDouble();
            String canonical = famous.path("canonicalName").asText();
            String type = famous.path("objectType").asText(null);
            out.add(entry(key, "SIMBAD", canonical, ra, dec, type));
            // NED's position of the same object, 0.4 arcsec north: the two resolvers rarely agree exactly.
            out.add(entry(key, "NED", canonical.toUpperCase(Locale.ROOT), ra, dec + 0.4 / 3600, type));
        }
        return out;
    }

    private static ObjectNode entry(String key, String resolver, String canonical, double ra, double dec, String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("searchString", key);
        e.put("resolver", resolver);
        e.put("cached", false);
        e.put("resolverTime", 3);
        e.put("searchRadius", -1.0);
        e.put("canonicalName", canonical);
        e.put("ra", ra);
        e.put("decl", dec);
        if (type != null) {
            e.put("objectType", type);
        }
        return e;
    }
}
