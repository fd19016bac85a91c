package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One column filter of a Pan-STARRS catalogs query: {@code col=v} or {@code col.<op>=v} with op
 * {@code eq}, {@code ne}, {@code gt}, {@code gte}/{@code min}, {@code lt}, {@code lte}/{@code max}. Numeric
 * columns compare as numbers, others as trimmed text ignoring case; several values of {@code eq} match any,
 * of {@code ne} exclude all, of a bound must all hold.
 */
record PanstarrsFilter(int col, String op, List<String> values, boolean numeric) {
    /** Parameters that are not column filters. */
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

    /** The filters among a request's parameters; a filter without a non-blank value is left out. */
    static List<PanstarrsFilter> parseAll(Panstarrs.Table t, String release, Map<String, List<String>> params) {
        List<PanstarrsFilter> filters = new ArrayList<>();
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
            List<String> values = values(e.getValue(), colName, numeric);
            if (!values.isEmpty()) {
                filters.add(new PanstarrsFilter(col, op, values, numeric));
            }
        }
        return filters;
    }

    /** The values of a filter: repeated or comma-separated, blank ones dropped, numbers checked. */
    private static List<String> values(List<String> given, String colName, boolean numeric) {
        List<String> values = new ArrayList<>();
        for (String v : given) {
            for (String part : v.split(",")) {
                String s = part.trim();
                if (s.isEmpty()) {
                    continue;
                }
                if (numeric) {
                    try {
                        Double.parseDouble(s);
                    } catch (NumberFormatException x) {
                        throw new MastQueryException("Invalid value '" + s + "' for numeric column '" + colName + "'");
                    }
                }
                values.add(s);
            }
        }
        return values;
    }

    /** The range the filters allow on a numeric column, {@code [lo, hi]}, or null when unbounded. */
    static double[] bounds(List<PanstarrsFilter> filters, int col) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (PanstarrsFilter f : filters) {
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

    /** Whether a row's value of the filter's column passes. */
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
