package org.mastspark.connector.read;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Turns Spark's V2 predicates into MAST Portal filters, sorted the way Iceberg sorts them: evaluated
 * exactly by MAST (Spark need not look again), sent to MAST but re-checked by Spark, and left to Spark.
 *
 * <ul>
 *   <li>numeric {@code =}, {@code >=}, {@code <=}, {@code BETWEEN} → a continuous {@code {"min", "max"}}
 *       range: exact;
 *   <li>numeric {@code <}, {@code >} → an inclusive range, re-checked (MAST ranges include both ends);
 *   <li>integer {@code IN} → discrete values: exact;
 *   <li>string {@code =} and {@code IN} → discrete values (with the column's separator): re-checked,
 *       because MAST compares case-insensitively and matches each part of multi-valued cells;
 *   <li>{@code startsWith}, {@code endsWith}, {@code contains} (what Spark makes of {@code LIKE 'x%'}) →
 *       {@code freeText} with {@code %} wildcards: re-checked;
 *   <li>everything else (OR, NOT, IS NULL, {@code <>}, computed columns such as {@code distance}) → Spark.
 * </ul>
 *
 * Several predicates on one column are merged into one MAST filter (ranges intersected, value sets
 * intersected). Instances are single-use, built on the driver.
 */
final class MastFilters {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double NO_LOWER = -1.0e300;
    private static final double NO_UPPER = 1.0e300;

    private final StructType schema;
    private final Set<String> notFilterable;
    private final Map<String, ColumnFilter> filters = new LinkedHashMap<>();
    private final List<Predicate> pushed = new ArrayList<>();
    private final List<Predicate> exact = new ArrayList<>();
    private final List<Predicate> recheck = new ArrayList<>();
    private final List<Predicate> spark = new ArrayList<>();

    MastFilters(StructType schema, Set<String> notFilterable) {
        this.schema = schema;
        this.notFilterable = notFilterable;
    }

    /** Sorts each predicate (AND is split into its parts). */
    void add(Predicate[] predicates) {
        List<Predicate> notNull = new ArrayList<>();
        for (Predicate p : predicates) {
            add(p, notNull);
        }
        // Spark infers IS NOT NULL for filtered columns; MAST's filters never match nulls, so on a column
        // that carries a MAST filter it is already exact.
        for (Predicate p : notNull) {
            NamedReference ref = (NamedReference) p.children()[0];
            StructField f = field(ref.fieldNames()[0]);
            if (f != null && filters.containsKey(f.name())) {
                exact.add(p);
            } else {
                spark.add(p);
            }
        }
    }

    private void add(Predicate p, List<Predicate> notNull) {
        if (p.name().equals("AND")) {
            add((Predicate) p.children()[0], notNull);
            add((Predicate) p.children()[1], notNull);
            return;
        }
        if (p.name().equals("IS_NOT_NULL")
                && p.children()[0] instanceof NamedReference ref
                && ref.fieldNames().length == 1) {
            notNull.add(p);
            return;
        }
        add(p);
    }

    private void add(Predicate p) {
        if (p.name().equals("AND")) {
            add((Predicate) p.children()[0]);
            add((Predicate) p.children()[1]);
            return;
        }
        Boolean exactly = convert(p);
        if (exactly == null) {
            spark.add(p);
            return;
        }
        pushed.add(p);
        (exactly ? exact : recheck).add(p);
    }

    /** @return true if MAST evaluates p exactly, false if pushed but re-checked, null if not pushed */
    private Boolean convert(Predicate p) {
        Expression[] c = p.children();
        String op = p.name();
        if (c.length == 0 || !(c[0] instanceof NamedReference ref) || ref.fieldNames().length != 1) {
            return null;
        }
        StructField field = field(ref.fieldNames()[0]);
        if (field == null || notFilterable.contains(field.name().toLowerCase(Locale.ROOT))) {
            return null;
        }
        DataType type = field.dataType();
        boolean numeric = type.equals(DataTypes.DoubleType)
                || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.FloatType);
        boolean integral = type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType);
        ColumnFilter f = filters.get(field.name());
        switch (op) {
            case "=", "<", "<=", ">", ">=" -> {
                if (c.length != 2 || !(c[1] instanceof Literal<?> lit) || lit.value() == null) {
                    return null;
                }
                if (numeric) {
                    Double v = number(lit.value());
                    if (v == null || (f != null && (f.values != null || f.freeText != null))) {
                        return null;
                    }
                    ColumnFilter g = f != null ? f : put(field, new ColumnFilter(field));
                    switch (op) {
                        case "=" -> g.range(v, v);
                        case "<", "<=" -> g.range(NO_LOWER, v);
                        default -> g.range(v, NO_UPPER);
                    }
                    return op.equals("=") || op.equals("<=") || op.equals(">=");
                }
                if (op.equals("=") && type.equals(DataTypes.StringType)) {
                    return discrete(field, f, List.of(lit.value().toString())) ? Boolean.FALSE : null;
                }
                return null;
            }
            case "IN" -> {
                List<String> values = new ArrayList<>();
                for (int i = 1; i < c.length; i++) {
                    if (!(c[i] instanceof Literal<?> lit) || lit.value() == null) {
                        return null;
                    }
                    values.add(lit.value().toString());
                }
                if (values.isEmpty() || !(integral || type.equals(DataTypes.StringType))) {
                    return null;
                }
                return discrete(field, f, values) ? Boolean.valueOf(integral) : null;
            }
            case "STARTS_WITH", "ENDS_WITH", "CONTAINS" -> {
                if (!type.equals(DataTypes.StringType)
                        || c.length != 2
                        || !(c[1] instanceof Literal<?> lit)
                        || lit.value() == null
                        || f != null) {
                    return null;
                }
                String v = lit.value().toString();
                if (v.contains("%") || v.contains("_") || v.isEmpty()) {
                    return null;
                }
                String pattern = switch (op) {
                    case "STARTS_WITH" -> v + "%";
                    case "ENDS_WITH" -> "%" + v;
                    default -> "%" + v + "%";
                };
                put(field, new ColumnFilter(field)).freeText = pattern;
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }

    private boolean discrete(StructField field, ColumnFilter f, List<String> values) {
        if (f == null) {
            ColumnFilter g = put(field, new ColumnFilter(field));
            g.values = new LinkedHashSet<>(values);
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

    private StructField field(String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Decimal d) {
            return d.toDouble();
        }
        return null;
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

    /** Predicates sent to MAST (exact or re-checked): {@code pushedPredicates()}. */
    Predicate[] pushed() {
        return pushed.toArray(new Predicate[0]);
    }

    /** Predicates Spark must evaluate after the scan (re-checked and not pushed). */
    Predicate[] postScan() {
        List<Predicate> all = new ArrayList<>(recheck);
        all.addAll(spark);
        return all.toArray(new Predicate[0]);
    }

    /** One line for the log and the plan: what went to MAST and what stayed with Spark. */
    String describe() {
        return "pushed to MAST: " + (exact.isEmpty() ? "none" : exact) + "; pushed and re-checked by Spark: "
                + (recheck.isEmpty() ? "none" : recheck) + "; left to Spark: " + (spark.isEmpty() ? "none" : spark);
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
