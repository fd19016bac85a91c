package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed tiling of the sphere into declination stripes of {@code stripe} degrees, each cut into right
 * ascension bins of roughly equal area. Cells are numbered stripe by stripe; a cone touches the cells
 * {@link #cellsNear} returns (a superset of the cells it intersects).
 */
final class CellGrid {
    private final double stripe;
    private final int stripes;
    private final int[] bins;
    private final int[] first;
    private final int count;

    CellGrid(double stripeDegrees) {
        this.stripe = stripeDegrees;
        this.stripes = (int) Math.round(180.0 / stripeDegrees);
        this.bins = new int[stripes];
        this.first = new int[stripes];
        int n = 0;
        for (int s = 0; s < stripes; s++) {
            double mid = -90 + (s + 0.5) * stripe;
            bins[s] = Math.max(1, (int) Math.floor(360.0 / stripe * Math.cos(Math.toRadians(mid))));
            first[s] = n;
            n += bins[s];
        }
        this.count = n;
    }

    int count() {
        return count;
    }

    int cellOf(double ra, double dec) {
        int s = Math.min(stripes - 1, Math.max(0, (int) Math.floor((dec + 90) / stripe)));
        int b = Math.min(bins[s] - 1, (int) Math.floor(Sky.normRa(ra) / 360.0 * bins[s]));
        return first[s] + b;
    }

    /** {@code [raMin, raMax, decMin, decMax]} of a cell. */
    double[] bounds(int cell) {
        int s = stripeOf(cell);
        int b = cell - first[s];
        double w = 360.0 / bins[s];
        return new double[] {b * w, (b + 1) * w, -90 + s * stripe, -90 + (s + 1) * stripe};
    }

    private int stripeOf(int cell) {
        int lo = 0;
        int hi = stripes - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (first[mid] <= cell) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Every cell that may hold a point within {@code radius} degrees of (ra, dec). */
    List<Integer> cellsNear(double ra, double dec, double radius) {
        List<Integer> out = new ArrayList<>();
        double decLo = Math.max(-90, dec - radius);
        double decHi = Math.min(90, dec + radius);
        int s0 = Math.max(0, (int) Math.floor((decLo + 90) / stripe));
        int s1 = Math.min(stripes - 1, (int) Math.floor((decHi + 90) / stripe));
        double maxAbsDec = Math.max(Math.abs(decLo), Math.abs(decHi));
        double ratio = Math.sin(Math.toRadians(radius)) / Math.cos(Math.toRadians(maxAbsDec));
        // A cone that reaches a pole, or whose half-width in RA exceeds 90 degrees, spans every bin.
        double dra = maxAbsDec >= 90 - 1e-9 || !(ratio < 1) ? 180 : Math.toDegrees(Math.asin(ratio)) + 1e-7;
        for (int s = s0; s <= s1; s++) {
            int n = bins[s];
            if (dra >= 180) {
                for (int b = 0; b < n; b++) {
                    out.add(first[s] + b);
                }
                continue;
            }
            double w = 360.0 / n;
            int b0 = (int) Math.floor((ra - dra) / w);
            int b1 = (int) Math.floor((ra + dra) / w);
            if (b1 - b0 + 1 >= n) {
                for (int b = 0; b < n; b++) {
                    out.add(first[s] + b);
                }
                continue;
            }
            for (int b = b0; b <= b1; b++) {
                out.add(first[s] + Math.floorMod(b, n));
            }
        }
        return out;
    }

    /** Cells of the stripes overlapping [decLo, decHi]. */
    List<Integer> cellsInDecRange(double decLo, double decHi) {
        List<Integer> out = new ArrayList<>();
        int s0 = Math.max(0, (int) Math.floor((Math.max(-90, decLo) + 90) / stripe));
        int s1 = Math.min(stripes - 1, (int) Math.floor((Math.min(90, decHi) + 90) / stripe));
        for (int s = s0; s <= s1; s++) {
            for (int b = 0; b < bins[s]; b++) {
                out.add(first[s] + b);
            }
        }
        return out;
    }
}
