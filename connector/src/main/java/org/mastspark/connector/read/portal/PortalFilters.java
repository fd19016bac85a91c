package org.mastspark.connector.read.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.Literals;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Classifies comparisons as MAST Portal filters (the {@code filters} parameter of CAOM and catalog criteria
 * services):
 *
 * <ul>
 *   <li>numeric {@code =}, {@code >=}, {@code <=} → a continuous {@code {"min", "max"}} range: exact;
 *   <li>numeric {@code <}, {@code >} → an inclusive range, re-checked (MAST ranges include both ends);
 *   <li>integer {@code IN} → discrete values: exact;
 *   <li>string {@code =} and {@code IN} → discrete values (with the column's separator): re-checked, because
 *       MAST compares case-insensitively and matches each part of multi-valued cells;
 *   <li>{@code startsWith}, {@code endsWith}, {@code contains} (what Spark makes of {@code LIKE 'x%'}) →
 *       {@code freeText} with {@code %} wildcards: re-checked;
 *   <li>everything else ({@code <>}, columns MAST computes such as {@code distance}) → Spark.
 * </ul>
 *
 * Several comparisons on one column merge into one MAST filter (ranges intersected, value sets intersected).
 * {@code IS NOT NULL} on a filtered column is exact: MAST's filters never match nulls. Single use, on the driver.
 */
final class PortalFilters {
    /** Columns MAST computes rather than stores, which its filters cannot name. */
    static final Set<String> NOT_FILTERABLE = Set.of("distance", "_selected_", "dstarcsec", "healpix");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double NO_LOWER = -1.0e300;
    private static final double NO_UPPER = 1.0e300;

    private final Map<String, ColumnFilter> filters = new LinkedHashMap<>();

    /** Takes a comparison into the filters, or leaves it to Spark. */
    Pushdown push(Comparison c) {
        StructField field = c.field();
        if (NOT_FILTERABLE.contains(field.name().toLowerCase(Locale.ROOT))) {
            return Pushdown.SPARK;
        }
        boolean numeric = c.numeric();
        ColumnFilter f = filters.get(field.name());
        switch (c.op()) {
            case "=", "<", "<=", ">", ">=" -> {
                if (numeric) {
                    Double v = Literals.toDouble(c.value());
                    if (v == null || (f != null && (f.values != null || f.freeText != null))) {
                        return Pushdown.SPARK;
                    }
                    ColumnFilter g = f != null ? f : put(field, new ColumnFilter(field));
                    switch (c.op()) {
                        case "=" -> g.range(v, v);
                        case "<", "<=" -> g.range(NO_LOWER, v);
                        default -> g.range(v, NO_UPPER);
                    }
                    return c.op().equals("<") || c.op().equals(">") ? Pushdown.RECHECK : Pushdown.EXACT;
                }
                if (c.op().equals("=") && c.string()) {
                    return discrete(field, f, c.texts()) ? Pushdown.RECHECK : Pushdown.SPARK;
                }
                return Pushdown.SPARK;
            }
            case "IN" -> {
                if (!(c.integral() || c.string())) {
                    return Pushdown.SPARK;
                }
                if (!discrete(field, f, c.texts())) {
                    return Pushdown.SPARK;
                }
                return c.integral() ? Pushdown.EXACT : Pushdown.RECHECK;
            }
            case "STARTS_WITH", "ENDS_WITH", "CONTAINS" -> {
                if (!c.string() || f != null) {
                    return Pushdown.SPARK;
                }
                String v = c.value().toString();
                if (v.contains("%") || v.contains("_") || v.isEmpty()) {
                    return Pushdown.SPARK;
                }
                put(field, new ColumnFilter(field)).freeText = switch (c.op()) {
                    case "STARTS_WITH" -> v + "%";
                    case "ENDS_WITH" -> "%" + v;
                    default -> "%" + v + "%";
                };
                return Pushdown.RECHECK;
            }
            default -> {
                return Pushdown.SPARK;
            }
        }
    }

    /** {@code IS NOT NULL}: exact on a column that carries a MAST filter, which never matches nulls. */
    Pushdown pushNotNull(boolean filtered) {
        return filtered ? Pushdown.EXACT : Pushdown.SPARK;
    }

    private boolean discrete(StructField field, ColumnFilter f, List<String> values) {
        if (f == null) {
            put(field, new ColumnFilter(field)).values = new LinkedHashSet<>(values);
            return true;
        }
        if (f.values == null || f.min != null || f.freeText != null) {
            return false;
        }
        f.values.retainAll(values);
        return true;
    }

    private ColumnFilter put(StructField field, ColumnFilter f) {
        filters.put(field.name(), f);
        return f;
    }

    /** The MAST filters array for the Portal's {@code filters} parameter. */
    ArrayNode toJson() {
        ArrayNode array = JSON.arrayNode();
        for (ColumnFilter f : filters.values()) {
            array.add(f.toJson());
        }
        return array;
    }

    /** The discrete values pushed for a column (e.g. obsids), or null. */
    Set<String> valuesOf(String column) {
        for (ColumnFilter f : filters.values()) {
            if (f.name.equalsIgnoreCase(column)) {
                return f.values;
            }
        }
        return null;
    }

    /** One MAST filter object under construction. */
    private static final class ColumnFilter {
        final String name;
        final String separator;
        Set<String> values;
        Double min;
        Double max;
        String freeText;

        ColumnFilter(StructField field) {
            this.name = field.name();
            this.separator = MastSchemas.separator(field);
        }

        void range(double lo, double hi) {
            min = min == null ? lo : Math.max(min, lo);
            max = max == null ? hi : Math.min(max, hi);
        }

        ObjectNode toJson() {
            ObjectNode o = JSON.objectNode();
            o.put("paramName", name);
            ArrayNode v = o.putArray("values");
            if (min != null) {
                ObjectNode r = v.addObject();
                r.put("min", min);
                r.put("max", max);
            } else if (values != null) {
                values.forEach(v::add);
                if (separator != null) {
                    o.put("separator", separator);
                }
            }
            if (freeText != null) {
                o.put("freeText", freeText);
            }
            return o;
        }
    }
}
