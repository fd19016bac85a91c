package org.mastspark.connector.sky;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Nested grids of hexagons on the plane tangent to the sky at a point (the gnomonic projection, which maps
 * great circles to straight lines, so a convex polygon of the plane is a convex region of the sky bounded
 * by great-circle arcs, held by any cone that holds its corners).
 *
 * <p>Level {@code l} is a grid of pointy-top hexagons of circumradius {@code size / 2^l} (plane units: near
 * the tangent point, radians on the sky); a point belongs to the hexagon of the nearest grid centre
 * ({@link #key}), so every point lies in exactly one hexagon of a level. Each level's grid is shifted by an
 * irregular fraction of its own spacing, so a hexagon of one level does not merely touch hexagons of the
 * next at a corner.
 *
 * <p>The projection uses {@link StrictMath}, so the hexagon of a row is the same on every JVM: a row returned
 * by two pieces' cones is tested by both, possibly on different executors.
 */
final class HexGrid implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final double SQRT3 = Math.sqrt(3);
    // Irregular offsets (fractions of a level's hexagon size) of each level's grid from the tangent point.
    private static final double SHIFT_X = 0.3183098861837907;
    private static final double SHIFT_Y = 0.2718281828459045;

    private final double ra;
    private final double dec;
    private final double size;
    private final double originX;
    private final double originY;
    // The tangent point t and the east (e) and north (n) directions there, as unit vectors.
    private final double tx;
    private final double ty;
    private final double tz;
    private final double ex;
    private final double ey;
    private final double nx;
    private final double ny;
    private final double nz;

    /**
     * @param ra the tangent point, degrees
     * @param dec the tangent point, degrees (the poles included: east is then taken at {@code ra})
     * @param size the circumradius of level 0's hexagons, plane units
     * @param originX where the grids are shifted to on the plane, plane units
     * @param originY where the grids are shifted to on the plane, plane units
     */
    HexGrid(double ra, double dec, double size, double originX, double originY) {
        if (!(size > 0 && Double.isFinite(size))) {
            throw new IllegalArgumentException("Invalid hexagon size " + size + ": expected a positive size");
        }
        this.ra = ra;
        this.dec = dec;
        this.size = size;
        this.originX = originX;
        this.originY = originY;
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double ca = StrictMath.cos(a);
        double sa = StrictMath.sin(a);
        double cd = StrictMath.cos(d);
        double sd = StrictMath.sin(d);
        tx = cd * ca;
        ty = cd * sa;
        tz = sd;
        ex = -sa;
        ey = ca;
        nx = -sd * ca;
        ny = -sd * sa;
        nz = cd;
    }

    double ra() {
        return ra;
    }

    double dec() {
        return dec;
    }

    double size() {
        return size;
    }

    double originX() {
        return originX;
    }

    double originY() {
        return originY;
    }

    /** The circumradius of level {@code level}'s hexagons, plane units. */
    double size(int level) {
        return Math.scalb(size, -level);
    }

    /**
     * The plane coordinates {@code {x, y}} of a point of the sky, or null for a point 90 degrees or more from
     * the tangent point (it has none).
     */
    double[] project(double pra, double pdec) {
        double a = Math.toRadians(pra);
        double d = Math.toRadians(pdec);
        double cd = StrictMath.cos(d);
        double px = cd * StrictMath.cos(a);
        double py = cd * StrictMath.sin(a);
        double pz = StrictMath.sin(d);
        double w = px * tx + py * ty + pz * tz;
        if (!(w > 0)) {
            return null;
        }
        return new double[] {(px * ex + py * ey) / w, (px * nx + py * ny + pz * nz) / w};
    }

    /** The point of the sky {@code {ra, dec}} (degrees, ra in [0, 360)) at plane coordinates {@code (x, y)}. */
    double[] sky(double x, double y) {
        double vx = tx + x * ex + y * nx;
        double vy = ty + x * ey + y * ny;
        double vz = tz + y * nz;
        double ra = Math.toDegrees(Math.atan2(vy, vx));
        double dec = Math.toDegrees(Math.atan2(vz, Math.hypot(vx, vy)));
        return new double[] {SkyMath.normalizeRa("ra", ra), Math.max(-90, Math.min(90, dec))};
    }

    /** The hexagon of level {@code level} holding the plane point: {@link #pack packed} axial coordinates. */
    long key(int level, double x, double y) {
        double s = size(level);
        double px = x - originX - SHIFT_X * s;
        double py = y - originY - SHIFT_Y * s;
        double fq = (SQRT3 / 3 * px - py / 3) / s;
        double fr = (2.0 / 3 * py) / s;
        double fs = -fq - fr;
        double q = Math.rint(fq);
        double r = Math.rint(fr);
        double t = Math.rint(fs);
        double dq = Math.abs(q - fq);
        double dr = Math.abs(r - fr);
        double dt = Math.abs(t - fs);
        if (dq > dr && dq > dt) {
            q = -r - t;
        } else if (dr > dt) {
            r = -q - t;
        }
        return pack((int) q, (int) r);
    }

    static long pack(int q, int r) {
        return ((long) q << 32) | (r & 0xffffffffL);
    }

    static int q(long key) {
        return (int) (key >> 32);
    }

    static int r(long key) {
        return (int) key;
    }

    /** The centre {@code {x, y}} of a hexagon. */
    double[] center(int level, long key) {
        double s = size(level);
        int q = q(key);
        int r = r(key);
        return new double[] {
            s * (SQRT3 * q + SQRT3 / 2 * r) + SHIFT_X * s + originX, s * 1.5 * r + SHIFT_Y * s + originY
        };
    }

    /**
     * The corners of a hexagon, counter-clockwise, its circumradius enlarged by {@code grow} (a relative
     * margin against rounding: the polygon then holds every point whose {@link #key} is this hexagon's).
     */
    double[][] hexagon(int level, long key, double grow) {
        double[] c = center(level, key);
        double s = size(level) * (1 + grow);
        double[][] out = new double[6][];
        for (int k = 0; k < 6; k++) {
            double angle = Math.toRadians(30 + 60 * k);
            out[k] = new double[] {c[0] + s * Math.cos(angle), c[1] + s * Math.sin(angle)};
        }
        return out;
    }

    /** The keys of the hexagons of a level that may meet the plane box (a superset). */
    List<Long> keysIn(int level, double xmin, double xmax, double ymin, double ymax) {
        double s = size(level);
        double ox = SHIFT_X * s + originX;
        double oy = SHIFT_Y * s + originY;
        long r0 = (long) Math.floor((ymin - oy - s) / (1.5 * s)) - 1;
        long r1 = (long) Math.ceil((ymax - oy + s) / (1.5 * s)) + 1;
        List<Long> keys = new ArrayList<>();
        for (long r = r0; r <= r1; r++) {
            long q0 = (long) Math.floor((xmin - ox - s) / (SQRT3 * s) - r / 2.0) - 1;
            long q1 = (long) Math.ceil((xmax - ox + s) / (SQRT3 * s) - r / 2.0) + 1;
            for (long q = q0; q <= q1; q++) {
                keys.add(pack((int) q, (int) r));
            }
        }
        return keys;
    }

    /**
     * The part of a convex polygon inside another (both counter-clockwise), counter-clockwise, or an empty
     * array when they do not meet (Sutherland-Hodgman: each edge of {@code clip} keeps the points on its left).
     */
    static double[][] clip(double[][] subject, double[][] clip) {
        List<double[]> out = new ArrayList<>(List.of(subject));
        for (int i = 0; i < clip.length && !out.isEmpty(); i++) {
            double[] a = clip[i];
            double[] b = clip[(i + 1) % clip.length];
            List<double[]> in = out;
            out = new ArrayList<>();
            for (int j = 0; j < in.size(); j++) {
                double[] p = in.get(j);
                double[] q = in.get((j + 1) % in.size());
                double sp = side(a, b, p);
                double sq = side(a, b, q);
                if (sp >= 0) {
                    out.add(p);
                }
                if ((sp >= 0) != (sq >= 0)) {
                    double t = sp / (sp - sq);
                    out.add(new double[] {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])});
                }
            }
        }
        return out.toArray(new double[0][]);
    }

    private static double side(double[] a, double[] b, double[] p) {
        return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    }

    /** The regular polygon of {@code sides} corners, counter-clockwise, holding the disk of {@code radius}. */
    static double[][] around(double radius, int sides) {
        double r = radius / Math.cos(Math.PI / sides) * (1 + 1e-9);
        double[][] out = new double[sides][];
        for (int k = 0; k < sides; k++) {
            double angle = 2 * Math.PI * k / sides;
            out[k] = new double[] {r * Math.cos(angle), r * Math.sin(angle)};
        }
        return out;
    }

    /**
     * The smallest circle of the plane {@code {x, y, r}} holding the points (Welzl's incremental form). Only
     * its centre is used, as the centre of a piece's cone; the cone's radius is measured on the sky.
     */
    static double[] enclosingCircle(List<double[]> points) {
        double[] c = {points.get(0)[0], points.get(0)[1], 0};
        for (int i = 1; i < points.size(); i++) {
            double[] p = points.get(i);
            if (!inside(c, p)) {
                c = new double[] {p[0], p[1], 0};
                for (int j = 0; j < i; j++) {
                    double[] q = points.get(j);
                    if (!inside(c, q)) {
                        c = diameter(p, q);
                        for (int k = 0; k < j; k++) {
                            double[] o = points.get(k);
                            if (!inside(c, o)) {
                                c = circumcircle(p, q, o);
                            }
                        }
                    }
                }
            }
        }
        return c;
    }

    private static boolean inside(double[] c, double[] p) {
        return Math.hypot(p[0] - c[0], p[1] - c[1]) <= c[2] * (1 + 1e-12) + 1e-15;
    }

    private static double[] diameter(double[] a, double[] b) {
        return new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, Math.hypot(a[0] - b[0], a[1] - b[1]) / 2};
    }

    private static double[] circumcircle(double[] a, double[] b, double[] c) {
        double bx = b[0] - a[0];
        double by = b[1] - a[1];
        double cx = c[0] - a[0];
        double cy = c[1] - a[1];
        double d = 2 * (bx * cy - by * cx);
        if (Math.abs(d) < 1e-300) {
            double[] ab = diameter(a, b);
            double[] ac = diameter(a, c);
            double[] bc = diameter(b, c);
            return ab[2] >= ac[2] && ab[2] >= bc[2] ? ab : ac[2] >= bc[2] ? ac : bc;
        }
        double ux = (cy * (bx * bx + by * by) - by * (cx * cx + cy * cy)) / d;
        double uy = (bx * (cx * cx + cy * cy) - cx * (bx * bx + by * by)) / d;
        return new double[] {a[0] + ux, a[1] + uy, Math.hypot(ux, uy)};
    }

    /** The area of a polygon given counter-clockwise. */
    static double area(double[][] polygon) {
        double sum = 0;
        for (int i = 0; i < polygon.length; i++) {
            double[] p = polygon[i];
            double[] q = polygon[(i + 1) % polygon.length];
            sum += p[0] * q[1] - q[0] * p[1];
        }
        return sum / 2;
    }
}
