package org.mastspark.connector.hats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators.LongColumn;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;
import org.mastspark.connector.sky.SkyRegion;

/**
 * The sky side of a HATS read: which partitions a region may touch, and within a partition which ranges of
 * the HEALPix index column ({@code _healpix_29}) it may touch, as a Parquet predicate whose row-group
 * statistics skip the rest. Both are conservative (nothing in the region is ever left out); rows outside
 * the region are removed exactly afterwards, by each row's own position.
 *
 * <p>A margin cache's partition holds rows of its neighbours, up to the margin's threshold outside its pixel:
 * the region is widened by the threshold for it, and its index ranges are not tied to the pixel.
 */
public final class HatsPixels {
    /** The most {@code _healpix_29} ranges one partition's predicate has (neighbouring ranges are merged). */
    public static final int MAX_RANGES = 64;

    /** Cells tested per partition when descending to the finer order of the index ranges. */
    private static final int MAX_CELLS = 4_096;

    private HatsPixels() {}

    /**
     * The partitions whose pixel may hold a row of the region.
     *
     * @param marginArcsec the catalog's margin threshold (0 for a catalog that is no margin cache)
     */
    public static List<HatsCatalog.Partition> intersecting(
            List<HatsCatalog.Partition> partitions, SkyRegion region, double marginArcsec) {
        SkyRegion r = widen(region, marginArcsec);
        List<HatsCatalog.Partition> out = new ArrayList<>();
        for (HatsCatalog.Partition p : partitions) {
            if (r.mayIntersectCell(p.order(), p.pixel()) || (marginArcsec > 0 && nearNeighbour(r, p))) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Whether the region may touch a neighbour of the partition's pixel. hats-import fills a margin partition
     * with the rows of margin-order cells along the pixel's border, which can lie farther from the pixel than
     * the threshold it records ({@code hats_margin_threshold}) but lie in the pixel's neighbours.
     */
    private static boolean nearNeighbour(SkyRegion r, HatsCatalog.Partition p) {
        for (long n : Healpix.neighbours(p.order(), p.pixel())) {
            if (n >= 0 && r.mayIntersectCell(p.order(), n)) {
                return true;
            }
        }
        return false;
    }

    /** The region widened by a margin (a cone around a box's bounding cone for a box). */
    static SkyRegion widen(SkyRegion region, double marginArcsec) {
        if (marginArcsec <= 0) {
            return region;
        }
        double m = marginArcsec / 3600.0;
        double[] c = region.boundingCone();
        return new SkyRegion.Cone(c[0], c[1], Math.min(180, c[2] + m));
    }

    /**
     * The ranges {@code [from, to)} of the index column, at {@code indexOrder}, that rows of the partition in
     * the region can have: the region's cells at a finer order inside the partition's pixel, merged to at
     * most {@link #MAX_RANGES}; null when they would be the whole pixel (no predicate needed).
     *
     * @param indexOrder the index column's order ({@code hats_col_healpix_order}, 29)
     */
    public static long[][] ranges(HatsCatalog.Partition p, SkyRegion region, int indexOrder) {
        if (indexOrder < p.order()) {
            return null;
        }
        int target = Math.min(indexOrder, Math.max(p.order(), rangeOrder(region)));
        List<long[]> cells = new ArrayList<>();
        // descend from the pixel: cells wholly inside the region are kept whole, cells it misses are dropped
        List<Long> level = List.of(p.pixel());
        int order = p.order();
        boolean whole = true;
        while (true) {
            List<Long> next = new ArrayList<>();
            for (long cell : level) {
                if (!region.mayIntersectCell(order, cell)) {
                    whole = false;
                    continue;
                }
                if (order == target || inside(region, order, cell)) {
                    cells.add(new long[] {order, cell});
                } else {
                    for (long child : Healpix.children(order, cell)) {
                        next.add(child);
                    }
                }
            }
            if (next.isEmpty()) {
                break;
            }
            whole = false;
            if (next.size() * 4L > MAX_CELLS) {
                for (long cell : next) {
                    cells.add(new long[] {order + 1, cell});
                }
                break;
            }
            level = next;
            order++;
        }
        if (whole) {
            return null;
        }
        long[][] ranges = new long[cells.size()][];
        for (int i = 0; i < cells.size(); i++) {
            int shift = 2 * (indexOrder - (int) cells.get(i)[0]);
            long c = cells.get(i)[1];
            ranges[i] = new long[] {c << shift, (c + 1) << shift};
        }
        return merge(ranges, MAX_RANGES);
    }

    /** The order whose cells are about a quarter of the region's radius across. */
    private static int rangeOrder(SkyRegion region) {
        double radius = Math.max(region.boundingCone()[2], 1e-7);
        // a cell at order k is about 58.6 / 2^k degrees across
        int k = (int) Math.ceil(Math.log(58.6 * 4 / radius) / Math.log(2));
        return Math.max(0, Math.min(Healpix.MAX_ORDER, k));
    }

    /** Whether the cell lies wholly inside the region (a cone: its circumscribing cone does). */
    private static boolean inside(SkyRegion region, int order, long cell) {
        if (region instanceof SkyRegion.Cone cone) {
            double[] c = Healpix.center(order, cell);
            return SkyMath.angularDistanceDeg(cone.ra(), cone.dec(), c[0], c[1])
                            + Healpix.circumscribingRadius(order, cell)
                    <= cone.radius();
        }
        return false;
    }

    /** Sorted, disjoint ranges; adjacent ones joined, then the smallest gaps closed until at most {@code max}. */
    static long[][] merge(long[][] ranges, int max) {
        long[][] r = ranges.clone();
        Arrays.sort(r, (a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] x : r) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && x[0] <= last[1]) {
                last[1] = Math.max(last[1], x[1]);
            } else {
                out.add(new long[] {x[0], x[1]});
            }
        }
        while (out.size() > max) {
            int best = 0;
            long gap = Long.MAX_VALUE;
            for (int i = 0; i + 1 < out.size(); i++) {
                long g = out.get(i + 1)[0] - out.get(i)[1];
                if (g < gap) {
                    gap = g;
                    best = i;
                }
            }
            out.get(best)[1] = out.get(best + 1)[1];
            out.remove(best + 1);
        }
        return out.toArray(new long[0][]);
    }

    /**
     * A Parquet predicate keeping rows whose {@code column} lies in one of the ranges {@code [from, to)}; null
     * for no ranges.
     */
    public static FilterPredicate predicate(String column, long[][] ranges) {
        if (ranges == null) {
            return null;
        }
        LongColumn c = FilterApi.longColumn(column);
        FilterPredicate p = null;
        for (long[] r : ranges) {
            FilterPredicate one = FilterApi.and(FilterApi.gtEq(c, r[0]), FilterApi.lt(c, r[1]));
            p = p == null ? one : FilterApi.or(p, one);
        }
        // no ranges: nothing in the pixel can match
        return p != null ? p : FilterApi.and(FilterApi.gtEq(c, 0L), FilterApi.lt(c, 0L));
    }
}
