package org.mastspark.connector.read.missions;

import java.util.Locale;
import org.mastspark.connector.text.Echo;

/**
 * What a {@code load("missions/<mission>")} or {@code load("missions/<mission>/products")} names.
 *
 * @param mission the lower-cased mission name (any name MAST's Mission Search API serves)
 * @param products whether the products of datasets are read rather than the datasets
 */
public record MissionPath(String mission, boolean products) {
    private static final String PREFIX = "missions/";

    /** Whether a load path is a mission path. */
    public static boolean handles(String path) {
        return path != null && path.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** @throws IllegalArgumentException naming the path and the accepted forms */
    public static MissionPath parse(String path) {
        String p = path.trim();
        String rest = p.substring(PREFIX.length());
        String[] parts = rest.split("/", -1);
        boolean ok = (parts.length == 1 || (parts.length == 2 && parts[1].equalsIgnoreCase("products")))
                && parts[0].matches("[A-Za-z0-9_\\-]+");
        if (!ok) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(p) + "' for the path of load(): expected"
                    + " 'missions/<mission>' or 'missions/<mission>/products', such as 'missions/hst' or"
                    + " 'missions/jwst/products'");
        }
        return new MissionPath(parts[0].toLowerCase(Locale.ROOT), parts.length == 2);
    }

    String describe() {
        return PREFIX + mission + (products ? "/products" : "");
    }
}
