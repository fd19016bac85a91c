package org.mastspark.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MAST's Hapcut service ({@code /hapcut/api/v0.1/astrocut}): cutouts of Hubble Advanced Products skycell mosaics
 * over a deterministic footprint model ({@link #SKYCELLS}), answered to a JSON POST (astroquery's {@code
 * get_cutouts}) or a GET ({@code download_cutouts}, x before y), as a stored zip of one FITS file per skycell
 * product: a primary HDU, a {@code SCI} and a {@code WHT} float32 image with the cutout's WCS.
 *
 * <p>Axes: Hapcut's {@code x} is the number of rows and {@code y} the number of columns (astroquery's size
 * {@code [2, 3]}, sent as {@code x=3, y=2}, gives data of shape (3, 2)), the reverse of Zcut's and TESScut's.
 * No product at the target: HTTP 200 with {@code {"results": [], "msg": NO_DATA}}.
 */
final class HapcutHandler {
    static final String ASTROCUT_PATH = "/hapcut/api/v0.1/astrocut";
    static final String NO_DATA = "Missing HAP files for input target. Cutout not performed.";

    /**
     * A skycell product: the skycell, its file label ({@code wfc3_ir_f160w}, {@code wfc3_ir_f160w_coarse}) and its
     * grid, as a one-mosaic {@link DeepFields.Survey} (name: the skycell) whose pixel values are the model's.
     */
    record Product(String skycell, String label, DeepFields.Survey grid) {
        DeepFields.Mosaic mosaic() {
            return grid.mosaics().get(0);
        }

        /** The input file's name, as in the ORIG_FLE of MAST's cutouts ({@code hst_skycell-p..._all_drz.fits}). */
        String originalFile() {
            return "hst_skycell-" + skycell + "_"
                    + (label.endsWith("_coarse")
                            ? label.substring(0, label.length() - "_coarse".length()) + "_coarse-all_drz.fits"
                            : label + "_all_drz.fits");
        }
    }

    /** Every skycell product, grouped by skycell, in the order a zip lists them. */
    static final List<Product> SKYCELLS = List.of(
            // the skycell of Hapcut's documentation and astroquery's remote tests, (351.347812, 28.497808)
            product("p2007x09y05", 351.35, 28.50, 11, "wfc3_ir_f160w_coarse", 0.12, 100),
            product("p2007x09y05", 351.35, 28.50, 11, "wfc3_ir_f160w", 0.04, 101),
            product("p2007x09y05", 351.35, 28.50, 11, "wfc3_uvis_f606w", 0.04, 102),
            product("p2007x09y05", 351.35, 28.50, 11, "wfc3_uvis_f814w", 0.04, 103),
            // the GOODS-N field (the emulator's choice of skycell name)
            product("p2381x06y08", 189.228621, 62.238572, 1, "acs_wfc_f814w", 0.04, 104),
            product("p2381x06y08", 189.228621, 62.238572, 1, "wfc3_ir_f160w_coarse", 0.12, 105),
            product("p2381x06y08", 189.228621, 62.238572, 1, "wfc3_ir_f160w", 0.04, 106));

    /** Half the side of every skycell product's footprint (degrees, in the TAN plane of its centre). */
    static final double HALF_SIDE = 0.06;

    private final DeepFields fields;

    HapcutHandler(long seed) {
        this.fields = new DeepFields(seed);
    }

    private static Product product(
            String skycell, double ra, double dec, long stream, String label, double scale, int index) {
        String[] parts = label.split("_");
        boolean ir = parts[1].equals("ir");
        DeepFields.Field field = new DeepFields.Field("skycell " + skycell, ra, dec, stream);
        DeepFields.Mosaic m = new DeepFields.Mosaic(
                label,
                parts[0].toUpperCase(Locale.ROOT),
                parts[1].toUpperCase(Locale.ROOT),
                parts[2].toUpperCase(Locale.ROOT),
                ir ? 0.02 : 0.01,
                ir ? 0.004 : 0.003,
                ir ? 1.2 : 0.7,
                index);
        DeepFields.Survey grid =
                new DeepFields.Survey(skycell, field, -HALF_SIDE, HALF_SIDE, -HALF_SIDE, HALF_SIDE, scale, List.of(m));
        return new Product(skycell, label, grid);
    }

    static boolean handles(String path) {
        return path.startsWith("/hapcut/");
    }

    void handle(Exchange ex) throws IOException {
        String path = ex.path.endsWith("/") ? ex.path.substring(0, ex.path.length() - 1) : ex.path;
        if (!path.equals(ASTROCUT_PATH)) {
            ex.sendJson(404, "{\"msg\": \"Not found: " + ex.path.replace("\"", "") + "\"}");
            return;
        }
        ex.service = "hapcut.astrocut";
        try {
            answer(ex, CutoutRequests.params(ex));
        } catch (CutoutRequests.BadRequest e) {
            CutoutRequests.badRequest(ex, e.getMessage());
        }
    }

    private void answer(Exchange ex, Map<String, List<String>> params) throws IOException, CutoutRequests.BadRequest {
        double[] pos = CutoutRequests.position(params);
        double ra = CutoutRequests.number(params, "ra");
        double dec = pos[1];
        ZcutCutouts.Size[] size = ZcutCutouts.sizes(params);
        List<Product> products = new ArrayList<>();
        for (Product p : SKYCELLS) {
            double[] t = DeepFields.project(p.grid().field(), pos[0], pos[1]);
            if (t != null && p.grid().covers(t[0], t[1], 0)) {
                products.add(p);
            }
        }
        if (products.isEmpty()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.putArray("results");
            o.put("msg", NO_DATA);
            ex.rows = 0;
            ex.sendJson(200, o.toString());
            return;
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (Product p : products) {
            // x counts rows, y columns (see the class comment)
            int rows = size[0].pixels(p.grid().scale());
            int cols = size[1].pixels(p.grid().scale());
            ZcutCutouts.checkLimit("x", rows);
            ZcutCutouts.checkLimit("y", cols);
        }
        for (Product p : products) {
            int rows = size[0].pixels(p.grid().scale());
            int cols = size[1].pixels(p.grid().scale());
            CutoutFits.Window w = CutoutFits.Window.centredOn(p.grid(), pos[0], pos[1], cols, rows);
            String name = fileName(p, ra, dec);
            members.put(name, fits(p, w, ra, dec, name));
        }
        ex.rows = members.size();
        ex.sendBytes(200, "application/zip", CutoutRequests.storedZip(members));
    }

    /**
     * {@code hst_cutout_skycell-<skycell>-ra<deg>d<4 digits>-dec<n|s><deg>d<4 digits>_<label>.fits}: the whole
     * degrees and the first 4 digits of the fraction as Python prints it (truncated, not rounded), {@code n} for
     * north, {@code s} for south declinations.
     */
    static String fileName(Product p, double ra, double dec) {
        return "hst_cutout_skycell-" + p.skycell() + "-ra" + (long) ra + "d" + fraction(ra) + "-dec"
                + (dec < 0 ? "s" : "n") + (long) Math.abs(dec) + "d" + fraction(Math.abs(dec)) + "_" + p.label()
                + ".fits";
    }

    private static String fraction(double v) {
        String repr = CutoutRequests.pyFloat(v % 1);
        if (repr.contains("e")) {
            return "0";
        }
        String digits = repr.substring(repr.indexOf('.') + 1);
        return digits.length() > 4 ? digits.substring(0, 4) : digits;
    }

    private byte[] fits(Product p, CutoutFits.Window w, double ra, double dec, String name) {
        DeepFields.Mosaic m = p.mosaic();
        CutoutFits.Cards primary = CutoutFits.primary()
                .add("ORIGIN", "STScI/MAST", "institution responsible for creating this file")
                .add("DATE", ZcutCutouts.DATE, "file creation date")
                .add("TELESCOP", "HST", "telescope used to acquire data")
                .add("INSTRUME", m.instrument(), "identifier for instrument used to acquire data")
                .add("DETECTOR", m.detector(), "detector in use")
                .add("FILTER", m.filter(), "element selected from filter wheel")
                .add("SKYCELL", p.skycell(), "skycell of the input mosaic")
                .add("FILENAME", name, "")
                .add("ORIG_FLE", p.originalFile(), "")
                .add("RA_OBJ", ra, "[deg] right ascension")
                .add("DEC_OBJ", dec, "[deg] declination");
        float[] sci = w.pixels(fields, p.grid(), m);
        float[] wht = new float[sci.length];
        for (int j = 0; j < w.ny(); j++) {
            for (int i = 0; i < w.nx(); i++) {
                wht[j * w.nx() + i] = weight(p.grid(), w.xmin() + i, w.ymin() + j);
            }
        }
        List<CutoutFits.Image> images = new ArrayList<>();
        for (String ext : List.of("SCI", "WHT")) {
            CutoutFits.Cards h = CutoutFits.image(w.nx(), w.ny());
            CutoutFits.addWcs(h, p.grid(), w)
                    .add("EXTNAME", ext, "extension name")
                    .add("BUNIT", ext.equals("SCI") ? "ELECTRONS/S" : "UNITLESS", "units of the data")
                    .add("ORIG_FLE", p.originalFile(), "");
            images.add(new CutoutFits.Image(h, ext.equals("SCI") ? sci : wht));
        }
        return CutoutFits.file(primary, images);
    }

    /**
     * The weight of mosaic pixel {@code (ix, iy)}: 0 off the mosaic; else the exposure tiles of the skycell, 512
     * pixels square, alternating 800 and 1200 (a checkerboard).
     */
    static float weight(DeepFields.Survey grid, long ix, long iy) {
        if (ix < 0 || iy < 0 || ix >= grid.naxis1() || iy >= grid.naxis2()) {
            return 0f;
        }
        return ((ix / 512 + iy / 512) % 2 == 0) ? 800f : 1200f;
    }
}
