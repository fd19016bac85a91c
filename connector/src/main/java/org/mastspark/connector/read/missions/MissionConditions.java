package org.mastspark.connector.read.missions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.mastspark.connector.client.missions.MissionSearch.Condition;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.Literals;
import org.mastspark.connector.read.Pushdown;

/**
 * Classifies the {@link Comparison}s of one mission search into Mission Search {@code conditions}: evaluated
 * exactly by MAST, sent to MAST but re-checked by Spark, or left to Spark:
 *
 * <ul>
 *   <li>integer {@code =}, {@code IN}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code BETWEEN} →
 *       {@code 5}, {@code "1,2,3"}, {@code "<5"}, {@code "<6"}, {@code ">4"}, {@code ">3"},
 *       {@code "a..b"}: exact;
 *   <li>floating-point comparisons → the same forms ({@code <=}/{@code >=} alone as {@code <}/{@code >}
 *       of the next double): re-checked;
 *   <li>string {@code =} and {@code IN} → the value, or a comma list: re-checked (MAST may compare
 *       without regard to case);
 *   <li>{@code <>} ({@code NOT(=)}) → {@code "!x"}: re-checked (NULL handling may differ);
 *   <li>{@code LIKE 'x%'}, {@code startsWith}, {@code endsWith}, {@code contains} → {@code *} wildcards:
 *       re-checked;
 *   <li>everything else, columns of other types, values holding MAST's operator characters ({@code , * ! < > ..}), timestamps,
 *       computed and non-queryable columns ({@code ang_sep}, {@code search_pos}, {@code search_key}) →
 *       Spark.
 * </ul>
 *
 * One condition per column: a second non-range predicate on a column already conditioned stays with
 * Spark; ranges on one column are merged. Single use, built on the driver.
 */
final class MissionConditions {
    /** The columns MAST computes for each search rather than stores: no condition can name them. */
    static final Set<String> COMPUTED = Set.of("ang_sep", "search_pos", "search_key");

    private final Map<String, Column> columns = new LinkedHashMap<>();

    /** Computed and non-queryable columns, and columns neither numeric nor string, stay with Spark. */
    private static boolean pushable(Comparison c) {
        StructField field = c.field();
        return (c.numeric() || c.string())
                && !COMPUTED.contains(field.name().toLowerCase(Locale.ROOT))
                && MissionSchemas.queryable(field);
    }

    /** Takes a comparison into the conditions, or leaves it to Spark. */
    Pushdown push(Comparison c) {
        if (!pushable(c)) {
            return Pushdown.SPARK;
        }
        Boolean exactly = convert(c);
        return exactly == null ? Pushdown.SPARK : exactly ? Pushdown.EXACT : Pushdown.RECHECK;
    }

    /** @return true: exact; false: pushed and re-checked; null: not pushed */
    private Boolean convert(Comparison c) {
        String op = c.op();
        StructField field = c.field();
        boolean integral = c.integral();
        boolean string = c.string();
        List<Object> values = c.values();
        Column col = columns.get(field.name());
        switch (op) {
            case "=", "IN" -> {
                if (col != null) {
                    return null;
                }
                List<String> texts = new ArrayList<>();
                for (Object v : values) {
                    String t = string ? text(v) : number(v, integral);
                    if (t == null) {
                        return null;
                    }
                    texts.add(t);
                }
                Column n = new Column(field.name());
                if (!string && texts.size() == 1) {
                    n.condition = Condition.number(field.name(), texts.get(0));
                } else {
                    n.condition = Condition.text(field.name(), String.join(",", new LinkedHashSet<>(texts)));
                }
                columns.put(field.name(), n);
                return integral;
            }
            case "!=" -> {
                String t = string ? text(values.get(0)) : number(values.get(0), integral);
                if (col != null || t == null) {
                    return null;
                }
                Column n = new Column(field.name());
                n.condition = Condition.text(field.name(), "!" + t);
                columns.put(field.name(), n);
                return Boolean.FALSE;
            }
            case "<", "<=", ">", ">=" -> {
                if (string || (col != null && col.condition != null)) {
                    return null;
                }
                BigDecimal v = Literals.exact(values.get(0));
                if (v == null || (integral && v.stripTrailingZeros().scale() > 0)) {
                    return null;
                }
                Column n = col != null ? col : new Column(field.name());
                n.integral = integral;
                boolean upper = op.startsWith("<");
                boolean strict = op.length() == 1;
                n.bound(upper, v, strict);
                columns.put(field.name(), n);
                return integral;
            }
            case "STARTS_WITH", "ENDS_WITH", "CONTAINS" -> {
                String t = string ? text(values.get(0)) : null;
                if (col != null || t == null || t.isEmpty()) {
                    return null;
                }
                String pattern = switch (op) {
                    case "STARTS_WITH" -> t + "*";
                    case "ENDS_WITH" -> "*" + t;
                    default -> "*" + t + "*";
                };
                Column n = new Column(field.name());
                n.condition = Condition.text(field.name(), pattern);
                columns.put(field.name(), n);
                return Boolean.FALSE;
            }
            default -> {
                return null;
            }
        }
    }

    /** A string value MAST reads literally: no operator characters, no surrounding space. */
    private static String text(Object v) {
        String s = v.toString();
        if (s.isEmpty()
                || !s.equals(s.strip())
                || s.contains(",")
                || s.contains("*")
                || s.contains("..")
                || s.startsWith("!")
                || s.startsWith("<")
                || s.startsWith(">")) {
            return null;
        }
        return s;
    }

    private static String number(Object v, boolean integral) {
        BigDecimal d = Literals.exact(v);
        if (d == null) {
            return null;
        }
        if (integral) {
            return d.stripTrailingZeros().scale() > 0 ? null : d.toBigInteger().toString();
        }
        return d.toPlainString();
    }

    /** The conditions to send, one per column, in the order the predicates named them. */
    List<Condition> conditions() {
        List<Condition> out = new ArrayList<>();
        for (Column c : columns.values()) {
            out.add(c.condition != null ? c.condition : c.range());
        }
        return out;
    }

    /** What one column's predicates come to. */
    private static final class Column {
        final String name;
        Condition condition;
        boolean integral;
        BigDecimal lo;
        boolean loStrict;
        BigDecimal hi;
        boolean hiStrict;

        Column(String name) {
            this.name = name;
        }

        void bound(boolean upper, BigDecimal v, boolean strict) {
            if (upper) {
                int cmp = hi == null ? -1 : v.compareTo(hi);
                if (cmp < 0 || (cmp == 0 && strict)) {
                    hi = v;
                    hiStrict = strict;
                }
            } else {
                int cmp = lo == null ? 1 : v.compareTo(lo);
                if (cmp > 0 || (cmp == 0 && strict)) {
                    lo = v;
                    loStrict = strict;
                }
            }
        }

        Condition range() {
            BigDecimal l = lo;
            BigDecimal h = hi;
            if (integral) {
                // Integers: strict bounds become inclusive ones exactly.
                if (l != null && loStrict) {
                    l = l.add(BigDecimal.ONE);
                }
                if (h != null && hiStrict) {
                    h = h.subtract(BigDecimal.ONE);
                }
                if (l != null && h != null) {
                    return Condition.text(name, plain(l) + ".." + plain(h));
                }
                return l != null
                        ? Condition.text(name, ">" + plain(l.subtract(BigDecimal.ONE)))
                        : Condition.text(name, "<" + plain(h.add(BigDecimal.ONE)));
            }
            if (l != null && h != null) {
                // An inclusive range; strict ends are re-checked by Spark.
                return Condition.text(name, plain(l) + ".." + plain(h));
            }
            if (l != null) {
                double d = l.doubleValue();
                return Condition.text(name, ">" + plain(loStrict ? l : BigDecimal.valueOf(Math.nextDown(d))));
            }
            double d = h.doubleValue();
            return Condition.text(name, "<" + plain(hiStrict ? h : BigDecimal.valueOf(Math.nextUp(d))));
        }

        private static String plain(BigDecimal v) {
            return v.stripTrailingZeros().toPlainString();
        }
    }
}
