package org.mastspark.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * MAST's SANTA name resolver, {@code GET /Santa-war/query?outputFormat=json&resolveAll=..&resolver=..&name=..}:
 * one entry per (name, resolver) that knows the name. Names come from {@link NameTable} (the recorded
 * SANTA answer, famous, Messier and bright objects, every alias of an object with the same entries) and
 * {@code TIC <id>} for the synthetic TIC stars, with {@code KIC <n>} (resolver KEPLER) and {@code EPIC <n>}
 * (resolver K2) naming the same synthetic stars at fixed id offsets. Entries are matched to inputs by the
 * lower-cased {@code searchString}, as SANTA does.
 */
final class SantaHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SyntheticSky sky;

    SantaHandler(SyntheticSky sky) {
        this.sky = sky;
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
        List<ObjectNode> known = NameTable.santaEntries(name);
        if (!known.isEmpty()) {
            return known;
        }
        // SANTA echoes the lower-cased input as searchString; clients match their names by it.
        String key = NameTable.echo(name);
        List<ObjectNode> out = new ArrayList<>();
        if (key.startsWith("tic ")) {
            sky.ticPosition(key.substring(4).trim())
                    .ifPresent(p -> out.add(NameTable.entry(
                            key, "TIC", "TIC " + key.substring(4).trim(), p[0], p[1], null)));
            return out;
        }
        if (key.startsWith("kic ") || key.startsWith("epic ")) {
            boolean kic = key.startsWith("kic ");
            String id = key.substring(kic ? 4 : 5).trim();
            ticOf(id, kic ? KIC_OFFSET : EPIC_OFFSET)
                    .flatMap(sky::ticPosition)
                    .ifPresent(p -> out.add(NameTable.entry(
                            key, kic ? "KEPLER" : "K2", (kic ? "KIC " : "EPIC ") + id, p[0], p[1], null)));
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
}
