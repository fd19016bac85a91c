package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * MAST Portal filters, evaluated as MAST evaluates them: discrete {@code values} (any equal, compared
 * case-insensitively; with a {@code separator}, a cell matches when any of its parts does),
 * {@code freeText} with {@code %} wildcards (case-insensitive), continuous {@code {"min", "max"}}
 * ranges (both ends included). Filters AND together; values of one filter OR.
 */
final class Filters {
    private final List<Filter> filters;

    private Filters(List<Filter> filters) {
        this.filters = filters;
    }

    static final Filters NONE = new Filters(List.of());

    /**
     * @param columns maps a column name (any case) to its index in a row, or -1 when unknown
     * @throws MastQueryException for malformed filters or unknown columns
     */
    static Filters parse(JsonNode node, ToIntFunction<String> columns) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NONE;
        }
        if (!node.isArray()) {
            throw new MastQueryException("Invalid filters: expected a list of {\"paramName\": ..., \"values\": [...]}");
        }
        List<Filter> out = new ArrayList<>();
        for (JsonNode f : node) {
            String name = f.path("paramName").asText("");
            if (name.isEmpty()) {
                throw new MastQueryException("Invalid filter " + f + ": missing paramName");
            }
            int col = columns.applyAsInt(name);
            if (col < 0) {
                throw new MastQueryException("Invalid filter: unknown column '" + name + "'");
            }
            List<String> discrete = new ArrayList<>();
            List<double[]> ranges = new ArrayList<>();
            for (JsonNode v : f.path("values")) {
                if (v.isObject()) {
                    ranges.add(new double[] {
                        v.has("min") ? number(v.get("min"), name) : Double.NEGATIVE_INFINITY,
                        v.has("max") ? number(v.get("max"), name) : Double.POSITIVE_INFINITY
                    });
                } else if (!v.isNull()) {
                    discrete.add(v.asText().toLowerCase(Locale.ROOT));
                }
            }
            String sep = f.path("separator").asText(null);
            Pattern free = null;
            if (f.hasNonNull("freeText") && !f.get("freeText").asText().isEmpty()) {
                free = like(f.get("freeText").asText());
            }
            if (discrete.isEmpty() && ranges.isEmpty() && free == null) {
                continue;
            }
            out.add(new Filter(col, discrete, ranges, sep, free));
        }
        return new Filters(out);
    }

    private static double number(JsonNode v, String name) {
        return JsonNumbers.number(v, text -> "Invalid range value '" + text + "' for filter '" + name + "'");
    }

    /** SQL LIKE with % (any run) and _ (one character), case-insensitive. */
    static Pattern like(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%' -> re.append(".*");
                case '_' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    /** Whether every filter is on one of these columns. */
    boolean onlyOn(int... columns) {
        for (Filter f : filters) {
            boolean found = false;
            for (int c : columns) {
                found |= f.col == c;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    boolean test(Object[] row) {
        for (Filter f : filters) {
            if (!f.test(row[f.col])) {
                return false;
            }
        }
        return true;
    }

    /** The narrowest declared range on a column, {@code [min, max]}, or null. */
    double[] rangeOf(int col) {
        double[] r = null;
        for (Filter f : filters) {
            if (f.col == col && !f.ranges.isEmpty() && f.discrete.isEmpty() && f.free == null) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double[] x : f.ranges) {
                    lo = Math.min(lo, x[0]);
                    hi = Math.max(hi, x[1]);
                }
                r = r == null ? new double[] {lo, hi} : new double[] {Math.max(r[0], lo), Math.min(r[1], hi)};
            }
        }
        return r;
    }

    private record Filter(int col, List<String> discrete, List<double[]> ranges, String separator, Pattern free) {
        boolean test(Object v) {
            if (v == null) {
                return false;
            }
            if (!ranges.isEmpty()) {
                double d = v instanceof Number n ? n.doubleValue() : parse(v.toString());
                boolean any = false;
                for (double[] r : ranges) {
                    if (d >= r[0] && d <= r[1]) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            if (discrete.isEmpty() && free == null) {
                return true;
            }
            String s = v.toString();
            if (!discrete.isEmpty()) {
                boolean any = false;
                String lower = v instanceof Double d && d == Math.rint(d) ? null : s.toLowerCase(Locale.ROOT);
                if (lower == null) {
                    // a whole-number double also matches its integer spelling ("3" for 3.0)
                    any = discrete.contains(s.toLowerCase(Locale.ROOT))
                            || discrete.contains(Long.toString((long) (double) (Double) v));
                } else if (separator != null && !separator.isEmpty()) {
                    for (String part : lower.split(Pattern.quote(separator), -1)) {
                        if (discrete.contains(part.trim())) {
                            any = true;
                            break;
                        }
                    }
                } else {
                    any = discrete.contains(lower);
                }
                if (!any) {
                    return false;
                }
            }
            return free == null || free.matcher(s).matches();
        }

        private static double parse(String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
