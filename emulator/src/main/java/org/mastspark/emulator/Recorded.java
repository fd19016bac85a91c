package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real MAST answers recorded by astroquery (its test data), and the requests they answer. A request is
 * matched on its service and normalised parameters (numbers compared to 1e-6, filters as a set, case
 * of names ignored), so that what astroquery sends for the recorded query gets the recorded answer.
 */
final class Recorded {
    static final String ROOT = "/org/mastspark/emulator/recorded/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    /** M101 as MAST's resolver gives it (recorded resolver.json, first entry), the centre of advSearchPos. */
    static final double[] M101 = {210.802429, 54.34875};

    private Recorded() {}

    static JsonNode file(String name) {
        return resource(ROOT + name);
    }

    /** An answer written for the emulator (not recorded), from {@code authored/}. */
    static JsonNode authored(String name) {
        return resource("/org/mastspark/emulator/authored/" + name);
    }

    private static JsonNode resource(String path) {
        return CACHE.computeIfAbsent(path, n -> {
            try (InputStream in = Recorded.class.getResourceAsStream(n)) {
                if (in == null) {
                    throw new IllegalStateException("recorded file " + n + " missing from the emulator's resources");
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The recorded file answering this Portal request, or null. */
    static String match(String service, JsonNode params) {
        JsonNode p = params == null ? JSON.createObjectNode() : params;
        switch (service) {
            case "Mast.Caom.Cone":
                return cone(p, 23.34086, 60.658, 0.2) ? "caom.json" : null;
            case "Mast.Caom.Filtered":
                return columnsAll(p) && filters(p).equals(ADV_SEARCH) ? "advSearch.json" : null;
            case "Mast.Caom.Filtered.Position":
                if (columnsAll(p) && filters(p).equals(ADV_SEARCH_POS) && position(p, M101[0], M101[1], 0.2)) {
                    return "advSearchPos.json";
                }
                // The recorded M103 cone asked as a position query without filters: the same rows, so that
                // its count (query_region_count) and its rows agree.
                return columnsAll(p) && filters(p).isEmpty() && position(p, 23.34086, 60.658, 0.2) ? "caom.json" : null;
            case "Mast.Caom.Products":
                return p.path("obsid").asText("").trim().equals("2003738726") ? "products.json" : null;
            case "Mast.Caom.All":
                return "missions.extjs";
            case "Mast.Hsc.Db.v3":
                return cone(p, 322.49324, 12.16683, 0.1) ? "hsc.json" : null;
            case "Mast.HscMatches.Db.v3", "Mast.HscMatches.Db.v2":
                return p.path("input").asText("").trim().equals("82371983") ? "matchid.json" : null;
            case "Mast.HscSpectra.Db.All":
                return "spectra.json";
            case "Mast.Catalogs.Filtered.Tic.Rows":
                return filters(p).equals(TIC) ? "tic.json" : null;
            case "Mast.Catalogs.All.Tic":
                return "ticcolumns_filtered.json";
            case "Mast.Catalogs.All.DiskDetective":
                return "ddcolumns_filtered.json";
            case "Mast.Catalogs.Filtered.DiskDetective", "Mast.Catalogs.Filtered.DiskDetective.Position":
                return "dd.json";
            case "Mast.Bundle.Request":
                return "bundleResponse.json";
            default:
                return null;
        }
    }

    /**
     * For a {@code COUNT_BIG(*)} query whose rows were recorded: how many. The recorded cone around M103
     * counts its 19 rows whether asked as {@code Mast.Caom.Cone} or as {@code Mast.Caom.Filtered.Position}.
     */
    static Long count(String service, JsonNode params) {
        JsonNode p = params.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) p).put("columns", "*");
        String file = match(service, p);
        return file == null ? null : (long) file(file).path("data").size();
    }

    private static final String ADV_SEARCH = "dataproduct_type=[image]|proposal_pi=~ost%|s_dec=43.5..45.5";
    private static final String ADV_SEARCH_POS = "filters=[fuv, nuv]";
    private static final String TIC = "bmag=30.0..50.0|objtype=[star]";

    private static boolean columnsAll(JsonNode p) {
        return p.path("columns").asText("*").trim().equals("*");
    }

    /** A canonical text of the filters: sorted "name=[values]" / "name=~freetext" / "name=min..max". */
    static String filters(JsonNode p) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode f : p.path("filters")) {
            String name = f.path("paramName").asText().toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            StringBuilder range = new StringBuilder();
            for (JsonNode v : f.path("values")) {
                if (v.isObject()) {
                    range.append(v.path("min").asDouble())
                            .append("..")
                            .append(v.path("max").asDouble());
                } else {
                    values.add(v.asText().toLowerCase(Locale.ROOT));
                }
            }
            values.sort(null);
            String text = range.length() > 0 ? range.toString() : values.isEmpty() ? "" : values.toString();
            if (f.hasNonNull("freeText")) {
                text = text + "~" + f.get("freeText").asText().toLowerCase(Locale.ROOT);
            }
            out.put(name, text);
        }
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, String>> it = out.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            sb.append(e.getKey()).append('=').append(e.getValue()).append(it.hasNext() ? "|" : "");
        }
        return sb.toString();
    }

    private static boolean cone(JsonNode p, double ra, double dec, double radius) {
        return close(p.path("ra"), ra) && close(p.path("dec"), dec) && close(p.path("radius"), radius);
    }

    private static boolean position(JsonNode p, double ra, double dec, double radius) {
        String[] parts = p.path("position").asText("").split(",");
        if (parts.length != 3) {
            return false;
        }
        try {
            return Math.abs(Double.parseDouble(parts[0].trim()) - ra) < 1e-6
                    && Math.abs(Double.parseDouble(parts[1].trim()) - dec) < 1e-6
                    && Math.abs(Double.parseDouble(parts[2].trim()) - radius) < 1e-6;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean close(JsonNode v, double want) {
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        try {
            return Math.abs((v.isNumber()
                                    ? v.asDouble()
                                    : Double.parseDouble(v.asText().trim()))
                            - want)
                    < 1e-6;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Size of each product in the recorded products.json, by dataURI. */
    static Map<String, Long> productSizes() {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode r : file("products.json").path("data")) {
            out.put(r.path("dataURI").asText(), r.path("size").asLong());
        }
        return out;
    }
}
