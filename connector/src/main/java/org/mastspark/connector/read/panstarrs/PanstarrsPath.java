package org.mastspark.connector.read.panstarrs;

import java.util.Locale;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.text.Echo;

/**
 * What a {@code load("catalogs/panstarrs/<release>/<table>")} names; {@code catalogs/panstarrs} alone is
 * {@code dr2/mean}, astroquery's default.
 */
record PanstarrsPath(String release, String table) {
    private static final String PREFIX = "catalogs/panstarrs";

    static boolean handles(String path) {
        if (path == null) {
            return false;
        }
        String p = path.trim().toLowerCase(Locale.ROOT);
        return p.equals(PREFIX) || p.startsWith(PREFIX + "/");
    }

    /** @throws IllegalArgumentException naming the path, the releases and tables */
    static PanstarrsPath parse(String path) {
        String p = path.trim().toLowerCase(Locale.ROOT);
        String rest = p.length() > PREFIX.length() ? p.substring(PREFIX.length() + 1) : "";
        String[] parts = rest.isEmpty() ? new String[0] : rest.split("/", -1);
        String release = parts.length > 0 ? parts[0] : "dr2";
        String table = parts.length > 1 ? parts[1] : "mean";
        if (parts.length > 2 || !PanstarrsQuery.RELEASES.contains(release) || !PanstarrsQuery.TABLES.contains(table)) {
            throw new IllegalArgumentException(
                    "Invalid value '" + Echo.of(path.trim()) + "' for the path of load(): expected"
                            + " 'catalogs/panstarrs/<release>/<table>' with release dr1 or dr2 and table mean, stack,"
                            + " detection or forced_mean, such as 'catalogs/panstarrs/dr2/mean'");
        }
        if (!PanstarrsQuery.tables(release).contains(table)) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(path.trim()) + "' for the path of load(): "
                    + PanstarrsQuery.missingTable(release, table) + "; read 'catalogs/panstarrs/"
                    + PanstarrsQuery.releasesWith(table).get(0) + "/" + table + "'");
        }
        return new PanstarrsPath(release, table);
    }

    String describe() {
        return PREFIX + "/" + release + "/" + table;
    }
}
