package org.mastspark.emulator.sky;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The position and collection index of the synthetic CAOM observations: which observations lie in each
 * cell of a 1 degree grid, and which belong to each collection. Observations are regenerated from their
 * index on demand, so this index is the only per-observation state the sky keeps; it is built on first
 * use (a full pass over the observations) and then shared. Thread safe.
 */
final class ObservationIndex {
    private static final CellGrid CAOM_GRID = new CellGrid(1.0);

    private final Caom caom;
    private final int rows;
    private final Map<String, int[]> byCollection = new ConcurrentHashMap<>();
    private volatile int[][] cellIndex;

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

    private int[][] cells() {
        int[][] idx = cellIndex;
        if (idx == null) {
            synchronized (this) {
                idx = cellIndex;
                if (idx == null) {
                    idx = build();
                    cellIndex = idx;
                }
            }
        }
        return idx;
    }

    private int[][] build() {
        int[] cellOf = new int[rows];
        int[] counts = new int[CAOM_GRID.count()];
        for (int i = 0; i < rows; i++) {
            double[] pos = caom.position(i);
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
        return idx;
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
