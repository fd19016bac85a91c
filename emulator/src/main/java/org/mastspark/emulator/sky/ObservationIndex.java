package org.mastspark.emulator.sky;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The position and collection index of the synthetic CAOM observations: which observations lie in each
 * cell of a 1 degree grid, where each one is, and which belong to each collection. Observations are
 * regenerated from their index on demand, so this index is the only per-observation state the sky keeps
 * (20 bytes an observation); it is built on first use (a full pass over the observations) and then shared.
 * Positions are kept because every query by position or declination tests each candidate's: drawing them
 * again (a generator, square roots and trigonometry per observation) made a Portal count of half the sky
 * cost a fifth of a second of CPU. Thread safe.
 */
final class ObservationIndex {
    private static final CellGrid CAOM_GRID = new CellGrid(1.0);

    private final Caom caom;
    private final int rows;
    private final Map<String, int[]> byCollection = new ConcurrentHashMap<>();
    private volatile Built built;

    /** The grid cells' observations and every observation's position, built together. */
    private record Built(int[][] cells, double[] ra, double[] dec) {}

    ObservationIndex(Caom caom, int rows) {
        this.caom = caom;
        this.rows = rows;
    }

    /** The observations in grid cells that may hold a point within {@code radius} degrees of (ra, dec). */
    int[] candidatesNear(double ra, double dec, double radius) {
        return gather(CAOM_GRID.cellsNear(ra, dec, radius));
    }

    /** The observations in grid cells meeting the declination range {@code [lo, hi]}. */
    int[] candidatesInDecRange(double lo, double hi) {
        return gather(CAOM_GRID.cellsInDecRange(lo, hi));
    }

    /** The observations of one CAOM collection, in index order (built once per collection). */
    int[] ofCollection(String collection) {
        return byCollection.computeIfAbsent(collection, c -> {
            int[] out = new int[1024];
            int n = 0;
            for (int i = 0; i < rows; i++) {
                if (c.equals(caom.collection(i))) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = i;
                }
            }
            return Arrays.copyOf(out, n);
        });
    }

    /** The right ascension of observation {@code i}, as {@link Caom#position} draws it. */
    double ra(int i) {
        return built().ra[i];
    }

    /** The declination of observation {@code i}, as {@link Caom#position} draws it. */
    double dec(int i) {
        return built().dec[i];
    }

    private int[][] cells() {
        return built().cells;
    }

    private Built built() {
        Built b = built;
        if (b == null) {
            synchronized (this) {
                b = built;
                if (b == null) {
                    b = build();
                    built = b;
                }
            }
        }
        return b;
    }

    private Built build() {
        int[] cellOf = new int[rows];
        double[] ra = new double[rows];
        double[] dec = new double[rows];
        int[] counts = new int[CAOM_GRID.count()];
        for (int i = 0; i < rows; i++) {
            double[] pos = caom.position(i);
            ra[i] = pos[0];
            dec[i] = pos[1];
            cellOf[i] = CAOM_GRID.cellOf(pos[0], pos[1]);
            counts[cellOf[i]]++;
        }
        int[][] idx = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            idx[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < rows; i++) {
            idx[cellOf[i]][counts[cellOf[i]]++] = i;
        }
        return new Built(idx, ra, dec);
    }

    private int[] gather(List<Integer> cells) {
        int[][] idx = cells();
        int n = 0;
        for (int c : cells) {
            n += idx[c].length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int c : new TreeSet<>(cells)) {
            System.arraycopy(idx[c], 0, out, at, idx[c].length);
            at += idx[c].length;
        }
        return Arrays.copyOf(out, at);
    }
}
