package org.mastspark.connector.read.meta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mastspark.connector.read.missions.MissionSource;
import org.mastspark.connector.read.panstarrs.PanstarrsSource;

/**
 * The {@code table_name}s of {@code meta/columns}: each table's SQL name without the leading {@code mast.}, and
 * the one MAST request that describes it.
 *
 * <ul>
 *   <li>{@code observations}: Portal {@code columnsconfig} of {@code Mast.Caom.Cone};
 *   <li>{@code products}: Portal {@code columnsconfig} of {@code Mast.Caom.Products};
 *   <li>{@code catalogs.<name>} (a Portal catalog): Portal {@code columnsconfig} of the service astroquery asks it
 *       for ({@link #PORTAL_CATALOGS});
 *   <li>{@code missions.<mission>}: Mission Search {@code column_list?mission=<mission>};
 *   <li>{@code catalogs.panstarrs.<release>.<table>}: the catalogs API's {@code metadata.json} (six tables:
 *       DR1 has {@code mean} and {@code stack}, DR2 also {@code detection} and {@code forced_mean}).
 * </ul>
 */
final class MetaTableNames {
    /** The missions astroquery knows a dataset keyword for: the ones an unfiltered read lists. */
    static final List<String> MISSIONS = MissionSource.KNOWN_MISSIONS;

    /**
     * The Portal catalogs and the {@code colConfigId} astroquery's {@code Catalogs} asks for each (TIC and CTL:
     * {@code Mast.Catalogs.Tess.Cone}, DiskDetective: {@code Mast.Catalogs.Dd.Cone}, the others their cone
     * service at the connector's default version), in the order an unfiltered read lists them.
     */
    static final Map<String, String> PORTAL_CATALOGS = portalCatalogs();

    private static final Pattern MISSION = Pattern.compile("missions\\.([a-z0-9_\\-]+)");
    private static final Pattern PANSTARRS = Pattern.compile("catalogs\\.panstarrs\\.([a-z0-9]+)\\.([a-z_]+)");

    private MetaTableNames() {}

    private static Map<String, String> portalCatalogs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tic", "Mast.Catalogs.Tess.Cone");
        m.put("ctl", "Mast.Catalogs.Tess.Cone");
        m.put("gaia", "Mast.Catalogs.GaiaDR3.Cone");
        m.put("hsc", "Mast.Hsc.Db.v3");
        m.put("galex", "Mast.Galex.Catalog");
        m.put("diskdetective", "Mast.Catalogs.Dd.Cone");
        m.put("plato", "Mast.Catalogs.Plato.Cone");
        return Collections.unmodifiableMap(m);
    }

    /** The {@code colConfigId} of {@code catalogs.<name>}, or null. */
    static String portalCatalogConfig(String name) {
        return name.startsWith("catalogs.") ? PORTAL_CATALOGS.get(name.substring("catalogs.".length())) : null;
    }

    /** Every table an unfiltered read describes, in order. */
    static List<String> all() {
        List<String> out = new ArrayList<>(List.of("observations", "products"));
        PORTAL_CATALOGS.keySet().forEach(c -> out.add("catalogs." + c));
        MISSIONS.forEach(m -> out.add("missions." + m));
        // Pan-STARRS releases and their tables, in the order the source lists them
        for (String r : PanstarrsSource.releases()) {
            PanstarrsSource.tables(r).forEach(t -> out.add("catalogs.panstarrs." + r + "." + t));
        }
        return out;
    }

    /**
     * Whether MAST can describe a table of this exact name (then a read asks it); names are lower case as
     * {@code meta/columns} writes them, so any other spelling matches no row and is not asked.
     */
    static boolean describable(String name) {
        if (name.equals("observations")
                || name.equals("products")
                || portalCatalogConfig(name) != null
                || MISSION.matcher(name).matches()) {
            return true;
        }
        var m = PANSTARRS.matcher(name);
        return m.matches() && panstarrsTable(m.group(1), m.group(2));
    }

    /** Whether the catalogs API has the table in the release (DR1: mean and stack; DR2 also the others). */
    private static boolean panstarrsTable(String release, String table) {
        return PanstarrsSource.tables(release).contains(table);
    }

    /** The mission of {@code missions.<mission>}, or null. */
    static String mission(String name) {
        var m = MISSION.matcher(name);
        return m.matches() ? m.group(1) : null;
    }

    /** {@code [release, table]} of {@code catalogs.panstarrs.<release>.<table>}, or null. */
    static String[] panstarrs(String name) {
        var m = PANSTARRS.matcher(name);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }
}
