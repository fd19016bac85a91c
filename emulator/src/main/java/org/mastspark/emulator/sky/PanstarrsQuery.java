package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A query of the Pan-STARRS catalogs API over the synthetic catalog: a cone ({@code ra}, {@code dec},
 * {@code radius} in degrees, at most {@value #MAX_RADIUS}) or, without one, a box given by range filters
 * on the table's position columns (at most {@value #MAX_BOX_AREA} square degrees); column filters
 * {@code col=v} (several values: any), {@code col.eq}, {@code .ne}, {@code .gt}, {@code .gte}/{@code .min},
 * {@code .lt}, {@code .lte}/{@code .max}; {@code columns}; {@code sort_by} ({@code col}, {@code col.asc},
 * {@code col.desc}; default: the table's id, objID or detectID, ascending); {@code page} (1-based) and
 * {@code pagesize} (default {@value #DEFAULT_PAGESIZE}). {@code distance} (degrees from the cone's centre)
 * may be asked for and sorted on in cone queries.
 */
public final class PanstarrsQuery {
    /** The catalogs API refuses cones larger than this, in degrees. */
    public static final double MAX_RADIUS = 0.5;
    /** Largest box (square degrees) the emulator scans without a cone. */
    public static final double MAX_BOX_AREA = 1.0;
    /** Rows per page when {@code pagesize} is not given (the real default is not documented). */
    public static final int DEFAULT_PAGESIZE = 50_000;

    private static final Set<String> RESERVED = Set.of(
            "ra",
            "dec",
            "radius",
            "page",
            "pagesize",
            "columns",
            "sort_by",
            "format",
            "flatten_response",
            "include_info",
            "raw",
            "delimiter");
    private static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "min", "max");

    /** The answer: the selected columns (as asked, in the asked spelling) and the page's rows. */
    public record Result(
            List<String> names,
            List<String> types,
            List<String> dbTypes,
            List<String> descriptions,
            List<Object[]> rows,
            long totalRows) {}

    private PanstarrsQuery() {}

    private record Filter(int col, String op, List<String> values, boolean numeric) {
        boolean test(Object v) {
            if (v == null) {
                return false;
            }
            switch (op) {
                case "eq": {
                    for (String s : values) {
                        if (compare(v, s) == 0) {
                            return true;
                        }
                    }
                    return false;
                }
                case "ne": {
                    for (String s : values) {
                        if (compare(v, s) == 0) {
                            return false;
                        }
                    }
                    return true;
                }
                default:
                    for (String s : values) {
                        int c = compare(v, s);
                        boolean ok = switch (op) {
                            case "gt" -> c > 0;
                            case "gte", "min" -> c >= 0;
                            case "lt" -> c < 0;
                            default -> c <= 0; // lte, max
                        };
                        if (!ok) {
                            return false;
                        }
                    }
                    return true;
            }
        }

        private int compare(Object v, String s) {
            if (numeric) {
                return Double.compare(((Number) v).doubleValue(), Double.parseDouble(s));
            }
            return v.toString().trim().compareToIgnoreCase(s.trim());
        }
    }

    static Result run(Panstarrs ps, String release, String tableName, Map<String, List<String>> params) {
        Panstarrs.Table t = Panstarrs.TABLES.get(tableName);
        if (t == null || !(release.equals("dr1") || release.equals("dr2"))) {
            throw new MastQueryException("Unknown catalog panstarrs/" + release + "/" + tableName
                    + ": releases are dr1 and dr2, tables mean, stack, forced_mean and detection");
        }
        if (t.detections() && release.equals("dr1")) {
            throw new MastQueryException("The detection table is only available in dr2");
        }
        double[] cone = cone(params);

        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String key = e.getKey();
            if (RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String colName = key;
            String op = "eq";
            int dot = key.lastIndexOf('.');
            if (dot > 0 && OPS.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                colName = key.substring(0, dot);
                op = key.substring(dot + 1).toLowerCase(Locale.ROOT);
            }
            int col = t.column(colName);
            if (col < 0) {
                throw new MastQueryException(
                        "Column '" + colName + "' does not exist in panstarrs " + release + " " + t.name());
            }
            boolean numeric = t.columns().get(col).numeric();
            List<String> values = new ArrayList<>();
            for (String v : e.getValue()) {
                for (String part : v.split(",")) {
                    String s = part.trim();
                    if (s.isEmpty()) {
                        continue;
                    }
                    if (numeric) {
                        try {
                            Double.parseDouble(s);
                        } catch (NumberFormatException x) {
                            throw new MastQueryException(
                                    "Invalid value '" + s + "' for numeric column '" + colName + "'");
                        }
                    }
                    values.add(s);
                }
            }
            if (!values.isEmpty()) {
                filters.add(new Filter(col, op, values, numeric));
            }
        }

        // the columns to answer: as asked (spelling kept), or every column of the table
        List<String> names = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (String c : list(params.get("columns"))) {
            if (c.equalsIgnoreCase("distance")) {
                if (cone == null) {
                    throw new MastQueryException("Column 'distance' needs a cone (ra, dec, radius)");
                }
                names.add(c);
                cols.add(-1);
                continue;
            }
            int k = t.column(c);
            if (k < 0) {
                throw new MastQueryException(
                        "Column '" + c + "' does not exist in panstarrs " + release + " " + t.name());
            }
            names.add(c);
            cols.add(k);
        }
        if (cols.isEmpty()) {
            for (int k = 0; k < t.columns().size(); k++) {
                names.add(t.columns().get(k).name());
                cols.add(k);
            }
        }

        List<String> sortCols = new ArrayList<>();
        List<Boolean> sortDesc = new ArrayList<>();
        for (String s : list(params.get("sort_by"))) {
            String c = s;
            boolean desc = false;
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".asc") || lower.endsWith(".desc")) {
                desc = lower.endsWith(".desc");
                c = s.substring(0, s.lastIndexOf('.'));
            }
            if (!c.equalsIgnoreCase("distance") && t.column(c) < 0) {
                throw new MastQueryException(
                        "Cannot sort by '" + c + "': no such column in panstarrs " + release + " " + t.name());
            }
            if (c.equalsIgnoreCase("distance") && cone == null) {
                throw new MastQueryException("Cannot sort by 'distance' without a cone (ra, dec, radius)");
            }
            sortCols.add(c);
            sortDesc.add(desc);
        }
        sortCols.add(t.orderColumn());
        sortDesc.add(false);

        int page = intParam(params, "page", 1);
        int pagesize = intParam(params, "pagesize", DEFAULT_PAGESIZE);
        if (page < 1 || pagesize < 1) {
            throw new MastQueryException("page and pagesize must be positive integers");
        }

        // pages of one query share its matched, sorted rows (computed once, kept for the last 16 queries)
        Map<String, List<String>> withoutPage = new java.util.TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("page")
                    && !k.equalsIgnoreCase("pagesize")
                    && !k.equalsIgnoreCase("columns")
                    && !k.equalsIgnoreCase("format")) {
                withoutPage.put(k, v);
            }
        });
        String cacheKey = release + "|" + t.name() + "|" + withoutPage;
        long[] sorted;
        synchronized (ps.sortedCache) {
            sorted = ps.sortedCache.get(cacheKey);
        }
        if (sorted == null) {
            sorted = sortedKeys(ps, t, cone, filters, sortCols, sortDesc);
            synchronized (ps.sortedCache) {
                ps.sortedCache.put(cacheKey, sorted);
            }
        }
        long from = Math.min(sorted.length, (long) (page - 1) * pagesize);
        long to = Math.min(sorted.length, from + pagesize);
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
        return result(t, names, cols, rows, sorted.length);
    }

    private static long[] sortedKeys(
            Panstarrs ps,
            Panstarrs.Table t,
            double[] cone,
            List<Filter> filters,
            List<String> sortCols,
            List<Boolean> sortDesc) {
        long[] keys = match(ps, t, cone, filters);
        Object[][] sortValues = new Object[sortCols.size()][keys.length];
        for (int i = 0; i < keys.length; i++) {
            Panstarrs.Base b = base(ps, t, keys[i]);
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
                    return sortDesc.get(k) ? -c : c;
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

    static Panstarrs.Base base(Panstarrs ps, Panstarrs.Table t, long key) {
        long obj = t.detections() ? key / 4 : key;
        return ps.new Base(t, key, ps.countIn(Panstarrs.cellOf(obj)));
    }

    /** All rows of the table matching the cone or box and the filters, keys in generation order. */
    static long[] match(Panstarrs ps, Panstarrs.Table t, double[] cone, List<Filter> filters) {
        List<Integer> cells;
        double[] box = null;
        if (cone != null) {
            cells = StarCatalog.GRID.cellsNear(cone[0], cone[1], cone[2] + (t.detections() ? 0.0001 : 0));
        } else {
            double[] ra = bounds(filters, t.column(t.raColumn()));
            double[] dec = bounds(filters, t.column(t.decColumn()));
            double area = ra == null || dec == null
                    ? Double.POSITIVE_INFINITY
                    : Math.max(0, Math.min(360, ra[1] - ra[0]))
                            * Math.max(
                                    0,
                                    Math.sin(Math.toRadians(Math.min(90, dec[1])))
                                            - Math.sin(Math.toRadians(Math.max(-90, dec[0]))))
                            * 180
                            / Math.PI;
            if (!(area <= MAX_BOX_AREA)) {
                throw new MastQueryException("A cone (ra, dec, radius) is required, or ranges on " + t.raColumn()
                        + " and " + t.decColumn() + " bounding at most " + MAX_BOX_AREA + " square degrees");
            }
            box = new double[] {ra[0], ra[1], dec[0], dec[1]};
            cells = new ArrayList<>();
            for (int c : StarCatalog.GRID.cellsInDecRange(
                    dec[0] - (t.detections() ? 0.0001 : 0), dec[1] + (t.detections() ? 0.0001 : 0))) {
                double[] b = StarCatalog.GRID.bounds(c);
                if (b[1] >= ra[0] - 0.001 && b[0] <= ra[1] + 0.001) {
                    cells.add(c);
                }
            }
        }
        long[] out = new long[1024];
        int n = 0;
        for (int c : new TreeSet<>(cells)) {
            int count = ps.countIn(c);
            for (int j = 0; j < count; j++) {
                long objKey = Panstarrs.key(c, j);
                for (int k = 0; k < (t.detections() ? Panstarrs.DETECTIONS : 1); k++) {
                    long key = t.detections() ? objKey * 4 + k : objKey;
                    double[] pos = t.detections() ? ps.rowPosition(t, key, count) : ps.position(c, j, count);
                    if (cone != null && Sky.separation(cone[0], cone[1], pos[0], pos[1]) > cone[2]) {
                        continue;
                    }
                    if (box != null
                            && !(pos[0] >= box[0] && pos[0] <= box[1] && pos[1] >= box[2] && pos[1] <= box[3])) {
                        continue;
                    }
                    if (!filters.isEmpty()) {
                        Panstarrs.Base b = ps.new Base(t, key, count);
                        boolean ok = true;
                        for (Filter f : filters) {
                            if (!f.test(ps.value(t, f.col(), b))) {
                                ok = false;
                                break;
                            }
                        }
                        if (!ok) {
                            continue;
                        }
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

    /** The range the filters allow on a numeric column, {@code [lo, hi]}, or null when unbounded. */
    private static double[] bounds(List<Filter> filters, int col) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (Filter f : filters) {
            if (f.col() != col) {
                continue;
            }
            for (String v : f.values()) {
                double d = Double.parseDouble(v);
                switch (f.op()) {
                    case "gt", "gte", "min" -> lo = Math.max(lo, d);
                    case "lt", "lte", "max" -> hi = Math.min(hi, d);
                    case "eq" -> {
                        if (f.values().size() == 1) {
                            lo = Math.max(lo, d);
                            hi = Math.min(hi, d);
                        }
                    }
                    default -> {}
                }
            }
        }
        return Double.isInfinite(lo) || Double.isInfinite(hi) ? null : new double[] {lo, hi};
    }

    private static double[] cone(Map<String, List<String>> params) {
        String ra = first(params, "ra");
        String dec = first(params, "dec");
        String radius = first(params, "radius");
        if (ra == null && dec == null && radius == null) {
            return null;
        }
        if (ra == null || dec == null || radius == null) {
            throw new MastQueryException("A cone needs all of ra, dec and radius (degrees)");
        }
        double a;
        double d;
        double r;
        try {
            a = Double.parseDouble(ra.trim());
            d = Double.parseDouble(dec.trim());
            r = Double.parseDouble(radius.trim());
        } catch (NumberFormatException e) {
            throw new MastQueryException(
                    "ra, dec and radius must be numbers in degrees: ra=" + ra + ", dec=" + dec + ", radius=" + radius);
        }
        if (!(d >= -90 && d <= 90)) {
            throw new MastQueryException("Invalid dec " + d + ": must lie between -90 and 90");
        }
        if (!(r >= 0)) {
            throw new MastQueryException("Invalid radius " + r + ": must be zero or positive");
        }
        if (r > MAX_RADIUS) {
            throw new MastQueryException(
                    "Radius " + r + " exceeds the maximum search radius of " + MAX_RADIUS + " degrees");
        }
        return new double[] {Sky.normRa(a), d, r};
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

    private static int intParam(Map<String, List<String>> params, String key, int def) {
        String v = first(params, key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return (int) Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new MastQueryException("Invalid " + key + " '" + v + "': expected an integer");
        }
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
