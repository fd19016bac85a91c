package org.mastspark.connector.read.portal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.mastspark.connector.text.Echo;

/**
 * A MAST Portal catalog as {@code load("catalogs/<name>")} names it: the services that answer it (as
 * astroquery's {@code Catalogs} calls them), the per-request row cap, and the columns that hold each
 * row's position.
 *
 * @param name catalog name, lower case (tic, ctl, gaia, hsc, galex, diskdetective, plato)
 * @param version the release asked ({@code dr3}, {@code v3}, ...), or "" for catalogs without versions
 * @param coneService the cone service ({@code ra}, {@code dec}, {@code radius})
 * @param filteredService the criteria service without position, or null when MAST has none
 * @param filteredPositionService the criteria service with {@code ra}, {@code dec}, {@code radius}, or null
 * @param filteredColumns whether the criteria services take a {@code columns} parameter
 * @param capParam the request parameter that caps the rows of one answer ({@code nr}, {@code maxrecords}), or
 *     null when MAST's Portal result limit applies
 * @param cap the value sent for {@code capParam} (astroquery's 50,000)
 * @param raColumn the column holding the row's right ascension
 * @param decColumn the column holding the row's declination
 * @param fixedSchema the catalog whose recorded schema applies, or null to take MAST's declaration
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
record MastCatalog(
        String name,
        String version,
        String coneService,
        String filteredService,
        String filteredPositionService,
        boolean filteredColumns,
        String capParam,
        int cap,
        String raColumn,
        String decColumn,
        String fixedSchema)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The catalogs {@link #parse} knows, in the order listings and messages give them. */
    static final List<String> CATALOGS = List.of("tic", "ctl", "gaia", "hsc", "galex", "diskdetective", "plato");

    static final String NAMES = String.join(", ", CATALOGS);

    /**
     * The catalog for a load path's name and the {@code version} option.
     *
     * @throws IllegalArgumentException naming the catalog or the option, the value and what is accepted
     */
    static MastCatalog parse(String catalog, String versionOption) {
        String n = catalog.trim().toLowerCase(Locale.ROOT);
        String v = versionOption == null ? null : versionOption.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "tic", "ctl" -> {
                noVersion(n, v);
                String s = n.equals("tic") ? "Tic" : "Ctl";
                return new MastCatalog(
                        n,
                        "",
                        "Mast.Catalogs." + s + ".Cone",
                        "Mast.Catalogs.Filtered." + s + ".Rows",
                        "Mast.Catalogs.Filtered." + s + ".Position.Rows",
                        true,
                        null,
                        0,
                        "ra",
                        "dec",
                        "tic");
            }
            case "gaia" -> {
                String dr = v == null ? "dr3" : v.startsWith("dr") ? v : "dr" + v;
                if (!dr.matches("dr[123]")) {
                    throw new IllegalArgumentException("Invalid value '" + Echo.of(versionOption)
                            + "' for option 'version' of catalogs/gaia: expected dr3 (the default), dr2 or dr1");
                }
                String service = "Mast.Catalogs.Gaia" + dr.toUpperCase(Locale.ROOT) + ".Cone";
                return new MastCatalog(n, dr, service, null, null, false, null, 0, "ra", "dec", null);
            }
            case "hsc" -> {
                String hv = v == null ? "v3" : v.startsWith("v") ? v : "v" + v;
                if (!hv.matches("v[23]")) {
                    throw new IllegalArgumentException("Invalid value '" + Echo.of(versionOption)
                            + "' for option 'version' of catalogs/hsc: expected v3 (the default) or v2");
                }
                return new MastCatalog(
                        n, hv, "Mast.Hsc.Db." + hv, null, null, false, "nr", 50_000, "MatchRA", "MatchDec", "hsc");
            }
            case "galex" -> {
                noVersion(n, v);
                return new MastCatalog(
                        n, "", "Mast.Galex.Catalog", null, null, false, "maxrecords", 50_000, "ra", "dec", null);
            }
            case "diskdetective" -> {
                noVersion(n, v);
                return new MastCatalog(
                        n,
                        "",
                        "Mast.Catalogs.DiskDetective.Cone",
                        "Mast.Catalogs.Filtered.DiskDetective",
                        "Mast.Catalogs.Filtered.DiskDetective.Position",
                        false,
                        null,
                        0,
                        "ra",
                        "dec",
                        "diskdetective");
            }
            case "plato" -> {
                noVersion(n, v);
                return new MastCatalog(
                        n, "", "Mast.Catalogs.Plato.Cone", null, null, false, null, 0, "ra", "dec", null);
            }
            default ->
                throw new IllegalArgumentException("Invalid value '" + Echo.of("catalogs/" + catalog)
                        + "' for the path of load(): expected catalogs/<name> with name one of " + NAMES);
        }
    }

    private static void noVersion(String n, String v) {
        if (v != null) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(v) + "' for option 'version' of catalogs/"
                    + n + ": only catalogs/gaia (dr3, dr2, dr1) and catalogs/hsc (v3, v2) have versions; remove it");
        }
    }

    /** Whether criteria (pushed predicates) can be sent to MAST for this catalog. */
    boolean hasCriteria() {
        return filteredPositionService != null;
    }

    /** Adds the parameters astroquery sends with every cone of this catalog (HSC's nr/ni/magtype, GALEX's maxrecords). */
    void addConeExtras(ObjectNode params) {
        if (name.equals("hsc")) {
            params.put("nr", cap);
            params.put("ni", 1);
            params.put("magtype", 1);
        } else if (capParam != null) {
            params.put(capParam, cap);
        }
    }

    String describe() {
        return "catalogs/" + name + (version.isEmpty() ? "" : " " + version);
    }
}
