package org.mastspark.connector.crossmatch;

import java.util.Arrays;

/**
 * The matching step both cross-match paths share: the right positions within the radius of a left position,
 * found in a declination window of right positions sorted by declination, and compared on unit vectors (chord,
 * boundary included). Keeps the k nearest, nearest first (ties in declination order), by insertion into a list of
 * at most k, so a crowded field costs n k, not n log n per left row; or all of them, in no particular order.
 * One per task (it reuses its arrays).
 */
final class Nearest {
    private final double chord2;
    private final double minChord2;
    /** The declination window: the radius, padded against rounding (the chord test decides). */
    private final double windowDeg;

    private final int k;
    private int[] matches = new int[16];
    private double[] distances = new double[16];

    Nearest(CrossmatchSpec spec) {
        this.chord2 = spec.chordSquared();
        this.minChord2 = spec.minChordSquared();
        this.windowDeg = spec.radiusArcsec() / 3600.0 + 1e-9;
        this.k = spec.nNeighbors();
    }

    /**
     * Finds the matches of the left position (unit vector {@code ux, uy, uz}, declination {@code decDeg}) among
     * the first {@code size} right positions (sorted by {@code decs}); returns their count, the indexes and
     * squared chords then being {@link #match(int)} and {@link #chordSquared(int)}.
     */
    int find(
            double ux,
            double uy,
            double uz,
            double decDeg,
            double[] decs,
            double[] xs,
            double[] ys,
            double[] zs,
            int size) {
        boolean all = k == CrossmatchSpec.ALL_WITHIN_RADIUS;
        int count = 0;
        double high = decDeg + windowDeg;
        for (int i = lowerBound(decs, size, decDeg - windowDeg); i < size && decs[i] <= high; i++) {
            double dx = ux - xs[i];
            double dy = uy - ys[i];
            double dz = uz - zs[i];
            double c2 = dx * dx + dy * dy + dz * dz;
            if (c2 > chord2 || c2 < minChord2) {
                continue;
            }
            if (all) {
                grow(count);
                matches[count] = i;
                distances[count++] = c2;
            } else if (count < k || c2 < distances[count - 1]) {
                if (count < k) {
                    grow(count);
                    count++;
                }
                // shift the farther ones down (the last drops off when the list is full), insert in order
                int j = count - 2;
                while (j >= 0 && distances[j] > c2) {
                    matches[j + 1] = matches[j];
                    distances[j + 1] = distances[j];
                    j--;
                }
                matches[j + 1] = i;
                distances[j + 1] = c2;
            }
        }
        return count;
    }

    /** The index of the {@code j}-th match of the last {@link #find}. */
    int match(int j) {
        return matches[j];
    }

    /** The squared chord of the {@code j}-th match of the last {@link #find}. */
    double chordSquared(int j) {
        return distances[j];
    }

    private void grow(int count) {
        if (count == matches.length) {
            matches = Arrays.copyOf(matches, count * 2);
            distances = Arrays.copyOf(distances, count * 2);
        }
    }

    /** The first index in {@code a[0, size)} (ascending) whose value is not below {@code v}. */
    static int lowerBound(double[] a, int size, double v) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
