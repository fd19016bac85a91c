package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A query of the Pan-STARRS catalogs API over the synthetic catalog: a cone ({@code ra}, {@code dec},
 * {@code radius} in degrees, at most {@value #MAX_RADIUS}) or, without one, a box given by range filters
 * on the table's position columns (at most {@value #MAX_BOX_AREA} square degrees); column filters
 * {@code col=v} (several values: any), {@code col.eq}, {@code .ne}, {@code .gt}, {@code .gte}/{@code .min},
 * {@code .lt}, {@code .lte}/{@code .max}; {@code columns}; {@code sort_by} ({@code col}, {@code col.asc},
 * {@code col.desc}; default: the table's id, objID or detectID, ascending); {@code page} (1-based) and
 * {@code pagesize} (default {@value #DEFAULT_PAGESIZE}). {@code distance} (degrees from the cone's centre)
 * may be asked for and sorted on in cone queries.
 *
 * <p>Answered in three steps: {@link PanstarrsCriteria} parses and checks the parameters,
 * {@link PanstarrsSelection} selects and sorts the rows, and {@link #run} renders the asked page.
 */
public final class PanstarrsQuery {
    /** The catalogs API refuses cones larger than this, in degrees. */
    public static final double MAX_RADIUS = 0.5;
    /** Largest box (square degrees) the emulator scans without a cone. */
    public static final double MAX_BOX_AREA = 1.0;
    /** Rows per page when {@code pagesize} is not given (the real default is not documented). */
    public static final int DEFAULT_PAGESIZE = 50_000;

    /** The answer: the selected columns (as asked, in the asked spelling) and the page's rows. */
    public record Result(
            List<String> names,
            List<String> types,
            List<String> dbTypes,
            List<String> descriptions,
            List<Object[]> rows,
            long totalRows) {}

    private PanstarrsQuery() {}

    /**
     * Answers one request.
     *
     * @throws MastQueryException for bad input (the service answers HTTP 400)
     */
    static Result run(Panstarrs ps, String release, String tableName, Map<String, List<String>> params) {
        PanstarrsCriteria q = PanstarrsCriteria.parse(release, tableName, params);
        long[] sorted =
                PanstarrsSelection.sortedKeys(ps, q, PanstarrsCriteria.selectionKey(release, q.table(), params));
        return result(q.table(), q.names(), q.cols(), page(ps, q, sorted), sorted.length);
    }

    /** The values of the asked columns for the rows of the asked page. */
    private static List<Object[]> page(Panstarrs ps, PanstarrsCriteria q, long[] sorted) {
        Panstarrs.Table t = q.table();
        double[] cone = q.cone();
        List<Integer> cols = q.cols();
        long from = Math.min(sorted.length, (long) (q.page() - 1) * q.pagesize());
        long to = Math.min(sorted.length, from + q.pagesize());
        List<Object[]> rows = new ArrayList<>();
        for (long n = from; n < to; n++) {
            long key = sorted[(int) n];
            Panstarrs.Base b = base(ps, t, key);
            Object[] row = new Object[cols.size()];
            for (int k = 0; k < cols.size(); k++) {
                row[k] = cols.get(k) < 0 ? Sky.separation(cone[0], cone[1], b.ra, b.dec) : ps.value(t, cols.get(k), b);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Result result(
            Panstarrs.Table t, List<String> names, List<Integer> cols, List<Object[]> rows, long total) {
        List<String> types = new ArrayList<>();
        List<String> dbTypes = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        for (int k : cols) {
            Panstarrs.Column c = k < 0
                    ? new Panstarrs.Column(
                            "distance", "double", "NUMBER", "Distance from the search position, in degrees.", "deg")
                    : t.columns().get(k);
            types.add(c.type());
            dbTypes.add(c.type().equals("char") ? "STRING" : "NUMBER");
            descriptions.add(c.description());
        }
        return new Result(names, types, dbTypes, descriptions, rows, total);
    }

    /** The generated base values of the row with this key (a detection's object key is {@code key / 4}). */
    static Panstarrs.Base base(Panstarrs ps, Panstarrs.Table t, long key) {
        long obj = t.detections() ? key / 4 : key;
        return ps.new Base(t, key, ps.countIn(Panstarrs.cellOf(obj)));
    }

    /** The first value of a parameter (name compared ignoring case), or null. */
    public static String first(Map<String, List<String>> params, String key) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** Values of a list parameter: repeated keys, comma lists, or the docs' bracketed form "[a,b]". */
    static List<String> list(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            String s = v.trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            for (String part : s.split(",")) {
                String x = part.trim().replace("\"", "").replace("'", "");
                if (!x.isEmpty()) {
                    out.add(x);
                }
            }
        }
        return out;
    }
}
