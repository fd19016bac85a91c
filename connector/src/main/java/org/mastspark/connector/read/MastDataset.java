package org.mastspark.connector.read;

import java.util.Locale;
import java.util.Set;
import org.mastspark.connector.text.Echo;

/**
 * What a {@code load(path)} names: CAOM {@code observations}, their {@code products}, or any Portal
 * service ({@code portal:Mast.Caom.Cone}). Parsed on the driver.
 */
record MastDataset(Kind kind, String portalService, String catalog) {
    enum Kind {
        OBSERVATIONS,
        PRODUCTS,
        PORTAL,
        CATALOG
    }

    static final String OBSERVATIONS_SERVICE = "Mast.Caom.Filtered";
    static final String OBSERVATIONS_POSITION_SERVICE = "Mast.Caom.Filtered.Position";
    static final String PRODUCTS_SERVICE = "Mast.Caom.Products";
    static final String HSC_SPECTRA_SERVICE = "Mast.HscSpectra.Db.All";
    static final String HSC_MATCHES_SERVICE = "Mast.HscMatches.Db.v3";
    static final String HSC_MATCHES_SERVICE_V2 = "Mast.HscMatches.Db.v2";

    /**
     * @throws IllegalArgumentException naming the path and the datasets there are
     */
    static MastDataset parse(String path) {
        String p = path == null ? "" : path.trim();
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.equals("observations")) {
            return new MastDataset(Kind.OBSERVATIONS, null, null);
        }
        if (lower.equals("products")) {
            return new MastDataset(Kind.PRODUCTS, null, null);
        }
        if (lower.startsWith("portal:") && p.length() > "portal:".length()) {
            return new MastDataset(Kind.PORTAL, p.substring("portal:".length()).trim(), null);
        }
        if (lower.equals("catalogs/hsc/spectra")) {
            // astroquery's Catalogs.get_hsc_spectra: every HSC spectrum
            return new MastDataset(Kind.PORTAL, HSC_SPECTRA_SERVICE, null);
        }
        if (lower.equals("catalogs/hsc/matches") || lower.equals("catalogs/hsc/matches/v2")) {
            // astroquery's Catalogs.query_hsc_matchid: the detections of one match id (option matchid)
            return new MastDataset(
                    Kind.PORTAL, lower.endsWith("/v2") ? HSC_MATCHES_SERVICE_V2 : HSC_MATCHES_SERVICE, null);
        }
        if (lower.startsWith("catalogs/")) {
            String name = p.substring("catalogs/".length()).trim();
            MastCatalog.parse(name, null);
            return new MastDataset(Kind.CATALOG, null, name.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("Invalid value '" + Echo.of(p) + "' for the path of load(): expected"
                + " 'observations', 'products', 'catalogs/<name>' (" + MastCatalog.NAMES
                + "), 'catalogs/hsc/spectra', 'catalogs/hsc/matches' (option matchid"
                + ") or 'portal:<Service>' such as 'portal:Mast.Caom.Cone'");
    }

    /** Columns MAST computes rather than stores, which its filters cannot name. */
    Set<String> notFilterable() {
        return Set.of("distance", "_selected_", "dstarcsec", "healpix");
    }

    String describe() {
        return switch (kind) {
            case OBSERVATIONS -> "observations";
            case PRODUCTS -> "products";
            case PORTAL -> "portal:" + portalService;
            case CATALOG -> "catalogs/" + catalog;
        };
    }
}
