package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The names {@code Mast.Name.Lookup} resolves: the recorded answers (0.4.6's M103 entry, then the first
 * entry of each name in the newer resolver.json) and a few famous objects at their published SIMBAD
 * positions, and the 110 Messier objects (by Messier number, NGC/IC designation and common name) at the
 * SEDS catalogue's J2000 positions. Names match case- and space-insensitively.
 */
final class NameTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ObjectNode> ENTRIES = new LinkedHashMap<>();

    static {
        for (JsonNode e : Recorded.file("v0.4.6/resolver.json").path("resolvedCoordinate")) {
            ENTRIES.putIfAbsent(key(e.path("searchString").asText()), (ObjectNode) e);
        }
        for (JsonNode e : Recorded.file("resolver.json").path("resolvedCoordinate")) {
            ENTRIES.putIfAbsent(key(e.path("searchString").asText()), (ObjectNode) e);
        }
        add("M31", "M  31", 10.684708333, 41.268750000, "AGN");
        add("Andromeda", "M  31", 10.684708333, 41.268750000, "AGN");
        add("M42", "M  42", 83.82208, -5.39111, "HII");
        add("M51", "M  51", 202.469575, 47.195258, "Sy2");
        add("M13", "M  13", 250.423475, 36.461319, "GlobCluster");
        add("M15", "M  15", 322.49324, 12.16683, "GlobCluster");
        add("M57", "M  57", 283.396250, 33.029167, "PN");
        add("M87", "M  87", 187.705931, 12.391123, "BLLac");
        add("NGC 2024", "NGC  2024", 85.42083, -1.90000, "HII");
        add("NGC 6523", "NGC  6523", 270.92194, -24.38017, "HII");
        add("Vega", "* alf Lyr", 279.234734787, 38.783688956, "delSctV*");
        add("Sirius", "* alf CMa", 101.287155333, -16.716115867, "SB*");
        add("Betelgeuse", "* alf Ori", 88.792939, 7.407064, "RSG*");
        add("Crab Nebula", "M   1", 83.6324, 22.0174, "SNRemnant");
        add("LMC", "NAME LMC", 80.89417, -69.75611, "GinPair");
        add("SMC", "NAME SMC", 13.18667, -72.82861, "GinPair");
        add("Proxima Centauri", "NAME Proxima Centauri", 217.428953, -62.679484, "BYDraV*");
        add("TRAPPIST-1", "NAME TRAPPIST-1", 346.622384, -5.041398, "BYDraV*");
        loadMessier();
        loadBright();
    }

    /** Bright clusters and nebulae beyond Messier's list, under each of their names. */
    private static void loadBright() {
        for (String line : resource("names/bright.tsv").split("\\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\t", -1);
            String[] names = f[0].split(",");
            double ra = Double.parseDouble(f[2]);
            double dec = Double.parseDouble(f[3]);
            for (String n : names) {
                add(n.trim(), names[0].trim(), ra, dec, f[1]);
            }
        }
    }

    private static String resource(String name) {
        try (var in = NameTable.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the emulator's resources");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The 110 Messier objects, each under its Messier number ("M 42", "Messier 42"), its NGC/IC
     * designation and its common name, with SIMBAD's way of writing the canonical name ("M  42").
     */
    private static void loadMessier() {
        try (var in = NameTable.class.getResourceAsStream("names/messier.tsv")) {
            if (in == null) {
                throw new IllegalStateException("names/messier.tsv is missing from the emulator's resources");
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                int number = Integer.parseInt(f[0].substring(1));
                String canonical = String.format(Locale.ROOT, "M %3d", number);
                double ra = Double.parseDouble(f[4]);
                double dec = Double.parseDouble(f[5]);
                String type = messierType(f[3]);
                ObjectNode known = ENTRIES.get(key(f[0]));
                if (known != null) {
                    // a recorded or better-measured position wins, for every alias of the object
                    ra = known.path("ra").asDouble();
                    dec = known.path("decl").asDouble();
                }
                add(f[0], canonical, ra, dec, type);
                add("Messier " + number, canonical, ra, dec, type);
                if (!f[1].isEmpty()) {
                    add(f[1], canonical, ra, dec, type);
                }
                if (!f[2].isEmpty()) {
                    add(f[2], canonical, ra, dec, type);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** SIMBAD's object type for the catalogue's kind of object. */
    private static String messierType(String kind) {
        return switch (kind) {
            case "gc" -> "GlobCluster";
            case "oc" -> "OpenCluster";
            case "s", "e", "i" -> "Galaxy";
            case "pn" -> "PN";
            case "snr" -> "SNRemnant";
            case "sfr" -> "HII";
            case "rn" -> "RefNeb";
            default -> "Asterism";
        };
    }

    /** How many names the table answers. */
    static int size() {
        return ENTRIES.size();
    }

    private NameTable() {}

    private static void add(String name, String canonical, double ra, double dec, String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("searchString", name.toLowerCase(Locale.ROOT));
        e.put("resolver", "SIMBAD");
        e.put("cached", true);
        e.put("resolverTime", 1);
        e.put("searchRadius", -1.0);
        e.put("canonicalName", canonical);
        e.put("ra", ra);
        e.put("decl", dec);
        e.put("objectType", type);
        ENTRIES.putIfAbsent(key(name), e);
    }

    /** How names are matched: case and white space ignored ("M 101" is "m101"), as resolvers do. */
    static String key(String name) {
        return name.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    /** The Mast.Name.Lookup answer for a name: one entry, or none. */
    static ObjectNode lookup(String name) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode entry = ENTRIES.get(key(name == null ? "" : name));
        var list = answer.putArray("resolvedCoordinate");
        if (entry != null) {
            list.add(entry);
        }
        answer.put("status", "");
        return answer;
    }
}
