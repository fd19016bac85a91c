package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulator's deterministic model of which TESS sectors, cameras and CCDs see a sky position.
 *
 * <ul>
 *   <li>Sectors 1 to {@value #SECTORS}, 13 per year; years alternate between the southern (sectors 1-13,
 *       27-39, ...) and the northern ecliptic hemisphere (14-26, 40-52, ...). Sector {@code s} points at
 *       ecliptic longitude {@code 315.8 + (s - 1) * 360 / 13} degrees (J2000 ecliptic, obliquity
 *       23.4392911 degrees).
 *   <li>The four cameras of a sector look along that longitude's meridian, at ecliptic latitudes 18, 42, 66
 *       and 90 degrees (camera 1 to 4; negative in the south). Each camera is a gnomonic (TAN) projection
 *       centred on its boresight: its {@code x} axis is perpendicular to the meridian's great circle, its
 *       {@code y} axis runs along the meridian towards the pole, both in 21-arcsec pixels.
 *   <li>Each camera has four CCDs of 2048 x 2048 pixels around its boresight, numbered counter-clockwise:
 *       CCD 1 is {@code x >= 0, y < 0} (towards the ecliptic), 2 is {@code x < 0, y < 0}, 3 is
 *       {@code x < 0, y >= 0}, 4 is {@code x >= 0, y >= 0}. Pixel {@code i} (0-based, centre at {@code x = i})
 *       lies on the right-hand CCDs for {@code 0 <= i <= 2047} and on the left-hand ones for {@code -2048 <= i
 *       <= -1}; the same for {@code y}.
 * </ul>
 *
 * So a camera spans 23.9 degrees across; 0.4-degree gaps separate the cameras along the meridian, the
 * ecliptic band {@code |beta| < 6.2} degrees is never observed, nor are positions at low latitude between two
 * sectors' strips. Positions near the ecliptic poles are seen in every sector of their hemisphere.
 *
 * <p>The position of MAST's recorded sector answer ({@link #RECORDED_POSITION}, {@code tess_sector.json}) is
 * seen in exactly the recorded row, sector 1 camera 1 CCD 3, through a frame of its own (tangent at that
 * position, x east, y north, the position at pixel (-1024, 1024) of the camera), so that a cutout there agrees
 * with the recorded sector list. Thread safe, stateless.
 */
public final class TessFootprints {
    /** The last sector of the model (8 years of 13 sectors). */
    public static final int SECTORS = 104;
    /** Pixel size on the sky. */
    public static final double PIXEL_ARCSEC = 21.0;
    /** CCD width and height in pixels. */
    public static final int CCD_PIXELS = 2048;
    /** ra, dec of the recorded {@code tess_sector.json} request (M103, as astroquery's tests send it). */
    public static final double[] RECORDED_POSITION = {23.34086, 60.658};

    static final double OBLIQUITY = Math.toRadians(23.4392911);
    static final double FIRST_LONGITUDE = 315.8;
    private static final double PIXEL_RAD = Math.toRadians(PIXEL_ARCSEC / 3600.0);
    private static final double MATCH = 1e-6;

    private TessFootprints() {}

    /** A CCD of one sector: what the {@code sector} endpoint answers a row for. */
    public record Ccd(int sector, int camera, int ccd) {
        /** MAST's cube name, e.g. {@code tess-s0006-1-2}. */
        public String sectorName() {
            return String.format(Locale.ROOT, "tess-s%04d-%d-%d", sector, camera, ccd);
        }
    }

    /**
     * A camera's gnomonic frame: boresight {@code b} and unit axes {@code n} (x) and {@code d} (y), as equatorial
     * unit vectors; pixel coordinates {@code x = xi / pixel + x0}, {@code y = eta / pixel + y0}.
     */
    public record Frame(int sector, int camera, double[] b, double[] n, double[] d, double x0, double y0) {
        /** Camera pixel coordinates {x, y} of a position, or null when it is 90 degrees or more from the boresight. */
        public double[] pixel(double ra, double dec) {
            double[] v = unit(ra, dec);
            double w = dot(v, b);
            if (w <= 1e-9) {
                return null;
            }
            return new double[] {dot(v, n) / w / PIXEL_RAD + x0, dot(v, d) / w / PIXEL_RAD + y0};
        }

        /** {ra, dec} (degrees) of camera pixel coordinates. */
        public double[] sky(double x, double y) {
            double xi = (x - x0) * PIXEL_RAD;
            double eta = (y - y0) * PIXEL_RAD;
            double[] v = {b[0] + xi * n[0] + eta * d[0], b[1] + xi * n[1] + eta * d[1], b[2] + xi * n[2] + eta * d[2]};
            return radec(v);
        }

        /** ra, dec of the boresight (the TAN projection's tangent point). */
        public double[] boresight() {
            return radec(b);
        }

        /**
         * The linear TAN WCS matrix (degrees per pixel) of this frame in FITS order {PC1_1, PC1_2, PC2_1, PC2_2}:
         * intermediate (east, north) = PC . (x - x0, y - y0).
         */
        public double[] pc() {
            double[] radec = radec(b);
            double a = Math.toRadians(radec[0]);
            double dl = Math.toRadians(radec[1]);
            double[] east = {-Math.sin(a), Math.cos(a), 0};
            double[] north = {-Math.sin(dl) * Math.cos(a), -Math.sin(dl) * Math.sin(a), Math.cos(dl)};
            double s = PIXEL_ARCSEC / 3600.0;
            return new double[] {s * dot(n, east), s * dot(d, east), s * dot(n, north), s * dot(d, north)};
        }

        /** The CCD (1-4) holding camera pixel (i, j) (pixel centres, 0-based), or 0 when off every CCD. */
        public int ccdOfPixel(long i, long j) {
            if (i < -CCD_PIXELS || i >= CCD_PIXELS || j < -CCD_PIXELS || j >= CCD_PIXELS) {
                return 0;
            }
            if (j < 0) {
                return i >= 0 ? 1 : 2;
            }
            return i < 0 ? 3 : 4;
        }

        /** The CCD holding a point of camera pixel coordinates, 0 when none. */
        public int ccdOf(double x, double y) {
            return ccdOfPixel((long) Math.floor(x + 0.5), (long) Math.floor(y + 0.5));
        }
    }

    /** Where a position falls: the CCD, its frame and the camera pixel coordinates of the position. */
    public record Placement(Ccd ccd, Frame frame, double x, double y) {}

    /** The camera frame of a sector (1 to {@link #SECTORS}) and camera (1 to 4). */
    public static Frame frame(int sector, int camera) {
        if (sector < 1 || sector > SECTORS || camera < 1 || camera > 4) {
            throw new IllegalArgumentException("no TESS sector " + sector + " camera " + camera);
        }
        double lambda = Math.toRadians(FIRST_LONGITUDE + (sector - 1) * 360.0 / 13);
        double hemisphere = ((sector - 1) / 13) % 2 == 0 ? -1 : 1;
        // Ecliptic axes: e towards the strip's longitude on the ecliptic, z towards the observed pole.
        double[] e = {Math.cos(lambda), Math.sin(lambda), 0};
        double[] z = {0, 0, hemisphere};
        double t = Math.toRadians(18 + 24 * (camera - 1));
        double[] b = add(scale(e, Math.cos(t)), scale(z, Math.sin(t)));
        double[] d = add(scale(e, -Math.sin(t)), scale(z, Math.cos(t)));
        double[] n = cross(e, z);
        return new Frame(sector, camera, toEquatorial(b), toEquatorial(n), toEquatorial(d), 0, 0);
    }

    /** The frame through which the recorded position is seen (sector 1, camera 1, the position on CCD 3). */
    static Frame recordedFrame() {
        double ra = RECORDED_POSITION[0];
        double dec = RECORDED_POSITION[1];
        double a = Math.toRadians(ra);
        double dl = Math.toRadians(dec);
        double[] b = unit(ra, dec);
        double[] east = {-Math.sin(a), Math.cos(a), 0};
        double[] north = {-Math.sin(dl) * Math.cos(a), -Math.sin(dl) * Math.sin(a), Math.cos(dl)};
        return new Frame(1, 1, b, east, north, -1024, 1024);
    }

    /** Whether (ra, dec) is the recorded position (to 1e-6 degrees). */
    public static boolean isRecordedPosition(double ra, double dec) {
        return Math.abs(ra - RECORDED_POSITION[0]) < MATCH && Math.abs(dec - RECORDED_POSITION[1]) < MATCH;
    }

    /** Every CCD holding the position, by sector, camera, CCD. */
    public static List<Placement> locate(double ra, double dec) {
        List<Placement> out = new ArrayList<>();
        if (isRecordedPosition(ra, dec)) {
            Frame f = recordedFrame();
            double[] p = f.pixel(ra, dec);
            out.add(new Placement(new Ccd(1, 1, 3), f, p[0], p[1]));
            return out;
        }
        for (int s = 1; s <= SECTORS; s++) {
            for (int c = 1; c <= 4; c++) {
                Frame f = frame(s, c);
                double[] p = f.pixel(ra, dec);
                if (p == null) {
                    continue;
                }
                int ccd = f.ccdOf(p[0], p[1]);
                if (ccd != 0) {
                    out.add(new Placement(new Ccd(s, c, ccd), f, p[0], p[1]));
                }
            }
        }
        return out;
    }

    /**
     * Every CCD whose area comes within {@code radius} degrees of (ra, dec) (the exact distance to the CCD's
     * spherical quadrilateral, whose edges are great circles in a gnomonic projection), by sector, camera, CCD.
     * At the recorded position: the recorded row, whatever the radius.
     */
    public static List<Ccd> sectors(double ra, double dec, double radius) {
        List<Ccd> out = new ArrayList<>();
        if (isRecordedPosition(ra, dec)) {
            out.add(new Ccd(1, 1, 3));
            return out;
        }
        double[] v = unit(ra, dec);
        // A CCD reaches at most 17 degrees from its camera's boresight.
        double reach = Math.cos(Math.toRadians(Math.min(90, 17 + radius)));
        for (int s = 1; s <= SECTORS; s++) {
            for (int c = 1; c <= 4; c++) {
                Frame f = frame(s, c);
                if (dot(v, f.b()) < reach) {
                    continue;
                }
                for (int ccd = 1; ccd <= 4; ccd++) {
                    if (distanceToCcd(f, ccd, v) <= radius) {
                        out.add(new Ccd(s, c, ccd));
                    }
                }
            }
        }
        return out;
    }

    /** The camera-pixel bounds {xLo, xHi, yLo, yHi} of a CCD (pixel edges). */
    static double[] bounds(int ccd) {
        boolean right = ccd == 1 || ccd == 4;
        boolean top = ccd == 3 || ccd == 4;
        double xLo = right ? -0.5 : -CCD_PIXELS - 0.5;
        double yLo = top ? -0.5 : -CCD_PIXELS - 0.5;
        return new double[] {xLo, xLo + CCD_PIXELS, yLo, yLo + CCD_PIXELS};
    }

    /** Angular distance (degrees) from unit vector v to a CCD's area; 0 inside. */
    static double distanceToCcd(Frame f, int ccd, double[] v) {
        double[] bd = bounds(ccd);
        double[] p = f.pixel(radec(v)[0], radec(v)[1]);
        if (p != null && p[0] >= bd[0] && p[0] < bd[1] && p[1] >= bd[2] && p[1] < bd[3]) {
            return 0;
        }
        double[][] corners = {
            corner(f, bd[0], bd[2]), corner(f, bd[1], bd[2]), corner(f, bd[1], bd[3]), corner(f, bd[0], bd[3])
        };
        double best = 180;
        for (int k = 0; k < 4; k++) {
            best = Math.min(best, distanceToArc(v, corners[k], corners[(k + 1) % 4]));
        }
        return best;
    }

    private static double[] corner(Frame f, double x, double y) {
        double xi = (x - f.x0()) * PIXEL_RAD;
        double eta = (y - f.y0()) * PIXEL_RAD;
        return normalize(add(f.b(), add(scale(f.n(), xi), scale(f.d(), eta))));
    }

    /** Angular distance (degrees) from v to the shorter great-circle arc from a to b. */
    static double distanceToArc(double[] v, double[] a, double[] b) {
        double[] pole = normalize(cross(a, b));
        double[] proj = sub(v, scale(pole, dot(v, pole)));
        double norm = Math.sqrt(dot(proj, proj));
        if (norm > 1e-12) {
            double[] q = scale(proj, 1 / norm);
            // q lies on the arc when it is between a and b: both a x q and q x b point along the pole.
            if (dot(cross(a, q), pole) >= 0 && dot(cross(q, b), pole) >= 0) {
                return angle(v, q);
            }
        }
        return Math.min(angle(v, a), angle(v, b));
    }

    private static double angle(double[] u, double[] v) {
        double[] c = cross(u, v);
        return Math.toDegrees(Math.atan2(Math.sqrt(dot(c, c)), dot(u, v)));
    }

    /**
     * A moving target the emulator knows (its name as JPL Horizons would resolve it): its Horizons type
     * ({@code majorbody} or {@code smallbody}), TESS magnitude and the one CCD per sector its path crosses.
     */
    public record MovingTarget(String name, String type, double tmag, List<Ccd> ccds) {
        /**
         * Camera pixel coordinates of the target at {@code fraction} (0 to 1) of a sector: a straight path
         * inside the CCD, from a start 500 to 1500 pixels from the camera axes, moving up to 400 pixels in x and
         * y, drawn from the name and sector.
         */
        public double[] pixel(Ccd ccd, double fraction) {
            Rng r = new Rng(name.hashCode(), 960, ccd.sector());
            double x = 500 + 1000 * r.nextDouble();
            double y = 500 + 1000 * r.nextDouble();
            double dx = 800 * r.nextDouble() - 400;
            double dy = 800 * r.nextDouble() - 400;
            double px = x + dx * fraction;
            double py = y + dy * fraction;
            boolean right = ccd.ccd() == 1 || ccd.ccd() == 4;
            boolean top = ccd.ccd() == 3 || ccd.ccd() == 4;
            return new double[] {right ? px : -px - 1, top ? py : -py - 1};
        }

        /** ra, dec of the target at {@code fraction} of a sector. */
        public double[] sky(Ccd ccd, double fraction) {
            double[] p = pixel(ccd, fraction);
            return frame(ccd.sector(), ccd.camera()).sky(p[0], p[1]);
        }
    }

    private static final List<MovingTarget> MOVING = List.of(
            new MovingTarget("Eleonora", "smallbody", 10.5, List.of(new Ccd(6, 1, 1), new Ccd(33, 1, 3))),
            new MovingTarget(
                    "Ceres",
                    "smallbody",
                    7.5,
                    List.of(
                            new Ccd(29, 1, 2),
                            new Ccd(43, 1, 1),
                            new Ccd(44, 1, 4),
                            new Ccd(92, 1, 2),
                            new Ccd(97, 1, 3))),
            new MovingTarget("Jupiter", "majorbody", 3.0, List.of(new Ccd(45, 1, 2), new Ccd(46, 1, 1))));

    private static final java.util.Map<String, String> ALIASES = java.util.Map.of(
            "354", "Eleonora", "354 eleonora", "Eleonora", "1", "Ceres", "1 ceres", "Ceres", "599", "Jupiter");

    /** The moving targets of the model, for documentation and tests. */
    public static List<MovingTarget> movingTargets() {
        return MOVING;
    }

    /**
     * The moving target of a name (case and surrounding blanks ignored; also its number, e.g. {@code 1} or
     * {@code 1 Ceres}), if the model knows it and it is of {@code type} ({@code majorbody}/{@code major_body},
     * {@code smallbody}/{@code small_body}; null or blank: either).
     */
    public static java.util.Optional<MovingTarget> movingTarget(String objId, String type) {
        String key = objId == null ? "" : objId.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        String name = ALIASES.getOrDefault(key, key);
        String wanted = type == null ? "" : type.trim().toLowerCase(Locale.ROOT).replace("_", "");
        for (MovingTarget t : MOVING) {
            if (t.name().equalsIgnoreCase(name) && (wanted.isEmpty() || wanted.equals(t.type()))) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    // ---- vectors -----------------------------------------------------------------------------------------

    static double[] unit(double ra, double dec) {
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        return new double[] {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
    }

    static double[] radec(double[] v) {
        double r = Math.sqrt(dot(v, v));
        double ra = Math.toDegrees(Math.atan2(v[1], v[0]));
        if (ra < 0) {
            ra += 360;
        }
        return new double[] {ra >= 360 ? ra - 360 : ra, Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v[2] / r))))};
    }

    /** An ecliptic vector in equatorial coordinates. */
    static double[] toEquatorial(double[] e) {
        double c = Math.cos(OBLIQUITY);
        double s = Math.sin(OBLIQUITY);
        return new double[] {e[0], c * e[1] - s * e[2], s * e[1] + c * e[2]};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] scale(double[] a, double k) {
        return new double[] {a[0] * k, a[1] * k, a[2] * k};
    }

    private static double[] normalize(double[] a) {
        return scale(a, 1 / Math.sqrt(dot(a, a)));
    }
}
