package org.mastspark.emulator.hats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Margin-cache geometry as hats-import lays it out: a margin partition exists for every partition pixel and for
 * every pixel of the negative tree; a row belongs to the margin of each such pixel (other than its own partition)
 * that its pixel at the margin order touches. Pixels are identified by keys {@code order << 58 | pixel}.
 */
final class Margins {
    private Margins() {}

    static long key(int order, long pixel) {
        return ((long) order << 58) | pixel;
    }

    static int orderOf(long key) {
        return (int) (key >>> 58);
    }

    static long pixelOf(long key) {
        return key & ((1L << 58) - 1);
    }

    /** The fewest pixels covering the sky outside the partitions (hats' negative tree), as keys, sorted. */
    static List<Long> negativeTree(Collection<Long> partitions) {
        TreeSet<Long> ancestors = new TreeSet<>();
        for (long k : partitions) {
            int order = orderOf(k);
            long pixel = pixelOf(k);
            for (int o = order - 1; o >= 0; o--) {
                ancestors.add(key(o, pixel >>> (2 * (order - o))));
            }
        }
        TreeSet<Long> out = new TreeSet<>();
        for (long p = 0; p < 12; p++) {
            negative(0, p, partitions, ancestors, out);
        }
        return new ArrayList<>(out);
    }

    private static void negative(
            int order, long pixel, Collection<Long> partitions, Set<Long> ancestors, Set<Long> out) {
        long k = key(order, pixel);
        if (partitions.contains(k)) {
            return;
        }
        if (!ancestors.contains(k)) {
            out.add(k);
            return;
        }
        for (long c = pixel * 4; c < pixel * 4 + 4; c++) {
            negative(order + 1, c, partitions, ancestors, out);
        }
    }

    /** Whether pixel {@code q} of order {@code m} lies on the border of pixel {@code pixel} of a lower order holding it. */
    static boolean onBorder(int m, long q, int order, long pixel) {
        int d = m - order;
        long[] f = Healpix.xyf(order, pixel);
        long[] g = Healpix.xyf(m, q);
        long x = g[1] - (f[1] << d);
        long y = g[2] - (f[2] << d);
        long last = (1L << d) - 1;
        return x == 0 || y == 0 || x == last || y == last;
    }

    /**
     * The pixels (keys, among {@code pixels}: partitions and negative tree) other than {@code own} whose margin holds
     * a row in pixel {@code q} of the margin order {@code m}: those holding a neighbour of q.
     */
    static long[] targets(int m, long q, long own, Set<Long> pixels) {
        TreeSet<Long> t = new TreeSet<>();
        for (long nb : Healpix.neighbours(m, q)) {
            for (int o = 0; o <= m; o++) {
                long k = key(o, nb >>> (2 * (m - o)));
                if (pixels.contains(k)) {
                    if (k != own) {
                        t.add(k);
                    }
                    break;
                }
            }
        }
        return t.stream().mapToLong(Long::longValue).toArray();
    }
}
