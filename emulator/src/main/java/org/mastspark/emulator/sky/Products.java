package org.mastspark.emulator.sky;

import java.util.List;
import java.util.Locale;

/**
 * The data products of synthetic observations: 3 to 10 per observation, deterministic. The first products of
 * TESS, Kepler and HST/JWST spectroscopic observations are real FITS ({@link FitsProducts}); the others have
 * pseudo-random bytes behind a FITS primary header ({@link GeneratedFile}). A product's URI
 * is {@code mast:<COLLECTION>/product/<obsid>/<file>}, so the emulator can find the observation behind
 * any URI without storing anything.
 */
final class Products {
    static final List<Field> FIELDS = List.of(
            new Field("obsID", "string"),
            new Field("obs_collection", "string"),
            new Field("dataproduct_type", "string"),
            new Field("obs_id", "string"),
            new Field("description", "string"),
            new Field("type", "string"),
            new Field("dataURI", "string"),
            new Field("productType", "string"),
            new Field("productGroupDescription", "string"),
            new Field("productSubGroupDescription", "string"),
            new Field("productDocumentationURL", "string"),
            new Field("project", "string"),
            new Field("prvversion", "string"),
            new Field("proposal_id", "string"),
            new Field("productFilename", "string"),
            new Field("size", "int"),
            new Field("parent_obsid", "string"),
            new Field("dataRights", "string"),
            new Field("calib_level", "int"));

    /** suffix, productType, group, extension, description. */
    private static final String[][] KINDS = {
        {"drz", "SCIENCE", "Minimum Recommended Products", ".fits", "Calibrated, drizzled image"},
        {"flt", "SCIENCE", null, ".fits", "Calibrated exposure"},
        {"raw", "SCIENCE", null, ".fits", "Raw exposure"},
        {"preview", "PREVIEW", "Minimum Recommended Products", ".jpg", "Preview image"},
        {"spt", "AUXILIARY", null, ".fits", "Support file"},
        {"trl", "AUXILIARY", null, ".fits", "Trailer file"},
        {"asn", "AUXILIARY", null, ".fits", "Association table"},
        {"log", "INFO", null, ".txt", "Processing log"},
        {"cat", "SCIENCE", "Minimum Recommended Products", ".xml", "Source catalog"},
        {"wht", "AUXILIARY", null, ".fits", "Weight map"},
    };

    private final long seed;
    private final Caom caom;
    private final FitsProducts.Cache fitsCache = new FitsProducts.Cache();

    Products(long seed, Caom caom) {
        this.seed = seed;
        this.caom = caom;
    }

    int count(long index) {
        return 3 + new Rng(seed, 5, index).nextInt(8);
    }

    /** Product k of observation {@code index}, in {@link #FIELDS} order. */
    Object[] row(long index, int k) {
        Object[] obs = caom.row(index);
        String collection = (String) obs[1];
        String obsId = (String) obs[9];
        long obsid = Caom.BASE_OBSID + index;
        String[] kind = KINDS[k];
        FitsProducts.Kind fits = FitsProducts.kind(obs, k);
        String file = fits != null ? fits.fileName(obsId) : obsId.toLowerCase(Locale.ROOT) + "_" + kind[0] + kind[3];
        return new Object[] {
            Long.toString(obsid),
            collection,
            obs[12],
            obsId,
            collection + " " + (fits != null ? fits.description : kind[4]),
            kind[1].equals("SCIENCE") ? "S" : "C",
            uri(collection, obsid, file),
            kind[1],
            kind[2],
            fits != null ? fits.subgroup : kind[0].toUpperCase(Locale.ROOT),
            null,
            obs[4],
            null,
            obs[22],
            file,
            fits != null ? FitsProducts.size(fits, index, obs) : size(index, k, kind[3]),
            Long.toString(obsid),
            obs[28],
            obs[14]
        };
    }

    static String uri(String collection, long obsid, String file) {
        return "mast:" + collection + "/product/" + obsid + "/" + file;
    }

    private long size(long index, int k, String ext) {
        Rng r = new Rng(seed, 6, index * 16 + k);
        return switch (ext) {
            case ".fits" -> 2880L * (4 + (long) Math.exp(r.range(0, Math.log(1400))));
            case ".jpg" -> 5_000 + r.nextInt(55_000);
            case ".txt" -> 1_000 + r.nextInt(19_000);
            default -> 2_000 + r.nextInt(48_000);
        };
    }

    /** The file behind a synthetic product URI, or null. */
    ProductFile file(String uri, long rows) {
        int at = uri.indexOf("/product/");
        if (!uri.startsWith("mast:") || at < 0) {
            return null;
        }
        String rest = uri.substring(at + "/product/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        long obsid;
        try {
            obsid = Long.parseLong(rest.substring(0, slash));
        } catch (NumberFormatException e) {
            return null;
        }
        long index = Caom.indexOf(obsid, rows);
        if (index < 0) {
            return null;
        }
        for (int k = 0; k < count(index); k++) {
            Object[] p = row(index, k);
            if (uri.equals(p[6])) {
                return file(index, k, p);
            }
        }
        return null;
    }

    /** The file of product k of observation {@code index}. */
    ProductFile file(long index, int k) {
        return file(index, k, row(index, k));
    }

    private ProductFile file(long index, int k, Object[] p) {
        boolean exclusive = "EXCLUSIVE_ACCESS".equals(p[17]);
        Object[] obs = caom.row(index);
        FitsProducts.Kind fits = FitsProducts.kind(obs, k);
        if (fits != null) {
            return new FitsProducts.File(fits, index, obs, (String) p[6], (Long) p[15], exclusive, fitsCache);
        }
        return new GeneratedFile((String) p[14], (Long) p[15], exclusive);
    }
}
