package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Selects the rows of a Pan-STARRS catalogs query: scans the catalog cells the cone or box meets, keeps
 * the rows inside it that pass the filters, and sorts their keys. The sorted keys of the last 16 queries
 * are kept (in {@link Panstarrs#sortedCache}), so the pages of one query share one evaluation.
 */
final class PanstarrsSelection {
    private PanstarrsSelection() {}

    /** The keys of every row the query selects, in its sort order; computed once per selection key. */
    static long[] sortedKeys(Panstarrs ps, PanstarrsCriteria q, String selectionKey) {
        long[] sorted;
        synchronized (ps.sortedCache) {
            sorted = ps.sortedCache.get(selectionKey);
        }
        if (sorted == null) {
            sorted = sort(ps, q, match(ps, q.table(), q.cone(), q.filters()));
            synchronized (ps.sortedCache) {
                ps.sortedCache.put(selectionKey, sorted);
            }
        }
        return sorted;
    }

    private static long[] sort(Panstarrs ps, PanstarrsCriteria q, long[] keys) {
        Panstarrs.Table t = q.table();
        double[] cone = q.cone();
        List<String> sortCols = q.sortCols();
        Object[][] sortValues = new Object[sortCols.size()][keys.length];
        for (int i = 0; i < keys.length; i++) {
            Panstarrs.Base b = PanstarrsQuery.base(ps, t, keys[i]);
            for (int k = 0; k < sortCols.size(); k++) {
                String c = sortCols.get(k);
                sortValues[k][i] = c.equalsIgnoreCase("distance")
                        ? (Object) Sky.separation(cone[0], cone[1], b.ra, b.dec)
                        : ps.value(t, t.column(c), b);
            }
        }
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            for (int k = 0; k < sortCols.size(); k++) {
                int c = MissionSearch.compare(sortValues[k][x], sortValues[k][y]);
                if (c != 0) {
                    return q.sortDesc().get(k) ? -c : c;
                }
            }
            return 0;
        });
        long[] out = new long[keys.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = keys[order[i]];
        }
        return out;
    }

    /** All rows of the table matching the cone or box and the filters, keys in generation order. */
    static long[] match(Panstarrs ps, Panstarrs.Table t, double[] cone, List<PanstarrsFilter> filters) {
        double[] box = cone == null ? box(t, filters) : null;
        List<Integer> cells = cone != null
                ? StarCatalog.GRID.cellsNear(cone[0], cone[1], cone[2] + (t.detections() ? 0.0001 : 0))
                : cellsMeeting(t, box);
        long[] out = new long[1024];
        int n = 0;
        for (int c : new TreeSet<>(cells)) {
            int count = ps.countIn(c);
            for (int j = 0; j < count; j++) {
                long objKey = Panstarrs.key(c, j);
                for (int k = 0; k < (t.detections() ? Panstarrs.DETECTIONS : 1); k++) {
                    long key = t.detections() ? objKey * 4 + k : objKey;
                    double[] pos = t.detections() ? ps.rowPosition(t, key, count) : ps.position(c, j, count);
                    if (!inside(pos, cone, box) || !passes(ps, t, key, count, filters)) {
                        continue;
                    }
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = key;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code [raMin, raMax, decMin, decMax]} of a query without a cone, from the ranges its filters allow
     * on the position columns; the emulator refuses boxes it cannot scan.
     */
    private static double[] box(Panstarrs.Table t, List<PanstarrsFilter> filters) {
        double[] ra = PanstarrsFilter.bounds(filters, t.column(t.raColumn()));
        double[] dec = PanstarrsFilter.bounds(filters, t.column(t.decColumn()));
        double area = ra == null || dec == null
                ? Double.POSITIVE_INFINITY
                : Math.max(0, Math.min(360, ra[1] - ra[0]))
                        * Math.max(
                                0,
                                Math.sin(Math.toRadians(Math.min(90, dec[1])))
                                        - Math.sin(Math.toRadians(Math.max(-90, dec[0]))))
                        * 180
                        / Math.PI;
        if (!(area <= PanstarrsQuery.MAX_BOX_AREA)) {
            throw new MastQueryException("A cone (ra, dec, radius) is required, or ranges on " + t.raColumn()
                    + " and " + t.decColumn() + " bounding at most " + PanstarrsQuery.MAX_BOX_AREA
                    + " square degrees");
        }
        return new double[] {ra[0], ra[1], dec[0], dec[1]};
    }

    /** The cells that may hold a row inside the box (detections lie up to 0.05 arcsec off their object). */
    private static List<Integer> cellsMeeting(Panstarrs.Table t, double[] box) {
        List<Integer> cells = new ArrayList<>();
        for (int c : StarCatalog.GRID.cellsInDecRange(
                box[2] - (t.detections() ? 0.0001 : 0), box[3] + (t.detections() ? 0.0001 : 0))) {
            double[] b = StarCatalog.GRID.bounds(c);
            if (b[1] >= box[0] - 0.001 && b[0] <= box[1] + 0.001) {
                cells.add(c);
            }
        }
        return cells;
    }

    private static boolean inside(double[] pos, double[] cone, double[] box) {
        if (cone != null && Sky.separation(cone[0], cone[1], pos[0], pos[1]) > cone[2]) {
            return false;
        }
        return box == null || (pos[0] >= box[0] && pos[0] <= box[1] && pos[1] >= box[2] && pos[1] <= box[3]);
    }

    private static boolean passes(Panstarrs ps, Panstarrs.Table t, long key, int count, List<PanstarrsFilter> filters) {
        if (filters.isEmpty()) {
            return true;
        }
        Panstarrs.Base b = ps.new Base(t, key, count);
        for (PanstarrsFilter f : filters) {
            if (!f.test(ps.value(t, f.col(), b))) {
                return false;
            }
        }
        return true;
    }
}
