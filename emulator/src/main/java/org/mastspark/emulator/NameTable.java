package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects the emulator's resolvers know, each under all of its names. An object carries one entry per
 * resolver that knows it, in SANTA's order (the first is SANTA's default answer), and the entry
 * {@code Mast.Name.Lookup} gives; every alias of an object gets exactly these entries, so "M 103",
 * "Messier 103" and "NGC 581" resolve to the same SIMBAD position, the same NED position, and the same
 * Name.Lookup answer.
 *
 * <p>The objects, in order of precedence (a later source naming a known object only adds its other names
 * as aliases, never a second position):
 *
 * <ol>
 *   <li>the recorded SANTA answer (resolver.json: TIC 307210830, Barnard's Star, M1, M101, M103, M8, M10
 *       with every resolver's entry as recorded); their Name.Lookup entry is the first recorded one,
 *       except M103, whose Name.Lookup answer 0.4.6 recorded (its NED entry);
 *   <li>a few famous objects at their published SIMBAD positions;
 *   <li>the 110 Messier objects (Messier number, "Messier n", NGC/IC designation, common name) at the
 *       SEDS catalogue's J2000 positions;
 *   <li>bright clusters and nebulae beyond Messier's list.
 * </ol>
 *
 * The objects not recorded get a SIMBAD entry and a NED entry 0.4 arcsec north of it (the two resolvers
 * rarely agree exactly), and Name.Lookup answers with the SIMBAD one. Names match case- and
 * space-insensitively.
 */
final class NameTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One object: its names, its resolvers' entries in SANTA's order, and its Name.Lookup entry. */
    static final class SkyObject {
        private final Set<String> names = new LinkedHashSet<>();
        private final List<ObjectNode> entries;
        private ObjectNode lookup;

        private SkyObject(List<ObjectNode> entries) {
            this.entries = entries;
            this.lookup = entries.get(0);
        }

        /** The names the object answers to, as the table spells them (the first is its main name). */
        List<String> names() {
            return List.copyOf(names);
        }
    }

    private static final Map<String, SkyObject> BY_NAME = new LinkedHashMap<>();
    private static final List<SkyObject> OBJECTS = new ArrayList<>();

    static {
        loadRecorded();
        famous(List.of("M31", "Andromeda"), "M  31", 10.684708333, 41.268750000, "AGN");
        famous(List.of("M42"), "M  42", 83.82208, -5.39111, "HII");
        famous(List.of("M51"), "M  51", 202.469575, 47.195258, "Sy2");
        famous(List.of("M13"), "M  13", 250.423475, 36.461319, "GlobCluster");
        famous(List.of("M15"), "M  15", 322.49324, 12.16683, "GlobCluster");
        famous(List.of("M57"), "M  57", 283.396250, 33.029167, "PN");
        famous(List.of("M87"), "M  87", 187.705931, 12.391123, "BLLac");
        famous(List.of("NGC 2024"), "NGC  2024", 85.42083, -1.90000, "HII");
        famous(List.of("Vega"), "* alf Lyr", 279.234734787, 38.783688956, "delSctV*");
        famous(List.of("Sirius"), "* alf CMa", 101.287155333, -16.716115867, "SB*");
        famous(List.of("Betelgeuse"), "* alf Ori", 88.792939, 7.407064, "RSG*");
        famous(List.of("LMC"), "NAME LMC", 80.89417, -69.75611, "GinPair");
        famous(List.of("SMC"), "NAME SMC", 13.18667, -72.82861, "GinPair");
        famous(List.of("Proxima Centauri"), "NAME Proxima Centauri", 217.428953, -62.679484, "BYDraV*");
        famous(List.of("TRAPPIST-1"), "NAME TRAPPIST-1", 346.622384, -5.041398, "BYDraV*");
        loadMessier();
        loadBright();
    }

    private NameTable() {}

    /** Recorded SANTA entries, grouped by name, then 0.4.6's Name.Lookup answer for M103. */
    private static void loadRecorded() {
        Map<String, List<ObjectNode>> byName = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        for (JsonNode e : Recorded.file("resolver.json").path("resolvedCoordinate")) {
            String name = e.path("searchString").asText();
            byName.computeIfAbsent(key(name), k -> new ArrayList<>()).add((ObjectNode) e);
            spelling.putIfAbsent(key(name), name);
        }
        byName.forEach((k, entries) -> register(List.of(spelling.get(k)), () -> new SkyObject(entries)));
        for (JsonNode e : Recorded.file("v0.4.6/resolver.json").path("resolvedCoordinate")) {
            String name = e.path("searchString").asText();
            SkyObject o = BY_NAME.get(key(name));
            if (o == null) {
                register(List.of(name), () -> new SkyObject(List.of((ObjectNode) e)));
            } else {
                o.lookup = (ObjectNode) e;
            }
        }
    }

    private static void famous(List<String> names, String canonical, double ra, double dec, String type) {
        register(names, () -> synthetic(canonical, ra, dec, type));
    }

    /**
     * Adds an object under its names, or, when some of the names already belong to an object, those names'
     * object gains the others as aliases (its positions stand: recorded and better-measured ones come
     * first). Names of two different objects in one line is a mistake in the table.
     */
    private static void register(List<String> names, java.util.function.Supplier<SkyObject> create) {
        SkyObject known = null;
        for (String n : names) {
            SkyObject o = BY_NAME.get(key(n));
            if (o != null && known != null && o != known) {
                throw new IllegalStateException(
                        "The name table gives " + names + " to two objects: " + known.names + " and " + o.names);
            }
            known = o == null ? known : o;
        }
        SkyObject target = known;
        if (target == null) {
            target = create.get();
            OBJECTS.add(target);
        }
        for (String n : names) {
            if (BY_NAME.putIfAbsent(key(n), target) == null) {
                target.names.add(n);
            }
        }
    }

    /** A SIMBAD entry at the position, and NED's entry 0.4 arcsec north with NED's way of writing the name. */
    private static SkyObject synthetic(String canonical, double ra, double dec, String type) {
        String main = canonical.toLowerCase(Locale.ROOT);
        return new SkyObject(List.of(
                entry(main, "SIMBAD", canonical, ra, dec, type),
                entry(main, "NED", nedName(canonical), ra, dec + 0.4 / 3600, type)));
    }

    /** NED writes Messier numbers as {@code MESSIER 042}; other names upper-cased. */
    private static String nedName(String simbad) {
        Matcher m = Pattern.compile("M\\s+(\\d+)").matcher(simbad);
        if (m.matches()) {
            return String.format(Locale.ROOT, "MESSIER %03d", Integer.parseInt(m.group(1)));
        }
        return simbad.toUpperCase(Locale.ROOT);
    }

    /** Bright clusters and nebulae beyond Messier's list, under each of their names. */
    private static void loadBright() {
        for (String line : resource("names/bright.tsv").split("\\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\t", -1);
            List<String> names = new ArrayList<>();
            for (String n : f[0].split(",")) {
                names.add(n.trim());
            }
            famous(names, names.get(0), Double.parseDouble(f[2]), Double.parseDouble(f[3]), f[1]);
        }
    }

    /**
     * The 110 Messier objects, each under its Messier number ("M 42", "Messier 42"), its NGC/IC
     * designation and its common name, with SIMBAD's way of writing the canonical name ("M  42").
     */
    private static void loadMessier() {
        for (String line : resource("names/messier.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int number = Integer.parseInt(f[0].substring(1));
            List<String> names = new ArrayList<>(List.of(f[0], "Messier " + number));
            for (int i = 1; i <= 2; i++) {
                if (!f[i].isEmpty()) {
                    names.add(f[i]);
                }
            }
            famous(
                    names,
                    String.format(Locale.ROOT, "M %3d", number),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]),
                    messierType(f[3]));
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
        return BY_NAME.size();
    }

    /** Every object of the table, in the order the table was built. */
    static List<SkyObject> objects() {
        return Collections.unmodifiableList(OBJECTS);
    }

    /** A SANTA entry; {@code type} may be null (catalog resolvers give none). */
    static ObjectNode entry(
            String searchString, String resolver, String canonical, double ra, double dec, String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("searchString", searchString);
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

    /** How names are matched: case and white space ignored ("M 101" is "m101"), as resolvers do. */
    static String key(String name) {
        return name.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    /** How SANTA echoes an input name as {@code searchString}: trimmed, white space collapsed, lower case. */
    static String echo(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /**
     * Every resolver's entry for a name, in SANTA's order, each echoing the name as its {@code searchString};
     * empty when the table does not know the name.
     */
    static List<ObjectNode> santaEntries(String name) {
        SkyObject o = name == null ? null : BY_NAME.get(key(name));
        if (o == null) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>(o.entries.size());
        for (ObjectNode e : o.entries) {
            out.add(echoed(e, echo(name)));
        }
        return out;
    }

    /** The Mast.Name.Lookup answer for a name: one entry, or none. */
    static ObjectNode lookup(String name) {
        ObjectNode answer = JSON.createObjectNode();
        SkyObject o = name == null ? null : BY_NAME.get(key(name));
        var list = answer.putArray("resolvedCoordinate");
        if (o != null) {
            list.add(echoed(o.lookup, echo(name)));
        }
        answer.put("status", "");
        return answer;
    }

    /** The entry with the input's searchString; recorded entries are shared, so they are copied to change. */
    private static ObjectNode echoed(ObjectNode e, String searchString) {
        if (e.path("searchString").asText().equals(searchString)) {
            return e;
        }
        ObjectNode copy = e.deepCopy();
        copy.put("searchString", searchString);
        return copy;
    }
}
