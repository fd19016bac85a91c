package org.mastspark.connector.crossmatch;

import java.io.Serializable;
import java.util.Arrays;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;

/**
 * Which HEALPix cell each row of a cross-match meets in: the join key of the shuffle join.
 *
 * <p>Cells are nested HEALPix cells at a base order, except the dense base cells (those a density sample
 * found crowded), which are split into their descendants at a finer order. A left row goes to the one cell
 * that contains it; a right row goes to every cell its disc of the match radius may touch. So a pair within
 * the radius meets in exactly one cell, the left row's, and no de-duplication is needed. A cell is keyed by
 * its first descendant at order 29, so keys of different orders never collide.
 *
 * <p>Immutable and serializable: it travels to the executors inside the key functions.
 */
final class CellPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Below this order the disc coverage always descends from the base cells (cells are large). */
    private static final int FAST_PATH_MIN_ORDER = 8;

    /** Beyond this |dec| the fast path's straight-edge approximation is not trusted (curved polar edges). */
    private static final double FAST_PATH_MAX_ABS_DEC = 80.0;

    private final int baseOrder;
    private final int denseOrder;
    private final long[] denseCells;
    private final double radiusDeg;

    /**
     * @param baseOrder the order of ordinary cells
     * @param denseOrder the order dense base cells are split to ({@code >= baseOrder})
     * @param denseCells the dense base cells (any order; sorted and copied here)
     * @param radiusDeg the match radius in degrees
     */
    CellPlan(int baseOrder, int denseOrder, long[] denseCells, double radiusDeg) {
        this.baseOrder = baseOrder;
        this.denseOrder = Math.max(baseOrder, denseOrder);
        long[] d = denseCells.clone();
        Arrays.sort(d);
        this.denseCells = this.denseOrder == baseOrder ? new long[0] : d;
        this.radiusDeg = radiusDeg;
    }

    int baseOrder() {
        return baseOrder;
    }

    int denseOrder() {
        return denseOrder;
    }

    int denseCellCount() {
        return denseCells.length;
    }

    /** The nominal width, in degrees, of a cell at {@code order}: the square root of its area. */
    static double cellWidthDeg(int order) {
        return Math.toDegrees(Math.sqrt(4 * Math.PI / (12.0 * Math.pow(4, order))));
    }

    /** The finest order whose cells are at least {@code factor} times wider than {@code radiusDeg}. */
    static int orderForRadius(double radiusDeg, double factor) {
        int order = 0;
        while (order < Healpix.MAX_ORDER && cellWidthDeg(order + 1) >= factor * radiusDeg) {
            order++;
        }
        return order;
    }

    private boolean dense(long baseCell) {
        return denseCells.length > 0 && Arrays.binarySearch(denseCells, baseCell) >= 0;
    }

    private static long key(int order, long cell) {
        return cell << (2 * (Healpix.MAX_ORDER - order));
    }

    /** The key of the cell containing a position (degrees, already checked). */
    long leftKey(double ra, double dec) {
        long base = Healpix.nest(baseOrder, ra, dec);
        if (dense(base)) {
            return key(denseOrder, Healpix.nest(denseOrder, ra, dec));
        }
        return key(baseOrder, base);
    }

    /** The keys of every cell the disc of the match radius around a position may touch. */
    long[] rightKeys(double ra, double dec) {
        long[] base = discCells(baseOrder, ra, dec);
        boolean anyDense = false;
        for (long c : base) {
            anyDense |= dense(c);
        }
        if (!anyDense) {
            long[] keys = new long[base.length];
            for (int i = 0; i < base.length; i++) {
                keys[i] = key(baseOrder, base[i]);
            }
            return keys;
        }
        long[] fine = discCells(denseOrder, ra, dec);
        long[] keys = new long[base.length + fine.length];
        int n = 0;
        for (long c : base) {
            if (!dense(c)) {
                keys[n++] = key(baseOrder, c);
            }
        }
        int shift = 2 * (denseOrder - baseOrder);
        for (long c : fine) {
            if (dense(c >>> shift)) {
                keys[n++] = key(denseOrder, c);
            }
        }
        return Arrays.copyOf(keys, n);
    }

    /**
     * The neighbour across each edge of a cell, as indices into {@link Healpix#neighbours}: the edge from
     * vertex i to vertex i + 1 (south-east, north-east, north-west, south-west of the face) lies on the
     * neighbour at (x, y - 1), (x + 1, y), (x, y + 1), (x - 1, y).
     */
    private static final int[] ACROSS_EDGE = {1, 4, 6, 3};

    /** The neighbour beyond the corner between edge i and edge i + 1: at (x+1, y-1), (x+1, y+1), (x-1, y+1), (x-1, y-1). */
    private static final int[] BEYOND_CORNER = {2, 7, 5, 0};

    /**
     * The cells at {@code order} that the disc may touch: never misses one, may add a neighbour the disc
     * only comes close to.
     *
     * <p>Fine orders inside a base face and away from the poles (nearly every row) take a fast path: a cell's
     * edges there are within far less than 2% of their length of the great circles through their end points,
     * and the grid lines run on smoothly through the corners, so the disc reaches the neighbour across an edge
     * only if it comes within the radius (plus that 2%) of the edge's great circle, and the diagonal neighbour
     * beyond a corner only if it does so for both edges of the corner. Elsewhere (coarse orders, cells on a
     * base face's border, within 10 degrees of a pole) a disc wholly inside its own cell ({@link
     * Healpix#coneWithinCell}) keeps that cell alone, and otherwise each neighbour is tested with {@link
     * Healpix#mayIntersectCone}.
     */
    long[] discCells(int order, double ra, double dec) {
        if (order < FAST_PATH_MIN_ORDER) {
            return Healpix.coneCoverage(order, ra, dec, radiusDeg);
        }
        long own = Healpix.nest(order, ra, dec);
        long[] around = Healpix.neighbours(order, own);
        long face = own >>> (2 * order);
        boolean inside = Math.abs(dec) <= FAST_PATH_MAX_ABS_DEC;
        for (long c : around) {
            inside &= c >= 0 && (c >>> (2 * order)) == face;
        }
        long[] out = new long[9];
        int n = 0;
        out[n++] = own;
        if (!inside) {
            // most such discs lie inside their own cell: one border test instead of one per neighbour
            if (Healpix.coneWithinCell(order, own, ra, dec, radiusDeg)) {
                return new long[] {own};
            }
            double[] p = SkyMath.unitVector(ra, dec);
            for (long c : around) {
                if (c >= 0 && mayReach(order, c, p) && Healpix.mayIntersectCone(order, c, ra, dec, radiusDeg)) {
                    out[n++] = c;
                }
            }
            return Arrays.copyOf(out, n);
        }
        boolean[] near = nearEdges(order, own, ra, dec);
        for (int i = 0; i < 4; i++) {
            if (near[i]) {
                out[n++] = around[ACROSS_EDGE[i]];
                if (near[(i + 1) % 4]) {
                    out[n++] = around[BEYOND_CORNER[i]];
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * A cheap first test of a neighbour (order 8 and finer): whether the disc can reach the cone around the cell's
     * centre through its farthest vertex, widened by 10% (a cell's edges bulge out from its vertices by far less
     * at these orders). Most neighbours fail it, sparing {@link Healpix#mayIntersectCone}'s sampled border.
     */
    private boolean mayReach(int order, long cell, double[] p) {
        double[] c = Healpix.center(order, cell);
        double[] cu = SkyMath.unitVector(c[0], c[1]);
        double reach = 0;
        for (double[] v : Healpix.vertices(order, cell)) {
            reach = Math.max(reach, angleDeg(cu, SkyMath.unitVector(v[0], v[1])));
        }
        return angleDeg(p, cu) <= radiusDeg + 1.1 * reach + 1e-9;
    }

    private static double angleDeg(double[] a, double[] b) {
        double cx = a[1] * b[2] - a[2] * b[1];
        double cy = a[2] * b[0] - a[0] * b[2];
        double cz = a[0] * b[1] - a[1] * b[0];
        return Math.toDegrees(
                Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
    }

    /** For each edge of the cell, whether the disc comes within reach of the great circle through it. */
    private boolean[] nearEdges(int order, long cell, double ra, double dec) {
        double[][] v = Healpix.vertices(order, cell);
        double[][] u = new double[4][];
        for (int i = 0; i < 4; i++) {
            u[i] = SkyMath.unitVector(v[i][0], v[i][1]);
        }
        double[] p = SkyMath.unitVector(ra, dec);
        boolean[] near = new boolean[4];
        for (int i = 0; i < 4; i++) {
            double[] a = u[i];
            double[] b = u[(i + 1) % 4];
            double nx = a[1] * b[2] - a[2] * b[1];
            double ny = a[2] * b[0] - a[0] * b[2];
            double nz = a[0] * b[1] - a[1] * b[0];
            double norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
            double edgeDeg = Math.toDegrees(Math.asin(Math.min(1.0, norm)));
            double toCircleDeg =
                    Math.toDegrees(Math.asin(Math.min(1.0, Math.abs(p[0] * nx + p[1] * ny + p[2] * nz) / norm)));
            near[i] = toCircleDeg <= radiusDeg + 0.02 * edgeDeg + 1e-9;
        }
        return near;
    }

    @Override
    public String toString() {
        return "HEALPix order " + baseOrder
                + (denseCells.length == 0
                        ? ""
                        : " (" + denseCells.length + " dense cells at order " + denseOrder + ")");
    }
}
