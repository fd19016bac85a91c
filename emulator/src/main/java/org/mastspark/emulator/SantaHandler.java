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
 * TIC stars, with {@code KIC <n>} (resolver KEPLER) and {@code EPIC <n>} (resolver K2) naming the same
 * synthetic stars at fixed id offsets. Entries are matched to inputs by the lower-cased {@code searchString}, as SANTA does.
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
        if (key.startsWith("kic ") || key.startsWith("epic ")) {
            boolean kic = key.startsWith("kic ");
            String id = key.substring(kic ? 4 : 5).trim();
            ticOf(id, kic ? KIC_OFFSET : EPIC_OFFSET)
                    .flatMap(sky::ticPosition)
                    .ifPresent(p -> out.add(
                            entry(key, kic ? "KEPLER" : "K2", (kic ? "KIC " : "EPIC ") + id, p[0], p[1], null)));
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
            out.add(entry(key, "NED", nedName(canonical), ra, dec + 0.4 / 3600, type));
        }
        return out;
    }

    /** Synthetic {@code KIC n} is the synthetic star {@code TIC (n + KIC_OFFSET)}. */
    static final long KIC_OFFSET = 20_000_000_000L;

    /** Synthetic {@code EPIC n} (n above 200,000,000, as real EPIC ids are) is {@code TIC (n + EPIC_OFFSET)}. */
    static final long EPIC_OFFSET = 20_000_000_000L - 200_000_000L;

    private static java.util.Optional<String> ticOf(String id, long offset) {
        try {
            long n = Long.parseLong(id);
            return n <= 0 ? java.util.Optional.empty() : java.util.Optional.of(Long.toString(n + offset));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** NED writes Messier numbers as {@code MESSIER 042}; other names upper-cased. */
    private static String nedName(String simbad) {
        var m = java.util.regex.Pattern.compile("M\\s+(\\d+)").matcher(simbad);
        if (m.matches()) {
            return String.format(Locale.ROOT, "MESSIER %03d", Integer.parseInt(m.group(1)));
        }
        return simbad.toUpperCase(Locale.ROOT);
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
