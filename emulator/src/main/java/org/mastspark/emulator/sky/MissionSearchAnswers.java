package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.LongFunction;

/**
 * Answers the Mission Search API over the synthetic datasets: a mission's column list, its searches
 * (matching observations of the mission's collection by target cone and conditions, then sorting, paging
 * and rendering them in the service's shape), and its datasets' products and product files. Thread safe.
 */
final class MissionSearchAnswers {
    private final int rows;
    private final Caom caom;
    private final Products products;
    private final Missions missions;
    private final ObservationIndex observations;

    MissionSearchAnswers(int rows, Caom caom, Products products, Missions missions, ObservationIndex observations) {
        this.rows = rows;
        this.caom = caom;
        this.products = products;
        this.missions = missions;
        this.observations = observations;
    }

    /**
     * The {@code column_list} answer of a mission (the recorded one for hst), or empty for an unknown
     * mission: {@code [{field_name, description, column_name, queryable, qual_type, default_output,
     * indexed, datatype}]}.
     */
    static Optional<JsonNode> columns(String mission) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null) {
            return Optional.empty();
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Missions.Column c : m.columns()) {
            boolean meta = MissionSearch.isMeta(c.name()) && !c.name().equals("ang_sep");
            out.addObject()
                    .put("field_name", c.field())
                    .put("description", c.description())
                    .put("column_name", c.name())
                    .put("queryable", meta ? "no" : "yes")
                    .put("qual_type", c.qualType())
                    .put("default_output", c.defaultOutput() ? "yes" : "no")
                    .put("indexed", c.name().equals(m.datasetColumn()) ? "yes" : "no")
                    .put("datatype", c.datatype());
        }
        return Optional.of(out);
    }

    /**
     * The columns of observation {@code index} as a dataset of {@code mission}, keyed by column name
     * ({@code search_pos}, {@code search_key} and {@code ang_sep}, which depend on the search, left out), or
     * empty when the observation is not one of the mission's datasets. Brute-force reference: a search's
     * rows are the observations {@code 0 <= i < observationCount()} for which this is present and whose
     * position column lies within the radius of a target and which satisfy the conditions.
     */
    Optional<Map<String, Object>> row(String mission, long index) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null || index < 0 || index >= rows) {
            return Optional.empty();
        }
        Object[] row = caom.row(index);
        if (!missions.isDataset(m, row)) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < m.columns().size(); k++) {
            String name = m.columns().get(k).name();
            if (!MissionSearch.isMeta(name)) {
                out.put(name, missions.value(m, k, index, row));
            }
        }
        return Optional.of(out);
    }

    /**
     * Answers a Mission Search request.
     *
     * @return empty for an unknown mission
     * @throws MastQueryException for bad input (the service answers HTTP 400)
     */
    Optional<JsonNode> search(String mission, JsonNode body) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null) {
            return Optional.empty();
        }
        MissionSearch.Request r = MissionSearch.parse(m, body);
        Map<Long, Object[]> rowCache = new HashMap<>();
        LongFunction<Object[]> rowOf = i -> rowCache.computeIfAbsent(i, caom::row);
        List<MissionSearch.Match> matches = r.targets().isEmpty() ? matchAll(m, r) : matchNear(m, r, rowOf);
        BiFunction<MissionSearch.Match, String, Object> value = (match, column) -> {
            switch (column) {
                case "ang_sep":
                    return match.target() < 0 ? null : match.angSepArcmin();
                case "search_pos":
                    return match.target() < 0 ? null : r.targetTexts().get(match.target());
                default:
                    return missions.value(m, m.column(column), match.index(), rowOf.apply(match.index()));
            }
        };
        MissionSearch.sort(matches, r, value);
        return Optional.of(render(m, r, matches, rowOf));
    }

    /** The datasets satisfying the conditions of a search without targets, in index order. */
    private List<MissionSearch.Match> matchAll(Missions.Mission m, MissionSearch.Request r) {
        List<MissionSearch.Match> matches = new ArrayList<>();
        for (int i : observations.ofCollection(m.collection())) {
            Object[] row = caom.row(i);
            if (conditionsHold(m, r, i, row)) {
                matches.add(new MissionSearch.Match(i, -1, Double.NaN));
            }
        }
        return matches;
    }

    /** One match per (target, dataset) pair within the radius that satisfies the conditions. */
    private List<MissionSearch.Match> matchNear(
            Missions.Mission m, MissionSearch.Request r, LongFunction<Object[]> rowOf) {
        List<MissionSearch.Match> matches = new ArrayList<>();
        for (int t = 0; t < r.targets().size(); t++) {
            double[] target = r.targets().get(t);
            for (int i : observations.candidatesNear(target[0], target[1], r.radiusDeg())) {
                double[] pos = caom.position(i);
                double sep = Sky.separation(target[0], target[1], pos[0], pos[1]);
                if (sep > r.radiusDeg() || !m.collection().equals(caom.collection(i))) {
                    continue;
                }
                Object[] row = rowOf.apply(i);
                if (missions.isDataset(m, row) && conditionsHold(m, r, i, row)) {
                    matches.add(new MissionSearch.Match(i, t, sep * 60));
                }
            }
        }
        return matches;
    }

    /** The answer: {@code messages, info, search_params, totalResults} and the page of sorted results. */
    private ObjectNode render(
            Missions.Mission m,
            MissionSearch.Request r,
            List<MissionSearch.Match> matches,
            LongFunction<Object[]> rowOf) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putArray("messages");
        ArrayNode info = out.putArray("info");
        for (int k : r.select()) {
            info.addObject()
                    .put("name", m.columns().get(k).name())
                    .put("type", m.columns().get(k).infoType());
        }
        info.addObject().put("name", "search_key").put("type", "VARCHAR");
        boolean positional = !r.targets().isEmpty();
        if (positional) {
            info.addObject().put("name", "search_pos").put("type", "VARCHAR");
            info.addObject().put("name", "ang_sep").put("type", "FLOAT");
        }
        out.set("search_params", r.searchParams());
        out.put("totalResults", matches.size());
        ArrayNode results = out.putArray("results");
        int from = Math.min(matches.size(), r.offset());
        int to = Math.min(matches.size(), from + r.limit());
        for (int n = from; n < to; n++) {
            MissionSearch.Match match = matches.get(n);
            Object[] row = rowOf.apply(match.index());
            ObjectNode o = results.addObject();
            for (int k : r.select()) {
                putValue(o, m.columns().get(k).name(), missions.value(m, k, match.index(), row));
            }
            String id = missions.datasetId(m, match.index(), row);
            if (positional) {
                String pos = r.targetTexts().get(match.target());
                o.put("search_key", pos + id);
                o.put("search_pos", pos);
                o.put("ang_sep", match.angSepArcmin());
            } else {
                o.put("search_key", id);
            }
        }
        return out;
    }

    private boolean conditionsHold(Missions.Mission m, MissionSearch.Request r, long i, Object[] row) {
        return r.conditions().isEmpty() || r.conditions().test(k -> missions.value(m, k, i, row));
    }

    private static void putValue(ObjectNode o, String name, Object v) {
        if (v == null) {
            o.putNull(name);
        } else if (v instanceof Double d) {
            o.put(name, d);
        } else if (v instanceof Long n) {
            o.put(name, n);
        } else if (v instanceof Integer n) {
            o.put(name, n);
        } else {
            o.put(name, v.toString());
        }
    }

    /**
     * The products of mission datasets ({@code post_list_products}), in the shape of
     * {@code mission_products.json}; unknown ids contribute nothing.
     */
    List<Map<String, Object>> productsOf(String mission, List<String> datasetIds) {
        Missions.Mission m = Missions.mission(mission);
        List<Map<String, Object>> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        Set<Long> seen = new HashSet<>();
        for (String id : datasetIds) {
            long i = Missions.indexOf(m, id, rows);
            if (i < 0) {
                continue;
            }
            Object[] row = caom.row(i);
            String dataset = missions.datasetId(m, i, row);
            if (!missions.isDataset(m, row) || !dataset.equalsIgnoreCase(id.trim()) || !seen.add(i)) {
                continue;
            }
            for (int k = 0; k < products.count(i); k++) {
                out.add(missions.product(m, dataset, products.row(i, k), row));
            }
        }
        return out;
    }

    /**
     * The file behind a mission product URI ({@code <dataset>/<file>} for retrieve_product, or the
     * {@code mast:HLSP/<mission>/<dataset>/<file>} URI of the other missions), or empty.
     */
    Optional<ProductFile> productFile(String mission, String uri) {
        Missions.Mission m = Missions.mission(mission);
        if (m == null || uri == null) {
            return Optional.empty();
        }
        String u = uri.startsWith("mast:HLSP/" + m.name() + "/")
                ? uri.substring(("mast:HLSP/" + m.name() + "/").length())
                : uri;
        int slash = u.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String file = u.substring(slash + 1);
        // One dataset's products are product 0, 1, ... of its observation, in order.
        List<Map<String, Object>> listed = productsOf(m.name(), List.of(u.substring(0, slash)));
        for (int k = 0; k < listed.size(); k++) {
            if (listed.get(k).get("filename").equals(file)) {
                return Optional.of(products.file(Missions.indexOf(m, u.substring(0, slash), rows), k));
            }
        }
        return Optional.empty();
    }
}
