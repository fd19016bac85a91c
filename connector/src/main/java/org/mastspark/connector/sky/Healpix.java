package org.mastspark.connector.sky;

import java.util.Arrays;

/**
 * Nested-scheme HEALPix (Górski et al. 2005, ApJ 622, 759) for orders 0 to 29, where {@code nside =
 * 2^order} and a cell index lies in {@code 0 .. 12 * 4^order - 1}.
 *
 * <p>A cell is identified by its base face {@code f} (0-3 north polar, 4-7 equatorial, 8-11 south
 * polar) and its integer position {@code (x, y)} inside the face, {@code x} growing towards the
 * face's north-east edge and {@code y} towards its north-west edge; the nested index is {@code f *
 * 4^order} plus the bits of {@code x} (even positions) and {@code y} (odd positions) interleaved. A
 * cell's index at a coarser order is therefore its index shifted right by two bits per order.
 *
 * <p>Coordinates are ICRS-agnostic right ascension and declination in degrees: right ascension may
 * be any finite value and is wrapped into {@code [0, 360)}; declination must lie in {@code [-90,
 * 90]}. A point on a cell boundary is assigned to exactly one cell, by the rounding-down
 * convention of the Górski et al. algorithm; CDS healpix-java
 * breaks some of these ties the other way (for example {@code (0, 0)} at order 1). Right ascension
 * {@code -0.0} and {@code 360} are the same as {@code 0}.
 *
 * <p>All methods are static, pure and thread-safe. Every method throws {@link
 * IllegalArgumentException} for an order outside 0..29, a cell outside {@code 0 .. 12*4^order - 1},
 * a non-finite coordinate or a declination outside [-90, 90].
 */
public final class Healpix {
    /** The deepest supported order: at 29 a cell is about 0.4 milliarcseconds across. */
    public static final int MAX_ORDER = 29;

    /**
     * The largest number of cells {@link #coneCoverage} returns; beyond it the call fails and asks for
     * a lower order, since such a list would not fit comfortably in memory.
     */
    public static final int MAX_COVERAGE_CELLS = 10_000_000;

    private static final double TWO_THIRDS = 2.0 / 3.0;
    private static final double SQRT6 = Math.sqrt(6.0);

    /**
     * The order of the eight neighbours returned by {@link #neighbours}, as directions in the cell's
     * own face frame: south, south-east, east, south-west, north-east, west, north-west, north.
     */
    private static final int[] NEIGHBOUR_DX = {-1, 0, 1, -1, 1, -1, 0, 1};

    private static final int[] NEIGHBOUR_DY = {-1, -1, -1, 0, 0, 1, 1, 1};

    private Healpix() {}

    /** {@code 2^order}, the number of cells along a base face's side. */
    public static long nside(int order) {
        checkOrder("order", order);
        return 1L << order;
    }

    /** {@code 12 * 4^order}, the number of cells covering the sphere at this order. */
    public static long cellCount(int order) {
        checkOrder("order", order);
        return 12L << (2 * order);
    }

    /**
     * The nested index of the cell containing the point {@code (raDeg, decDeg)} at {@code order}.
     *
     * @param order 0 to 29
     * @param raDeg right ascension in degrees, any finite value (wrapped into [0, 360))
     * @param decDeg declination in degrees, -90 to 90
     */
    public static long nest(int order, double raDeg, double decDeg) {
        checkOrder("order", order);
        double ra = SkyMath.normalizeRa("raDeg", raDeg);
        SkyMath.checkDec("decDeg", decDeg);
        long nside = 1L << order;
        long mask = nside - 1;
        // tt is the right ascension in units of 90 degrees, in [0, 4).
        double tt = ra / 90.0;
        if (tt >= 4.0) {
            tt -= 4.0;
        }
        double z = Math.sin(Math.toRadians(decDeg));
        double za = Math.abs(z);
        int face;
        long ix;
        long iy;
        if (za <= TWO_THIRDS) {
            // Equatorial belt: the cell edges are the lines jp = const and jm = const.
            double t1 = nside * (0.5 + tt);
            double t2 = nside * (z * 0.75);
            long jp = (long) (t1 - t2);
            long jm = (long) (t1 + t2);
            long ifp = jp >> order;
            long ifm = jm >> order;
            if (ifp == ifm) {
                face = (int) (ifp | 4);
            } else if (ifp < ifm) {
                face = (int) ifp;
            } else {
                face = (int) (ifm + 8);
            }
            ix = jm & mask;
            iy = nside - (jp & mask) - 1;
        } else {
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            // sqrt(3 (1 - |z|)) written through the colatitude, which keeps full precision next to the
            // poles where 1 - |z| would cancel.
            double colat = Math.toRadians(90.0 - Math.abs(decDeg));
            double tmp = nside * (SQRT6 * Math.sin(colat / 2.0));
            long jp = Math.min(mask, (long) (tp * tmp));
            long jm = Math.min(mask, (long) ((1.0 - tp) * tmp));
            if (z >= 0) {
                face = ntt;
                ix = mask - jm;
                iy = mask - jp;
            } else {
                face = ntt + 8;
                ix = jp;
                iy = jm;
            }
        }
        return toNest(order, face, ix, iy);
    }

    /**
     * The centre of a cell, {@code {ra, dec}} in degrees, ra in [0, 360).
     *
     * @param order 0 to 29
     * @param cell 0 to {@code 12 * 4^order - 1}
     */
    public static double[] center(int order, long cell) {
        checkCell(order, cell);
        return facePoint(order, cell, 0.5, 0.5);
    }

    /**
     * The four corners of a cell, in the order south, east, north, west, each {@code {ra, dec}} in
     * degrees with ra in [0, 360). A corner at a pole has ra set to the centre of its base face's
     * longitude range.
     *
     * @param order 0 to 29
     * @param cell 0 to {@code 12 * 4^order - 1}
     */
    public static double[][] vertices(int order, long cell) {
        checkCell(order, cell);
        return new double[][] {
            facePoint(order, cell, 0, 0),
            facePoint(order, cell, 1, 0),
            facePoint(order, cell, 1, 1),
            facePoint(order, cell, 0, 1)
        };
    }

    /**
     * The eight cells around {@code cell} at the same order, in the order south, south-east, east,
     * south-west, north-east, west, north-west, north. The directions are those of the cell's own
     * base face (its diagonal through the south and north corners runs along a meridian only in the
     * equatorial faces). The result is {@code -1} in a direction where no cell exists: across the
     * eight points where only three base faces meet (the east and west corners of the polar faces, at
     * declination ±41.81°), so a cell has at most one {@code -1} (two for a base face at order 0).
     * Across a pole, the north (or south) neighbour is the diagonally opposite cell.
     *
     * @param order 0 to 29
     * @param cell 0 to {@code 12 * 4^order - 1}
     */
    public static long[] neighbours(int order, long cell) {
        checkCell(order, cell);
        long nside = 1L << order;
        int face = (int) (cell >>> (2 * order));
        long xy = cell & ((1L << (2 * order)) - 1);
        long x = compact(xy);
        long y = compact(xy >>> 1);
        long[] result = new long[8];
        for (int i = 0; i < 8; i++) {
            result[i] = neighbour(order, nside, face, x + NEIGHBOUR_DX[i], y + NEIGHBOUR_DY[i]);
        }
        return result;
    }

    /**
     * The cell containing {@code cell} at the coarser {@code parentOrder}: {@code cell >> 2 * (order -
     * parentOrder)}.
     *
     * @param parentOrder 0 to {@code order}
     */
    public static long parent(int order, long cell, int parentOrder) {
        checkCell(order, cell);
        if (parentOrder < 0 || parentOrder > order) {
            throw new IllegalArgumentException(
                    "Invalid value " + parentOrder + " for 'parentOrder': expected 0 to the cell's order " + order);
        }
        return cell >>> (2 * (order - parentOrder));
    }

    /**
     * The four cells at {@code order + 1} that make up {@code cell}, ascending.
     *
     * @param order 0 to 28
     */
    public static long[] children(int order, long cell) {
        checkCell(order, cell);
        if (order == MAX_ORDER) {
            throw new IllegalArgumentException(
                    "Invalid value 29 for 'order': a cell at the deepest order 29 has no children; expected 0 to 28");
        }
        long first = cell << 2;
        return new long[] {first, first + 1, first + 2, first + 3};
    }

    /**
     * Every cell at {@code order} that has at least one point within {@code radiusDeg} of {@code
     * (raDeg, decDeg)}, ascending and without duplicates.
     *
     * <p>The result is conservative: no intersecting cell is ever missing, but a few cells along the
     * rim of the cone that come close to it without touching it may be included (a cell is kept when
     * its centre lies within the radius plus an upper bound of the cell's own radius). Callers that
     * need exact membership filter the points of each cell with {@link SkyMath#inCone}.
     *
     * @param order 0 to 29
     * @param raDeg right ascension of the cone's centre in degrees, any finite value
     * @param decDeg declination of the cone's centre in degrees, -90 to 90
     * @param radiusDeg the cone's radius in degrees, 0 to 180 (0 gives the cell containing the
     *     centre, possibly with its neighbours if the centre lies on a boundary)
     * @throws IllegalArgumentException also when more than {@link #MAX_COVERAGE_CELLS} cells would be
     *     returned
     */
    public static long[] coneCoverage(int order, double raDeg, double decDeg, double radiusDeg) {
        checkOrder("order", order);
        double ra = SkyMath.normalizeRa("raDeg", raDeg);
        SkyMath.checkDec("decDeg", decDeg);
        if (!(radiusDeg >= 0 && radiusDeg <= 180)) {
            throw new IllegalArgumentException(
                    "Invalid value " + radiusDeg + " for 'radiusDeg': expected a radius from 0 to 180 degrees");
        }
        if (radiusDeg >= 180) {
            checkCoverageSize(order, radiusDeg, cellCount(order));
            long[] all = new long[(int) cellCount(order)];
            Arrays.setAll(all, i -> i);
            return all;
        }
        // The coverage holds at least the cone's area in cells: reject hopeless calls before working.
        double coneCells = (1 - Math.cos(Math.toRadians(radiusDeg))) / 2 * cellCount(order);
        checkCoverageSize(order, radiusDeg, (long) Math.min(Long.MAX_VALUE, coneCells));
        LongList out = new LongList();
        for (long base = 0; base < 12; base++) {
            cover(0, base, order, ra, decDeg, radiusDeg, out);
        }
        long[] cells = out.toArray();
        Arrays.sort(cells);
        return cells;
    }

    private static void cover(int k, long cell, int order, double ra, double dec, double radius, LongList out) {
        double[] c = facePoint(k, cell, 0.5, 0.5);
        double d = SkyMath.angularDistanceDeg(ra, dec, c[0], c[1]);
        if (d > radius + cellRadiusBound(k, cell, c)) {
            return;
        }
        if (k == order) {
            out.add(cell);
            if (out.size() > MAX_COVERAGE_CELLS) {
                checkCoverageSize(order, radius, out.size());
            }
            return;
        }
        long first = cell << 2;
        for (int i = 0; i < 4; i++) {
            cover(k + 1, first + i, order, ra, dec, radius, out);
        }
    }

    /**
     * An upper bound, in degrees, of the distance from a cell's centre to any of its points: the
     * largest distance to the corners and to three points along each edge, with a 10% margin (plus
     * 1e-9 degrees against rounding) for the bulge of the curved edges between the sampled points.
     */
    private static double cellRadiusBound(int order, long cell, double[] center) {
        double max = 0;
        for (int e = 0; e < 4; e++) {
            for (int s = 0; s < 4; s++) {
                double t = s / 4.0;
                double u;
                double v;
                switch (e) {
                    case 0 -> {
                        u = t;
                        v = 0;
                    }
                    case 1 -> {
                        u = 1;
                        v = t;
                    }
                    case 2 -> {
                        u = 1 - t;
                        v = 1;
                    }
                    default -> {
                        u = 0;
                        v = 1 - t;
                    }
                }
                double[] p = facePoint(order, cell, u, v);
                max = Math.max(max, SkyMath.angularDistanceDeg(center[0], center[1], p[0], p[1]));
            }
        }
        return max * 1.1 + 1e-9;
    }

    /**
     * The radius, in degrees, of a cone around the cell's {@link #center} that holds every point of the
     * cell: the cell's circumscribing cone. A HEALPix cell's edges are not great circles, so the radius
     * is the largest distance from the centre to {@value #EDGE_SAMPLES} points along each edge (corners
     * included), enlarged by 0.1% and 1e-9 degrees: between two samples an edge bulges outwards by far
     * less than that (the bound is checked in the tests against points placed in the cell at random and
     * along its borders).
     *
     * @param order 0 to 29
     * @param cell 0 to {@code 12 * 4^order - 1}
     */
    public static double circumscribingRadius(int order, long cell) {
        checkCell(order, cell);
        double[] c = facePoint(order, cell, 0.5, 0.5);
        double max = 0;
        for (int e = 0; e < 4; e++) {
            for (int s = 0; s < EDGE_SAMPLES; s++) {
                double t = s / (double) EDGE_SAMPLES;
                double u = e == 0 ? t : e == 1 ? 1 : e == 2 ? 1 - t : 0;
                double v = e == 0 ? 0 : e == 1 ? t : e == 2 ? 1 : 1 - t;
                double[] p = facePoint(order, cell, u, v);
                max = Math.max(max, SkyMath.angularDistanceDeg(c[0], c[1], p[0], p[1]));
            }
        }
        return Math.min(180, max * 1.001 + 1e-9);
    }

    private static final int EDGE_SAMPLES = 16;

    /**
     * Whether a cell may share a point with the cone of {@code radiusDeg} around {@code (raDeg, decDeg)}:
     * false only when no point of the cell lies in the cone, and true for all but a thin rim of cells that
     * come close to the cone without touching it (far fewer than a test of the cell's circumscribing cone
     * keeps).
     *
     * <p>A cell meets the cone when the cone's centre lies in the cell, or else when its border comes
     * within the radius (the great-circle arc from the centre to a point of the cell in the cone crosses
     * the border inside the cone). The border is sampled at {@value #EDGE_SAMPLES} points per edge; a point
     * between two samples is no farther from the nearer one than half the edge between them, which is
     * taken as 0.505 of their chord (a sixteenth of an edge is curved far less than that) plus 1e-9
     * degrees.
     *
     * @param order 0 to 29
     * @param cell 0 to {@code 12 * 4^order - 1}
     * @param radiusDeg 0 to 180
     */
    public static boolean mayIntersectCone(int order, long cell, double raDeg, double decDeg, double radiusDeg) {
        checkCell(order, cell);
        if (!(radiusDeg >= 0 && radiusDeg <= 180)) {
            throw new IllegalArgumentException(
                    "Invalid value " + radiusDeg + " for 'radiusDeg': expected a radius from 0 to 180 degrees");
        }
        if (nest(order, raDeg, decDeg) == cell) {
            return true;
        }
        return borderWithin(order, cell, raDeg, decDeg, radiusDeg);
    }

    /**
     * Whether the cone of {@code radiusDeg} around a position inside {@code cell} lies wholly inside the cell:
     * true only when its border stays farther than the radius from every sampled point of the cell's border
     * (the same sampling and bound as {@link #mayIntersectCone}), so that no neighbouring cell can meet the cone.
     *
     * @param order 0 to 29
     * @param cell the cell that contains {@code (raDeg, decDeg)}
     * @param radiusDeg 0 to 180
     */
    public static boolean coneWithinCell(int order, long cell, double raDeg, double decDeg, double radiusDeg) {
        checkCell(order, cell);
        return !borderWithin(order, cell, raDeg, decDeg, radiusDeg);
    }

    /** Whether some point of the cell's (sampled) border may lie within the radius of the position. */
    private static boolean borderWithin(int order, long cell, double raDeg, double decDeg, double radiusDeg) {
        // Angles from unit vectors (atan2 of the cross and dot products: accurate at every separation), which
        // costs a fraction of SkyMath.angularDistanceDeg's range checks and exact reductions: this runs for
        // every row near a pole or a base-face border in a cross-match.
        int n = 4 * EDGE_SAMPLES;
        double[] p = SkyMath.unitVector(raDeg, decDeg);
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] zs = new double[n];
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            int e = i / EDGE_SAMPLES;
            double t = (i % EDGE_SAMPLES) / (double) EDGE_SAMPLES;
            double u = e == 0 ? t : e == 1 ? 1 : e == 2 ? 1 - t : 0;
            double v = e == 0 ? 0 : e == 1 ? t : e == 2 ? 1 : 1 - t;
            double[] b = facePoint(order, cell, u, v);
            double[] q = SkyMath.unitVector(b[0], b[1]);
            xs[i] = q[0];
            ys[i] = q[1];
            zs[i] = q[2];
            distance[i] = angleDeg(p[0], p[1], p[2], q[0], q[1], q[2]);
        }
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double near = Math.min(distance[i], distance[j]);
            if (near - 1e-9 <= radiusDeg) {
                return true;
            }
            double chord = angleDeg(xs[i], ys[i], zs[i], xs[j], ys[j], zs[j]);
            if (near - 0.505 * chord - 1e-9 <= radiusDeg) {
                return true;
            }
        }
        return false;
    }

    /** The angle between two unit vectors, in degrees. */
    private static double angleDeg(double ax, double ay, double az, double bx, double by, double bz) {
        double cx = ay * bz - az * by;
        double cy = az * bx - ax * bz;
        double cz = ax * by - ay * bx;
        return Math.toDegrees(Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz));
    }

    private static void checkCoverageSize(int order, double radius, long count) {
        if (count > MAX_COVERAGE_CELLS) {
            throw new IllegalArgumentException("Invalid value " + order + " for 'order': a cone of radius " + radius
                    + " degrees covers more than " + MAX_COVERAGE_CELLS
                    + " cells at this order; expected a lower order or a smaller radius");
        }
    }

    /**
     * The sky position of the point {@code (x + u, y + v)} of a cell, where {@code u, v} in [0, 1] are
     * fractions of the cell's side; goes through the HEALPix projection plane (Calabretta &amp;
     * Roukema 2007), in which a base face is a square rotated by 45 degrees with unit half-diagonal
     * (in units of 45 degrees of longitude).
     */
    private static double[] facePoint(int order, long cell, double u, double v) {
        long nside = 1L << order;
        int face = (int) (cell >>> (2 * order));
        long xy = cell & ((1L << (2 * order)) - 1);
        long x = compact(xy);
        long y = compact(xy >>> 1);
        int row = face >> 2;
        int col = face & 3;
        // Centre of the face in the projection plane: X in units of 45 degrees, Y = 1 at z = 2/3.
        int xc = row == 1 ? 2 * col : 2 * col + 1;
        int yc = 1 - row;
        // Sums of small integers and quarters are exact in double, so so are these offsets.
        double dx = ((x - y) + (u - v)) / nside;
        double yy = yc + ((x + y - nside) + (u + v)) / nside;
        double raDeg;
        double decDeg;
        if (Math.abs(yy) <= 1.0) {
            raDeg = 45.0 * (xc + dx);
            decDeg = Math.toDegrees(Math.asin(yy * TWO_THIRDS));
        } else {
            double sigma = 2.0 - Math.abs(yy);
            raDeg = sigma == 0 ? 45.0 * xc : 45.0 * (xc + dx / sigma);
            // 1 - |z| = sigma^2 / 3 exactly; building cos(dec) from it avoids asin's loss near |z| = 1.
            double oneMinusZ = sigma * sigma / 3.0;
            double cosDec = Math.sqrt(oneMinusZ * (2.0 - oneMinusZ));
            decDeg = Math.toDegrees(Math.atan2(1.0 - oneMinusZ, cosDec));
            if (yy < 0) {
                decDeg = -decDeg;
            }
        }
        return new double[] {SkyMath.normalizeRa("ra", raDeg), decDeg};
    }

    /**
     * The cell at extended face coordinates {@code (x, y)}, each within one step outside {@code [0,
     * nside)}, carried across the face's edge or corner into the adjacent face, or -1 where no cell
     * exists (a corner where only three base faces meet).
     */
    private static long neighbour(int order, long n, int face, long x, long y) {
        boolean xIn = x >= 0 && x < n;
        boolean yIn = y >= 0 && y < n;
        if (xIn && yIn) {
            return toNest(order, face, x, y);
        }
        int row = face >> 2;
        int col = face & 3;
        int east = (col + 1) & 3;
        int west = (col + 3) & 3;
        if (!xIn && !yIn) {
            boolean north = x == n && y == n;
            boolean south = x < 0 && y < 0;
            boolean eastCorner = x == n && y < 0;
            boolean westCorner = x < 0 && y == n;
            if (row == 0) {
                if (north) { // across the north pole, the diagonally opposite polar face
                    return toNest(order, (col + 2) & 3, n - 1, n - 1);
                }
                if (south) { // four faces meet: the south polar face below
                    return toNest(order, 8 + col, n - 1, n - 1);
                }
                return -1;
            }
            if (row == 1) {
                if (eastCorner) {
                    return toNest(order, 4 + east, 0, n - 1);
                }
                if (westCorner) {
                    return toNest(order, 4 + west, n - 1, 0);
                }
                return -1;
            }
            if (north) {
                return toNest(order, col, 0, 0);
            }
            if (south) {
                return toNest(order, 8 + ((col + 2) & 3), 0, 0);
            }
            return -1;
        }
        // Exactly one coordinate is outside: the step crosses one edge of the face.
        if (row == 0) {
            if (x == n) { // north-east edge: the next polar face, rotated by 90 degrees about the pole
                return toNest(order, east, y, 2 * n - 1 - x);
            }
            if (y == n) { // north-west edge
                return toNest(order, west, 2 * n - 1 - y, x);
            }
            if (y < 0) { // south-east edge: equatorial face to the east
                return toNest(order, 4 + east, x, n - 1);
            }
            return toNest(order, 4 + col, n - 1, y); // south-west edge
        }
        if (row == 1) {
            if (x == n) {
                return toNest(order, col, 0, y);
            }
            if (y == n) {
                return toNest(order, west, x, 0);
            }
            if (y < 0) {
                return toNest(order, 8 + col, x, n - 1);
            }
            return toNest(order, 8 + west, n - 1, y);
        }
        if (x == n) {
            return toNest(order, 4 + east, 0, y);
        }
        if (y == n) {
            return toNest(order, 4 + col, x, 0);
        }
        if (y < 0) { // south-east edge: the next south polar face, rotated about the pole
            return toNest(order, 8 + east, -1 - y, x);
        }
        return toNest(order, 8 + west, y, -1 - x); // south-west edge
    }

    private static long toNest(int order, int face, long x, long y) {
        return ((long) face << (2 * order)) | spread(x) | (spread(y) << 1);
    }

    /** Moves bit i of the low 32 bits of {@code v} to bit 2i. */
    static long spread(long v) {
        long r = v & 0xFFFFFFFFL;
        r = (r | (r << 16)) & 0x0000FFFF0000FFFFL;
        r = (r | (r << 8)) & 0x00FF00FF00FF00FFL;
        r = (r | (r << 4)) & 0x0F0F0F0F0F0F0F0FL;
        r = (r | (r << 2)) & 0x3333333333333333L;
        r = (r | (r << 1)) & 0x5555555555555555L;
        return r;
    }

    /** The inverse of {@link #spread}: gathers the even bits of {@code v}. */
    static long compact(long v) {
        long r = v & 0x5555555555555555L;
        r = (r | (r >>> 1)) & 0x3333333333333333L;
        r = (r | (r >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        r = (r | (r >>> 4)) & 0x00FF00FF00FF00FFL;
        r = (r | (r >>> 8)) & 0x0000FFFF0000FFFFL;
        r = (r | (r >>> 16)) & 0x00000000FFFFFFFFL;
        return r;
    }

    /**
     * Checks a HEALPix order.
     *
     * @param name the argument's name, for the error message
     * @throws IllegalArgumentException naming the argument and its value if {@code order} is outside 0..29
     */
    public static void checkOrder(String name, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException(
                    "Invalid value " + order + " for '" + name + "': expected 0 to " + MAX_ORDER);
        }
    }

    static void checkCell(int order, long cell) {
        checkOrder("order", order);
        long count = 12L << (2 * order);
        if (cell < 0 || cell >= count) {
            throw new IllegalArgumentException(
                    "Invalid value " + cell + " for 'cell': expected 0 to " + (count - 1) + " at order " + order);
        }
    }

    /** A growable list of primitive longs, so large coverages do not box every cell. */
    private static final class LongList {
        private long[] values = new long[64];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
