package org.mastspark.connector.read.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;

/**
 * The {@code table_name}s of {@code meta/columns}: each table's SQL name without the leading {@code mast.}, and
 * the one MAST request that describes it.
 *
 * <ul>
 *   <li>{@code observations}: Portal {@code columnsconfig} of {@code Mast.Caom.Cone};
 *   <li>{@code products}: Portal {@code columnsconfig} of {@code Mast.Caom.Products};
 *   <li>{@code missions.<mission>}: Mission Search {@code column_list?mission=<mission>};
 *   <li>{@code catalogs.panstarrs.<release>.<table>}: the catalogs API's {@code metadata.json} (seven tables:
 *       {@code detection} is DR2's alone).
 * </ul>
 */
final class MetaTableNames {
    /** The missions astroquery knows a dataset keyword for: the ones an unfiltered read lists. */
    static final List<String> MISSIONS = List.of("hst", "jwst", "roman", "classy", "ullyses", "iue");

    /** Pan-STARRS releases and tables, in the order an unfiltered read lists them. */
    static final List<String> PANSTARRS_RELEASES = List.of("dr1", "dr2");

    static final List<String> PANSTARRS_TABLES = List.of("mean", "stack", "detection", "forced_mean");

    private static final Pattern MISSION = Pattern.compile("missions\\.([a-z0-9_\\-]+)");
    private static final Pattern PANSTARRS = Pattern.compile("catalogs\\.panstarrs\\.([a-z0-9]+)\\.([a-z_]+)");

    private MetaTableNames() {}

    /** Every table an unfiltered read describes, in order. */
    static List<String> all() {
        List<String> out = new ArrayList<>(List.of("observations", "products"));
        MISSIONS.forEach(m -> out.add("missions." + m));
        for (String r : PANSTARRS_RELEASES) {
            for (String t : PANSTARRS_TABLES) {
                if (panstarrsTable(r, t)) {
                    out.add("catalogs.panstarrs." + r + "." + t);
                }
            }
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
                || MISSION.matcher(name).matches()) {
            return true;
        }
        var m = PANSTARRS.matcher(name);
        return m.matches() && panstarrsTable(m.group(1), m.group(2));
    }

    /** Whether the catalogs API has the table: {@code detection} is DR2's alone. */
    private static boolean panstarrsTable(String release, String table) {
        return PanstarrsQuery.RELEASES.contains(release)
                && PanstarrsQuery.TABLES.contains(table)
                && !(release.equals("dr1") && table.equals("detection"));
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
