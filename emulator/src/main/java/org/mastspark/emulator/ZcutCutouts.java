package org.mastspark.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Zcut's {@code astrocut} answers: a stored zip of one FITS file per survey covering the target (a primary HDU,
 * then one {@code CUTOUT} float32 image per mosaic), or of one 8-bit grayscale jpg/png per mosaic. The format
 * comes from {@code cutout_format} (astroquery 0.4.12+) or {@code format} (0.4.6 to 0.4.11), default fits.
 */
final class ZcutCutouts {
    /** The DATE of every cutout file (the recorded one's): a file's bytes depend on its request only. */
    static final String DATE = "2020-12-01";
    /** The astrocut version of the recorded files. */
    static final String PROCVER = "0.6";
    /** The answer when no survey (or not the one asked) covers the target. */
    static final String NO_DATA = "Target is not in an available deep field survey. Cutout not performed.";

    static final List<String> STRETCHES = List.of("asinh", "sinh", "sqrt", "log", "linear");

    private ZcutCutouts() {}

    /** A cutout size along one axis as sent: the number and its unit ({@code px} or {@code d}). */
    record Size(double value, String units) {
        /** Pixels of a grid of {@code scaleDeg} degrees per pixel: the number, or the angle over the scale. */
        int pixels(double scaleDeg) {
            double n = units.equals("px") ? value : value / scaleDeg;
            return (int) Math.max(1, Math.round(n));
        }

        /** astrocut's text for the size in file names: Python's {@code str} of a Quantity, space removed. */
        String label() {
            return CutoutRequests.pyFloat(value) + (units.equals("px") ? "pix" : "deg");
        }
    }

    /** {@code x}, {@code y} and {@code units} of a cutout request: {x, y}. */
    static Size[] sizes(Map<String, List<String>> params) throws CutoutRequests.BadRequest {
        String u = CutoutRequests.first(params, "units");
        String units = u == null || u.isEmpty() ? "px" : u.toLowerCase(Locale.ROOT);
        if (!units.equals("px") && !units.equals("d")) {
            throw new CutoutRequests.BadRequest(
                    "Invalid value '" + u + "' for parameter 'units': expected px (pixels) or d (degrees)");
        }
        Size[] out = new Size[2];
        String[] names = {"x", "y"};
        for (int k = 0; k < 2; k++) {
            double v = CutoutRequests.number(params, names[k]);
            if (v <= 0) {
                throw new CutoutRequests.BadRequest("Invalid value '" + CutoutRequests.first(params, names[k])
                        + "' for parameter '" + names[k] + "': the cutout size must be > 0");
            }
            out[k] = new Size(v, units);
        }
        return out;
    }

    /** Refuses a cutout above MAST's pixel limit, naming it. */
    static void checkLimit(String axis, int pixels) throws CutoutRequests.BadRequest {
        if (pixels > CutoutRequests.MAX_PIXELS_PER_SIDE) {
            throw new CutoutRequests.BadRequest("Cutout size of " + pixels + " pixels along " + axis
                    + " exceeds the limit of " + CutoutRequests.MAX_PIXELS_PER_SIDE + " pixels per side");
        }
    }

    static void answer(Exchange ex, DeepFields fields, Map<String, List<String>> params)
            throws IOException, CutoutRequests.BadRequest {
        double[] pos = CutoutRequests.position(params);
        double ra = CutoutRequests.number(params, "ra");
        double dec = pos[1];
        Size[] size = sizes(params);
        String format = format(params);
        ImageParams image = ImageParams.of(params);
        String asked = CutoutRequests.first(params, "survey");

        List<DeepFields.Survey> surveys = new ArrayList<>();
        if (asked != null && !asked.isEmpty()) {
            DeepFields.Survey s =
                    DeepFields.survey(asked.toLowerCase(Locale.ROOT)).orElse(null);
            if (s == null) {
                noData(
                        ex,
                        "Unknown survey '" + asked + "': the surveys are "
                                + DeepFields.SURVEYS.stream()
                                        .map(DeepFields.Survey::name)
                                        .collect(Collectors.joining(", ")));
                return;
            }
            surveys.add(s);
        } else {
            surveys.addAll(DeepFields.SURVEYS);
        }
        surveys.removeIf(s -> {
            double[] p = DeepFields.project(s.field(), pos[0], pos[1]);
            return p == null || !s.covers(p[0], p[1], 0);
        });
        if (surveys.isEmpty()) {
            noData(ex, NO_DATA);
            return;
        }
        for (DeepFields.Survey s : surveys) {
            checkLimit("x", size[0].pixels(s.scale()));
            checkLimit("y", size[1].pixels(s.scale()));
        }

        String suffix = "_" + CutoutRequests.pyFixed(ra) + "_" + CutoutRequests.pyFixed(dec) + "_" + size[1].label()
                + "-x-" + size[0].label() + "_astrocut";
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (DeepFields.Survey s : surveys) {
            CutoutFits.Window w = CutoutFits.Window.centredOn(
                    s, pos[0], pos[1], size[0].pixels(s.scale()), size[1].pixels(s.scale()));
            if (format.equals("fits")) {
                members.put(s.name() + suffix + ".fits", fits(fields, s, w, ra, dec));
            } else {
                for (DeepFields.Mosaic m : s.mosaics()) {
                    float[] px = w.pixels(fields, s, m);
                    members.put(m.stem() + suffix + "." + format, image.encode(px, w.nx(), w.ny(), format));
                }
            }
        }
        ex.rows = members.size();
        ex.sendBytes(200, "application/zip", CutoutRequests.storedZip(members));
    }

    /** {@code cutout_format}, else {@code format}, else fits. */
    static String format(Map<String, List<String>> params) throws CutoutRequests.BadRequest {
        String key = CutoutRequests.first(params, "cutout_format") != null ? "cutout_format" : "format";
        String f = CutoutRequests.first(params, key);
        if (f == null || f.isEmpty()) {
            return "fits";
        }
        String lower = f.toLowerCase(Locale.ROOT);
        if (lower.equals("jpeg")) {
            return "jpg";
        }
        if (!List.of("fits", "jpg", "png").contains(lower)) {
            throw new CutoutRequests.BadRequest(
                    "Invalid value '" + f + "' for parameter '" + key + "': expected fits, jpg or png");
        }
        return lower;
    }

    /** One survey's cutout file: the primary HDU, then a CUTOUT image per mosaic. */
    static byte[] fits(DeepFields fields, DeepFields.Survey s, CutoutFits.Window w, double ra, double dec) {
        CutoutFits.Cards primary = CutoutFits.primary()
                .add("ORIGIN", "STScI/MAST", "institution responsible for creating this file")
                .add("DATE", DATE, "file creation date")
                .add("PROCVER", PROCVER, "software version")
                .add("RA_OBJ", ra, "[deg] right ascension")
                .add("DEC_OBJ", dec, "[deg] declination");
        List<CutoutFits.Image> images = new ArrayList<>();
        for (DeepFields.Mosaic m : s.mosaics()) {
            CutoutFits.Cards h = CutoutFits.image(w.nx(), w.ny());
            CutoutFits.addWcs(h, s, w)
                    .add("EQUINOX", 2000.0, "equinox of celestial coord. system")
                    .add("FILETYPE", "SCI", "type of data found in data file")
                    .add("TELESCOP", "HST", "telescope used to acquire data")
                    .add("INSTRUME", m.instrument(), "identifier for instrument used to acquire data")
                    .add("DETECTOR", m.detector(), "detector in use")
                    .add("FILTER", m.filter(), "element selected from filter wheel")
                    .add("EXTNAME", "CUTOUT", "")
                    .add("ORIG_FLE", m.stem() + ".fits", "");
            images.add(new CutoutFits.Image(h, w.pixels(fields, s, m)));
        }
        return CutoutFits.file(primary, images);
    }

    private static void noData(Exchange ex, String msg) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("msg", msg);
        ex.rows = 0;
        ex.sendJson(200, o.toString());
    }

    /**
     * astrocut's {@code img_cut} options as astroquery sends them (Python {@code str} of the values): {@code
     * stretch}, {@code minmax_percent=[0.5, 99.5]}, {@code minmax_value=[lo, hi]} (wins over the percentiles),
     * {@code invert=True}.
     */
    record ImageParams(String stretch, double[] percent, double[] value, boolean invert) {
        static ImageParams of(Map<String, List<String>> params) throws CutoutRequests.BadRequest {
            String s = CutoutRequests.first(params, "stretch");
            String stretch = s == null || s.isEmpty() ? "asinh" : s.toLowerCase(Locale.ROOT);
            if (!STRETCHES.contains(stretch)) {
                throw new CutoutRequests.BadRequest(
                        "Invalid value '" + s + "' for parameter 'stretch': expected one of " + STRETCHES);
            }
            double[] percent = pair(params, "minmax_percent", new double[] {0.5, 99.5});
            if (percent[0] < 0 || percent[1] > 100 || percent[0] >= percent[1]) {
                throw new CutoutRequests.BadRequest("Invalid value '" + CutoutRequests.first(params, "minmax_percent")
                        + "' for parameter 'minmax_percent': expected [low, high] with 0 <= low < high <= 100");
            }
            double[] value = pair(params, "minmax_value", null);
            String inv = CutoutRequests.first(params, "invert");
            boolean invert;
            if (inv == null || inv.isEmpty() || inv.equalsIgnoreCase("false")) {
                invert = false;
            } else if (inv.equalsIgnoreCase("true")) {
                invert = true;
            } else {
                throw new CutoutRequests.BadRequest(
                        "Invalid value '" + inv + "' for parameter 'invert': expected True or False");
            }
            return new ImageParams(stretch, percent, value, invert);
        }

        private static double[] pair(Map<String, List<String>> params, String name, double[] dflt)
                throws CutoutRequests.BadRequest {
            List<String> raw = params.get(name);
            if (raw == null || raw.isEmpty()) {
                return dflt;
            }
            String joined = String.join(",", raw)
                    .replace("[", "")
                    .replace("]", "")
                    .replace("(", "")
                    .replace(")", "");
            String[] parts = joined.split(",");
            try {
                if (parts.length == 2) {
                    double[] out = {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
                    if (Double.isFinite(out[0]) && Double.isFinite(out[1])) {
                        return out;
                    }
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new CutoutRequests.BadRequest("Invalid value '" + String.join(",", raw) + "' for parameter '" + name
                    + "': expected two numbers such as [0.5, 99.5]");
        }

        /** The image file: north up (FITS row 1 at the bottom), 8-bit grayscale, NaN black. */
        byte[] encode(float[] px, int nx, int ny, String format) {
            double lo;
            double hi;
            if (value != null) {
                lo = value[0];
                hi = value[1];
            } else {
                double[] finite = new double[px.length];
                int n = 0;
                for (float v : px) {
                    if (Float.isFinite(v)) {
                        finite[n++] = v;
                    }
                }
                double[] sorted = Arrays.copyOf(finite, n);
                Arrays.sort(sorted);
                lo = percentile(sorted, percent[0]);
                hi = percentile(sorted, percent[1]);
            }
            BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = img.getRaster();
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    float v = px[j * nx + i];
                    int b = 0;
                    if (Float.isFinite(v)) {
                        double x = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0;
                        x = stretch(x);
                        if (invert) {
                            x = 1 - x;
                        }
                        b = (int) Math.min(255, Math.floor(x * 255));
                    }
                    r.setSample(i, ny - 1 - j, 0, b);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                if (!ImageIO.write(img, format.equals("jpg") ? "jpeg" : "png", out)) {
                    throw new IllegalStateException("no ImageIO writer for " + format);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        /** astropy.visualization's stretches with their default parameters. */
        private double stretch(double x) {
            return switch (stretch) {
                case "linear" -> x;
                case "sqrt" -> Math.sqrt(x);
                case "log" -> Math.log(1000 * x + 1) / Math.log(1000);
                case "sinh" -> Math.sinh(3 * x) / Math.sinh(3);
                default -> asinh(x / 0.1) / asinh(1 / 0.1);
            };
        }

        private static double asinh(double x) {
            return Math.log(x + Math.sqrt(x * x + 1));
        }

        /** numpy's default (linear) percentile of sorted values; 0 for none. */
        private static double percentile(double[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            double idx = p / 100 * (sorted.length - 1);
            int i = (int) Math.floor(idx);
            int k = Math.min(sorted.length - 1, i + 1);
            return sorted[i] + (sorted[k] - sorted[i]) * (idx - i);
        }
    }
}
