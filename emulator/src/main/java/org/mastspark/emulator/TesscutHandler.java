package org.mastspark.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.mastspark.emulator.sky.SyntheticSky;
import org.mastspark.emulator.sky.TargetPixelFiles;
import org.mastspark.emulator.sky.TessFootprints;
import org.mastspark.emulator.sky.TessFootprints.Ccd;
import org.mastspark.emulator.sky.TessFootprints.MovingTarget;
import org.mastspark.emulator.sky.TessFootprints.Placement;

/**
 * TESScut ({@code /tesscut/api/v0.1/...}): {@code sector} and {@code moving_target/sector} answer
 * {@code {"results": [{sectorName, sector, camera, ccd}]}} from {@link TessFootprints}; {@code astrocut} and
 * {@code moving_target/astrocut} answer a deflated zip of target pixel files ({@link TargetPixelFiles}), one per
 * (sector, camera, CCD), or {@code 200 {"msg": "No FFIs found for input target. Cutout not performed."}} when
 * nothing can be cut. Parameters come from the query string and, for POST, the form body. Bad input: HTTP 400
 * with {@code {"msg": "<what is wrong and the fix>"}}.
 */
final class TesscutHandler {
    static final String PREFIX = "/tesscut/api/v0.1/";
    static final String NO_FFIS = "No FFIs found for input target. Cutout not performed.";
    /** The emulator's cutout size limit (MAST's is reported as about 10,000 pixels; its exact answer is unknown). */
    static final int MAX_PIXELS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyntheticSky sky;
    private final Faults faults;
    /** Where each distinct {@code astrocut} answer is kept and answered again from, or null to cut every time. */
    private final Path answers;

    TesscutHandler(SyntheticSky sky, Faults faults, Path answers) {
        this.sky = sky;
        this.faults = faults;
        this.answers = answers;
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    /** Bad input: answered with 400 and the message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    void handle(Exchange ex) throws IOException {
        String endpoint = ex.path.substring(PREFIX.length()).replaceAll("/+$", "");
        ex.service = "tesscut." + endpoint;
        if (!ex.method.equals("GET") && !ex.method.equals("POST")) {
            ex.sendJson(405, message("Method " + ex.method + " is not allowed: use GET or POST"));
            return;
        }
        String form = ex.rawQuery;
        if (ex.method.equals("POST")) {
            String body = ex.bodyText();
            form = form.isEmpty() ? body : body.isEmpty() ? form : form + "&" + body;
        }
        ex.logged = form;
        try {
            switch (endpoint) {
                case "sector" -> sector(ex, form);
                case "moving_target/sector" -> movingSector(ex, form);
                case "astrocut" -> astrocut(ex, form);
                case "moving_target/astrocut" -> movingAstrocut(ex, form);
                default -> ex.sendJson(404, message("Not found: " + ex.path));
            }
        } catch (BadRequest e) {
            ex.sendJson(400, message(e.getMessage()));
        }
    }

    private void sector(Exchange ex, String form) throws IOException, BadRequest {
        double ra = angle(form, "ra", true);
        double dec = latitude(form);
        double radius = radius(form);
        if (TessFootprints.isRecordedPosition(ra, dec)) {
            ex.rows = 1;
            ex.sendJson(200, Recorded.file("tess_sector.json").toString());
            return;
        }
        sendSectors(ex, TessFootprints.sectors(ra, dec, radius));
    }

    private void movingSector(Exchange ex, String form) throws IOException, BadRequest {
        MovingTarget target = movingTarget(form);
        sendSectors(ex, target.ccds());
    }

    private static void sendSectors(Exchange ex, List<Ccd> ccds) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (Ccd c : ccds) {
            results.addObject()
                    .put("sectorName", c.sectorName())
                    .put("sector", String.format(Locale.ROOT, "%04d", c.sector()))
                    .put("camera", Integer.toString(c.camera()))
                    .put("ccd", Integer.toString(c.ccd()));
        }
        ex.rows = ccds.size();
        ex.sendJson(200, root.toString());
    }

    /** A cutout size: the value as sent (for file names), its number, and whether in degrees. */
    record Size(String textY, String textX, double y, double x, boolean degrees) {}

    private void astrocut(Exchange ex, String form) throws IOException, BadRequest {
        double ra = angle(form, "ra", true);
        double dec = latitude(form);
        Size size = size(form);
        TreeSet<Integer> sectors = sectors(form);
        product(form);
        List<Placement> placements = new ArrayList<>();
        for (Placement p : TessFootprints.locate(ra, dec)) {
            if (sectors == null || sectors.contains(p.ccd().sector())) {
                placements.add(p);
            }
        }
        List<String> names = new ArrayList<>();
        List<TargetPixelFiles.Cutout> cutouts = new ArrayList<>();
        for (Placement p : placements) {
            long[] lx = TargetPixelFiles.limits(p.x(), size.x(), size.degrees());
            long[] ly = TargetPixelFiles.limits(p.y(), size.y(), size.degrees());
            int nx = (int) (lx[1] - lx[0]);
            int ny = (int) (ly[1] - ly[0]);
            checkPixels(nx, ny);
            cutouts.add(new TargetPixelFiles.Cutout(ra, dec, p.ccd(), p.frame(), lx[0], ly[0], nx, ny));
            names.add(String.format(
                    Locale.ROOT,
                    "tess-s%04d-%d-%d_%.7f_%.7f_%s-x-%s_astrocut.fits",
                    p.ccd().sector(),
                    p.ccd().camera(),
                    p.ccd().ccd(),
                    ra,
                    dec,
                    size.textY(),
                    size.textX()));
        }
        if (cutouts.isEmpty() || faults.takeNoFfis()) {
            ex.sendJson(200, message(NO_FFIS));
            return;
        }
        List<FileWriter> files = new ArrayList<>();
        for (TargetPixelFiles.Cutout c : cutouts) {
            files.add(out -> TargetPixelFiles.write(sky, c, out));
        }
        String zipName =
                String.format(Locale.ROOT, "astrocut_%.7f_%.7f_%s-x-%s.zip", ra, dec, size.textY(), size.textX());
        int sector = cutouts.get(0).ccd().sector();
        if (answers == null) {
            sendZip(ex, zipName, names, files, sector);
            return;
        }
        // The zip is a pure function of its file names and cutouts (a cutout's frame is its sector and camera's;
        // the sky's seed is the emulator's).
        StringBuilder key = new StringBuilder(zipName).append('|').append(names);
        for (TargetPixelFiles.Cutout c : cutouts) {
            key.append('|')
                    .append(c.ra())
                    .append(',')
                    .append(c.dec())
                    .append(',')
                    .append(c.ccd());
            key.append(',')
                    .append(c.x0())
                    .append(',')
                    .append(c.y0())
                    .append(',')
                    .append(c.nx())
                    .append('x');
            key.append(c.ny());
        }
        Path kept = keptAnswer(key.toString(), names, files, sector);
        ex.rows = names.size();
        ex.http.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + zipName);
        try (java.io.OutputStream out = ex.start(200, "application/zip", 0, false)) {
            Files.copy(kept, out);
        }
    }

    /**
     * The file keeping the answer of {@code key}, written first (to a temporary name, then renamed) when no
     * emulator sharing the folder has written it yet.
     */
    private Path keptAnswer(String key, List<String> names, List<FileWriter> files, int sector) throws IOException {
        String hash;
        try {
            hash = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path target = answers.resolve("tesscut-" + hash + ".zip");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(answers);
        Path tmp = Files.createTempFile(answers, "tesscut-", ".part");
        try {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writeZip(out, names, files, sector);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private void movingAstrocut(Exchange ex, String form) throws IOException, BadRequest {
        MovingTarget target = movingTarget(form);
        Size size = size(form);
        TreeSet<Integer> sectors = sectors(form);
        product(form);
        List<String> names = new ArrayList<>();
        List<FileWriter> files = new ArrayList<>();
        List<Ccd> ccds = new ArrayList<>();
        for (Ccd c : target.ccds()) {
            if (sectors == null || sectors.contains(c.sector())) {
                ccds.add(c);
            }
        }
        for (Ccd c : ccds) {
            double[] start = target.pixel(c, 0);
            long[] lx = TargetPixelFiles.limits(start[0], size.x(), size.degrees());
            long[] ly = TargetPixelFiles.limits(start[1], size.y(), size.degrees());
            checkPixels((int) (lx[1] - lx[0]), (int) (ly[1] - ly[0]));
        }
        if (ccds.isEmpty() || faults.takeNoFfis()) {
            ex.sendJson(200, message(NO_FFIS));
            return;
        }
        for (Ccd c : ccds) {
            files.add(out -> TargetPixelFiles.writeMoving(out, sky, target, c, size.x(), size.y(), size.degrees()));
            String name = target.name() + "_" + TargetPixelFiles.tstart(c.sector()) + "-"
                    + TargetPixelFiles.tstop(c.sector()) + "_" + size.textY() + "-x-" + size.textX()
                    + "_astrocut.fits";
            names.add(name.replace('/', '-').replace(' ', '_'));
        }
        sendZip(
                ex,
                "astrocut_" + target.name() + ".zip",
                names,
                files,
                ccds.get(0).sector());
    }

    private static void checkPixels(int nx, int ny) throws BadRequest {
        if ((long) nx * ny > MAX_PIXELS) {
            throw new BadRequest("Cutout of " + ny + " x " + nx + " = " + (long) nx * ny
                    + " pixels exceeds the limit of " + MAX_PIXELS
                    + " pixels per cutout: request a smaller y and x (for example y=100&x=100&units=px)");
        }
    }

    /** Writes one zip member's bytes. */
    interface FileWriter {
        void write(java.io.OutputStream out) throws IOException;
    }

    /**
     * Streams a deflated zip (chunked: large cutouts never sit whole in memory) whose entries carry a fixed time,
     * the sector's data date, so equal requests give equal bytes.
     */
    private static void sendZip(Exchange ex, String zipName, List<String> names, List<FileWriter> files, int sector)
            throws IOException {
        ex.rows = names.size();
        ex.http.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + zipName);
        writeZip(ex.start(200, "application/zip", 0, false), names, files, sector);
    }

    /** Writes the zip of {@code files} to {@code out} and closes it. */
    private static void writeZip(java.io.OutputStream out, List<String> names, List<FileWriter> files, int sector)
            throws IOException {
        LocalDateTime time = TargetPixelFiles.utc(TargetPixelFiles.tstop(sector) + 5)
                .withNano(0)
                .withSecond(0);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            // The fastest level: the noisy FLUX compresses little more at higher levels, at twice the CPU.
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
            for (int k = 0; k < names.size(); k++) {
                ZipEntry e = new ZipEntry(names.get(k));
                e.setTimeLocal(time);
                zip.putNextEntry(e);
                files.get(k).write(zip);
                zip.closeEntry();
            }
        }
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    private static String message(String msg) {
        return JSON.createObjectNode().put("msg", msg).toString();
    }

    private static String single(String form, String name, boolean required) throws BadRequest {
        List<String> values = Exchange.params(form, name);
        if (values.isEmpty() || values.get(0).isBlank()) {
            if (required) {
                throw new BadRequest("Missing required parameter '" + name + "'");
            }
            return null;
        }
        return values.get(0).trim();
    }

    private static double angle(String form, String name, boolean required) throws BadRequest {
        String v = single(form, name, required);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!Double.isFinite(d)) {
            throw new BadRequest(
                    "Invalid value '" + v + "' for parameter '" + name + "': expected degrees, such as 23.34");
        }
        return name.equals("ra") && (d < 0 || d >= 360) ? ((d % 360) + 360) % 360 : d;
    }

    private static double latitude(String form) throws BadRequest {
        double dec = angle(form, "dec", true);
        if (dec < -90 || dec > 90) {
            throw new BadRequest("Invalid value '" + single(form, "dec", true)
                    + "' for parameter 'dec': expected degrees from -90 to 90");
        }
        return dec;
    }

    /** {@code radius} in degrees: a number with an optional unit d (default), s, m or px (21 arcsec). */
    static double radius(String form) throws BadRequest {
        String v = single(form, "radius", false);
        if (v == null) {
            return 0;
        }
        String s = v.toLowerCase(Locale.ROOT);
        double factor;
        String number;
        if (s.endsWith("px")) {
            factor = TessFootprints.PIXEL_ARCSEC / 3600;
            number = s.substring(0, s.length() - 2);
        } else if (s.endsWith("d")) {
            factor = 1;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("s")) {
            factor = 1 / 3600.0;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            factor = 1 / 60.0;
            number = s.substring(0, s.length() - 1);
        } else {
            factor = 1;
            number = s;
        }
        double r;
        try {
            r = Double.parseDouble(number.trim());
        } catch (NumberFormatException e) {
            r = Double.NaN;
        }
        if (!(r >= 0)
                || Double.isInfinite(r)
                || number.isBlank()
                || !number.trim().matches("[0-9.eE+-]+")) {
            throw new BadRequest("Invalid value '" + v + "' for parameter 'radius': expected a number of degrees"
                    + " with an optional unit d (degrees), s (arcsec), m (arcmin) or px (21-arcsec pixels),"
                    + " such as '0.2d', '30s', '2m' or '5px'");
        }
        return r * factor;
    }

    private static Size size(String form) throws BadRequest {
        String units = single(form, "units", false);
        String u = units == null ? "px" : units.toLowerCase(Locale.ROOT);
        if (!u.equals("px") && !u.equals("d")) {
            throw new BadRequest(
                    "Invalid value '" + units + "' for parameter 'units': expected px (pixels) or d" + " (degrees)");
        }
        String y = single(form, "y", true);
        String x = single(form, "x", true);
        double ny = positive(y, "y");
        double nx = positive(x, "x");
        // astrocut names files after str() of the size: a Quantity in degrees prints its unit.
        String suffix = u.equals("d") ? "deg" : "";
        return new Size(y + suffix, x + suffix, ny, nx, u.equals("d"));
    }

    private static double positive(String v, String name) throws BadRequest {
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new BadRequest("Invalid value '" + v + "' for parameter '" + name
                    + "': expected a size above 0, in the unit of 'units' (px or d)");
        }
        return d;
    }

    /**
     * The requested sectors, or null for all: repeated {@code sector=N}, a list {@code sector=[28, 68]} (as
     * astroquery's GET writes a Python list) or {@code sector=28,68}; {@code All} means every sector.
     */
    static TreeSet<Integer> sectors(String form) throws BadRequest {
        List<String> values = Exchange.params(form, "sector");
        TreeSet<Integer> out = new TreeSet<>();
        for (String v : values) {
            String s = v.trim();
            if (s.isEmpty() || s.equalsIgnoreCase("all")) {
                return null;
            }
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            for (String part : s.split(",")) {
                String p = part.trim();
                try {
                    int n = Integer.parseInt(p);
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    out.add(n);
                } catch (NumberFormatException e) {
                    throw new BadRequest("Invalid value '" + v + "' for parameter 'sector': expected a sector number"
                            + " such as 14, repeated or as a list such as [28, 68]");
                }
            }
        }
        return values.isEmpty() ? null : out;
    }

    /** {@code product}: only SPOC (TICA cutouts were discontinued in August 2025). */
    private static void product(String form) throws BadRequest {
        String p = single(form, "product", false);
        if (p != null && !p.equalsIgnoreCase("SPOC")) {
            throw new BadRequest("Invalid value '" + p + "' for parameter 'product': only SPOC is served");
        }
    }

    private static MovingTarget movingTarget(String form) throws BadRequest {
        String id = single(form, "obj_id", true);
        String type = single(form, "obj_type", false);
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT).replace("_", "");
            if (!t.equals("majorbody") && !t.equals("smallbody")) {
                throw new BadRequest(
                        "Invalid value '" + type + "' for parameter 'obj_type': expected majorbody or" + " smallbody");
            }
        }
        Optional<MovingTarget> t = TessFootprints.movingTarget(id, type);
        if (t.isEmpty()) {
            throw new BadRequest("Could not resolve '" + id + "' to a "
                    + (type == null ? "majorbody or smallbody" : type) + " moving target (JPL Horizons)");
        }
        return t.get();
    }
}
