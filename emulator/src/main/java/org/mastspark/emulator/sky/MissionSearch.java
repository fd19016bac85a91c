package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One Mission Search request ({@code POST /search/<mission>/api/v0.1/search}) evaluated over the synthetic
 * mission datasets: targets and radius, conditions, {@code select_cols}, {@code sort_by}/{@code sort_desc},
 * {@code limit}/{@code offset}; answered in the service's shape ({@code messages, info, search_params,
 * totalResults, results}).
 */
final class MissionSearch {
    /** The service refuses cones larger than this (astroquery enforces it client-side too). */
    static final double MAX_RADIUS_ARCMIN = 30;
    /** At most this many targets per request. */
    static final int MAX_TARGETS = 100;
    /** The largest {@code limit} the emulator accepts (the real cap is not documented). */
    static final int MAX_LIMIT = 50_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MissionSearch() {}

    /** A parsed request. */
    record Request(
            Missions.Mission mission,
            List<double[]> targets,
            List<String> targetTexts,
            double radiusDeg,
            MissionConditions conditions,
            List<Integer> select,
            List<String> sortBy,
            List<Boolean> sortDesc,
            int limit,
            int offset,
            ObjectNode searchParams) {}

    static Request parse(Missions.Mission m, JsonNode body) {
        JsonNode b = body == null || !body.isObject() ? JSON.createObjectNode() : body;
        List<double[]> targets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        JsonNode t = b.get("target");
        if (t != null && !t.isNull()) {
            List<JsonNode> list = new ArrayList<>();
            if (t.isArray()) {
                t.forEach(list::add);
            } else {
                list.add(t);
            }
            for (JsonNode one : list) {
                String s = one.asText().trim();
                String[] parts = s.split("[\\s,]+");
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException();
                    }
                    double ra = Double.parseDouble(parts[0]);
                    double dec = Double.parseDouble(parts[1]);
                    if (!(dec >= -90 && dec <= 90)) {
                        throw new NumberFormatException();
                    }
                    targets.add(new double[] {Sky.normRa(ra), dec});
                    texts.add(s);
                } catch (NumberFormatException e) {
                    throw new MastQueryException(
                            "Invalid target '" + s + "': expected \"<ra> <dec>\" in decimal degrees");
                }
            }
            if (targets.size() > MAX_TARGETS) {
                throw new MastQueryException(
                        "Too many targets: " + targets.size() + " given, at most " + MAX_TARGETS + " per request");
            }
        }
        double radiusValue = b.has("radius") && !b.get("radius").isNull() ? number(b.get("radius"), "radius") : 3;
        String units = b.path("radius_units").asText(b.has("radius") ? "arcseconds" : "arcminutes");
        double radiusArcmin = switch (units.toLowerCase(Locale.ROOT)) {
            case "arcseconds", "arcsec", "arcsecond" -> radiusValue / 60;
            case "arcminutes", "arcmin", "arcminute" -> radiusValue;
            case "degrees", "deg", "degree" -> radiusValue * 60;
            default ->
                throw new MastQueryException(
                        "Invalid radius_units '" + units + "': expected arcseconds, arcminutes or degrees");
        };
        if (!(radiusArcmin >= 0)) {
            throw new MastQueryException("Invalid radius " + radiusValue + ": must be zero or positive");
        }
        if (!targets.isEmpty() && radiusArcmin > MAX_RADIUS_ARCMIN + 1e-9) {
            throw new MastQueryException(
                    "Query radius too large: " + b.get("radius").asText() + " " + units + " exceeds the limit of "
                            + (int) MAX_RADIUS_ARCMIN + " arcminutes");
        }
        MissionConditions conditions = MissionConditions.parse(b.get("conditions"), m);

        List<Integer> select = new ArrayList<>();
        List<String> selectNames = new ArrayList<>();
        JsonNode sc = b.get("select_cols");
        List<String> asked = new ArrayList<>();
        if (sc != null && sc.isArray()) {
            sc.forEach(v -> asked.add(v.asText().trim()));
        } else if (sc != null && sc.isTextual()) {
            for (String s : sc.asText().split(",")) {
                asked.add(s.trim());
            }
        }
        asked.removeIf(String::isEmpty);
        boolean all =
                asked.size() == 1 && (asked.get(0).equals("*") || asked.get(0).equalsIgnoreCase("all"));
        for (int k = 0; k < m.columns().size(); k++) {
            Missions.Column c = m.columns().get(k);
            boolean meta = isMeta(c.name());
            if (asked.isEmpty() ? c.defaultOutput() && !meta : all && !meta) {
                select.add(k);
            }
        }
        if (!asked.isEmpty() && !all) {
            for (String a : asked) {
                int k = m.column(a);
                if (k < 0) {
                    throw new MastQueryException(
                            "Invalid select_cols: column '" + a + "' does not exist for mission " + m.name());
                }
                if (!isMeta(a) && !select.contains(k)) {
                    select.add(k);
                }
            }
        }
        select.forEach(k -> selectNames.add(m.columns().get(k).name()));

        List<String> sortBy = strings(b.get("sort_by"));
        List<Boolean> sortDesc = new ArrayList<>();
        JsonNode sd = b.get("sort_desc");
        if (sd != null && sd.isArray()) {
            sd.forEach(v -> sortDesc.add(v.asBoolean()));
        } else if (sd != null && !sd.isNull()) {
            sortDesc.add(sd.asBoolean());
        }
        if (sortBy.isEmpty()) {
            if (!targets.isEmpty()) {
                sortBy.add("ang_sep");
            }
            if (m.name().equals("hst")) {
                sortBy.add("sci_targname");
            }
            sortBy.add(m.datasetColumn());
            sortDesc.clear();
        }
        while (sortDesc.size() < sortBy.size()) {
            sortDesc.add(sortDesc.size() == 1 && sortBy.size() == 1 ? sortDesc.get(0) : false);
        }
        for (String s : sortBy) {
            if (m.column(s) < 0) {
                throw new MastQueryException(
                        "Invalid sort_by: column '" + s + "' does not exist for mission " + m.name());
            }
            if (s.equals("ang_sep") && targets.isEmpty()) {
                throw new MastQueryException("Invalid sort_by: ang_sep needs a target");
            }
        }
        int limit = b.has("limit") && !b.get("limit").isNull() ? (int) number(b.get("limit"), "limit") : 5000;
        int offset = b.has("offset") && !b.get("offset").isNull() ? (int) number(b.get("offset"), "offset") : 0;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new MastQueryException("Invalid limit " + limit + ": must lie between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new MastQueryException("Invalid offset " + offset + ": must be zero or positive");
        }

        ObjectNode sp = JSON.createObjectNode();
        if (!targets.isEmpty()) {
            ArrayNode ta = sp.putArray("target");
            texts.forEach(ta::add);
            sp.set(
                    "radius",
                    b.has("radius") ? b.get("radius") : JSON.getNodeFactory().numberNode(3));
            sp.put("radius_units", units);
        }
        sp.put("offset", offset);
        sp.put("limit", limit);
        ArrayNode sbn = sp.putArray("sort_by");
        sortBy.forEach(sbn::add);
        ArrayNode sdn = sp.putArray("sort_desc");
        sortDesc.forEach(sdn::add);
        sp.put("skip_count", b.path("skip_count").asBoolean(false));
        ArrayNode scn = sp.putArray("select_cols");
        selectNames.forEach(scn::add);
        sp.set("search_key", b.has("search_key") ? b.get("search_key") : JSON.createArrayNode());
        sp.set("user_fields", b.has("user_fields") ? b.get("user_fields") : JSON.createArrayNode());
        sp.set("conditions", b.has("conditions") ? b.get("conditions") : JSON.createArrayNode());
        return new Request(
                m, targets, texts, radiusArcmin / 60, conditions, select, sortBy, sortDesc, limit, offset, sp);
    }

    static boolean isMeta(String name) {
        return name.equals("search_pos") || name.equals("search_key") || name.equals("ang_sep");
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText().trim()));
        } else {
            for (String s : n.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static double number(JsonNode v, String key) {
        return JsonNumbers.number(v, text -> "Invalid value '" + text + "' for '" + key + "': expected a number");
    }

    /** One matched row: the observation, which target it matched (or -1) and its separation in arcmin. */
    record Match(long index, int target, double angSepArcmin) {}

    /** Sorts matches by the request's sort columns, then by dataset id (the order is total). */
    static void sort(List<Match> matches, Request r, java.util.function.BiFunction<Match, String, Object> value) {
        List<Comparator<Match>> parts = new ArrayList<>();
        List<String> keys = new ArrayList<>(r.sortBy());
        List<Boolean> desc = new ArrayList<>(r.sortDesc());
        keys.add(r.mission().datasetColumn());
        desc.add(false);
        keys.add("search_pos");
        desc.add(false);
        Object[][] cache = new Object[keys.size()][];
        for (int k = 0; k < keys.size(); k++) {
            cache[k] = new Object[matches.size()];
            for (int i = 0; i < matches.size(); i++) {
                cache[k][i] = value.apply(matches.get(i), keys.get(k));
            }
        }
        Integer[] order = new Integer[matches.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            for (int k = 0; k < keys.size(); k++) {
                int c = compare(cache[k][x], cache[k][y]);
                if (c != 0) {
                    return desc.get(k) ? -c : c;
                }
            }
            return 0;
        });
        List<Match> sorted = new ArrayList<>(matches.size());
        for (Integer i : order) {
            sorted.add(matches.get(i));
        }
        matches.clear();
        matches.addAll(sorted);
        parts.clear();
    }

    /** Nulls last; numbers numerically; text case-sensitively. */
    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return a.toString().compareTo(b.toString());
    }
}
