package org.mastspark.connector.fits;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A pushed predicate evaluated once per file, on the columns whose value is the same for every row of a file
 * ({@code path}, {@code hdu}, header-keyword columns). A file is skipped only when the predicate is FALSE or
 * NULL for it (then no row of the file passes Spark's WHERE); what cannot be evaluated here (a data column, a
 * function) is UNKNOWN and keeps the file. Spark still applies every predicate to the rows, so correctness
 * never depends on this. Immutable and serializable (Spark's predicates are not sent to executors).
 */
interface FitsFileFilter extends Serializable {
    /** Three-valued logic plus UNKNOWN (not decidable from file-level values). */
    enum Tri {
        TRUE,
        FALSE,
        NULL,
        UNKNOWN;

        boolean skips() {
            return this == FALSE || this == NULL;
        }
    }

    /**
     * Evaluates the predicate.
     *
     * @param values a file-level column's value by name (String, Long, Double, Boolean or null); columns
     *     without a file-level value are absent from {@code known}
     */
    Tri eval(Function<String, Object> values, Set<String> known);

    /** The predicate as SQL, for plans. */
    String describe();

    /** Whether {@code p} becomes a filter that can skip files (it refers to one of {@code fileColumns}). */
    static FitsFileFilter convert(Predicate p, Set<String> fileColumns) {
        Node n = node(p, fileColumns);
        return n instanceof Unknown ? null : new Top(n, p.toString());
    }

    /** Every filter must keep a file for it to be read; any that skips it skips it. */
    static boolean skips(List<FitsFileFilter> filters, Function<String, Object> values, Set<String> known) {
        for (FitsFileFilter f : filters) {
            if (f.eval(values, known).skips()) {
                return true;
            }
        }
        return false;
    }

    /** One node of a predicate tree. */
    interface Node extends Serializable {
        Tri eval(Function<String, Object> values, Set<String> known);
    }

    record Top(Node node, String describe) implements FitsFileFilter {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            return node.eval(values, known);
        }
    }

    record Unknown() implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            return Tri.UNKNOWN;
        }
    }

    record Const(Tri value) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            return value;
        }
    }

    record And(Node a, Node b) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            Tri x = a.eval(values, known);
            Tri y = b.eval(values, known);
            if (x == Tri.FALSE || y == Tri.FALSE) {
                return Tri.FALSE;
            }
            if (x == Tri.UNKNOWN || y == Tri.UNKNOWN) {
                return Tri.UNKNOWN;
            }
            return x == Tri.NULL || y == Tri.NULL ? Tri.NULL : Tri.TRUE;
        }
    }

    record Or(Node a, Node b) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            Tri x = a.eval(values, known);
            Tri y = b.eval(values, known);
            if (x == Tri.TRUE || y == Tri.TRUE) {
                return Tri.TRUE;
            }
            if (x == Tri.UNKNOWN || y == Tri.UNKNOWN) {
                return Tri.UNKNOWN;
            }
            return x == Tri.NULL || y == Tri.NULL ? Tri.NULL : Tri.FALSE;
        }
    }

    record Not(Node a) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            return switch (a.eval(values, known)) {
                case TRUE -> Tri.FALSE;
                case FALSE -> Tri.TRUE;
                case NULL -> Tri.NULL;
                case UNKNOWN -> Tri.UNKNOWN;
            };
        }
    }

    /** {@code column op literal} for {@code =, <>, <=>, <, <=, >, >=}, STARTS_WITH, ENDS_WITH, CONTAINS. */
    record Compare(String op, String column, Object literal) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            if (!known.contains(column)) {
                return Tri.UNKNOWN;
            }
            Object v = values.apply(column);
            if (op.equals("<=>")) {
                if (v == null || literal == null) {
                    return v == null && literal == null ? Tri.TRUE : Tri.FALSE;
                }
            } else if (v == null || literal == null) {
                return Tri.NULL;
            }
            switch (op) {
                case "STARTS_WITH", "ENDS_WITH", "CONTAINS" -> {
                    if (!(v instanceof String s) || !(literal instanceof String l)) {
                        return Tri.UNKNOWN;
                    }
                    boolean r = op.equals("STARTS_WITH")
                            ? s.startsWith(l)
                            : op.equals("ENDS_WITH") ? s.endsWith(l) : s.contains(l);
                    return r ? Tri.TRUE : Tri.FALSE;
                }
                default -> {
                    Integer c = compare(v, literal);
                    if (c == null) {
                        return Tri.UNKNOWN;
                    }
                    boolean r = switch (op) {
                        case "=", "<=>" -> c == 0;
                        case "<>" -> c != 0;
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case ">" -> c > 0;
                        case ">=" -> c >= 0;
                        default -> throw new IllegalStateException(op);
                    };
                    return r ? Tri.TRUE : Tri.FALSE;
                }
            }
        }
    }

    record In(String column, List<Object> literals) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            if (!known.contains(column)) {
                return Tri.UNKNOWN;
            }
            Object v = values.apply(column);
            if (v == null) {
                return Tri.NULL;
            }
            boolean sawNull = false;
            for (Object l : literals) {
                if (l == null) {
                    sawNull = true;
                    continue;
                }
                Integer c = compare(v, l);
                if (c == null) {
                    return Tri.UNKNOWN;
                }
                if (c == 0) {
                    return Tri.TRUE;
                }
            }
            return sawNull ? Tri.NULL : Tri.FALSE;
        }
    }

    record IsNull(String column, boolean negated) implements Node {
        @Override
        public Tri eval(Function<String, Object> values, Set<String> known) {
            if (!known.contains(column)) {
                return Tri.UNKNOWN;
            }
            boolean isNull = values.apply(column) == null;
            return isNull != negated ? Tri.TRUE : Tri.FALSE;
        }
    }

    /** Orders two values of the same kind (numbers, strings, booleans); null when they are not comparable. */
    private static Integer compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            if (Double.isNaN(dx) || Double.isInfinite(dx) || Double.isNaN(dy) || Double.isInfinite(dy)) {
                // Spark orders NaN above every number and equal to itself, as Double.compare does
                return Double.compare(dx, dy);
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof String x && b instanceof String y) {
            return UTF8String.fromString(x).compareTo(UTF8String.fromString(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return null;
    }

    private static Node node(Predicate p, Set<String> fileColumns) {
        Expression[] c = p.children();
        switch (p.name()) {
            case "AND":
                return simplify(new And(node((Predicate) c[0], fileColumns), node((Predicate) c[1], fileColumns)));
            case "OR":
                return simplify(new Or(node((Predicate) c[0], fileColumns), node((Predicate) c[1], fileColumns)));
            case "NOT": {
                Node a = node((Predicate) c[0], fileColumns);
                return a instanceof Unknown ? a : new Not(a);
            }
            case "ALWAYS_TRUE":
                return new Const(Tri.TRUE);
            case "ALWAYS_FALSE":
                return new Const(Tri.FALSE);
            case "IS_NULL":
            case "IS_NOT_NULL": {
                String col = column(c[0], fileColumns);
                return col == null ? new Unknown() : new IsNull(col, p.name().equals("IS_NOT_NULL"));
            }
            case "IN": {
                String col = column(c[0], fileColumns);
                if (col == null) {
                    return new Unknown();
                }
                List<Object> values = new ArrayList<>();
                for (int i = 1; i < c.length; i++) {
                    if (!(c[i] instanceof Literal<?> l)) {
                        return new Unknown();
                    }
                    Object v = value(l);
                    if (v == NOT_A_VALUE) {
                        return new Unknown();
                    }
                    values.add(v);
                }
                return new In(col, values);
            }
            case "=", "<>", "<=>", "<", "<=", ">", ">=", "STARTS_WITH", "ENDS_WITH", "CONTAINS": {
                if (c.length != 2) {
                    return new Unknown();
                }
                String op = p.name();
                Expression left = c[0];
                Expression right = c[1];
                if (left instanceof Literal<?> && right instanceof NamedReference) {
                    if (op.equals("STARTS_WITH") || op.equals("ENDS_WITH") || op.equals("CONTAINS")) {
                        return new Unknown();
                    }
                    op = flip(op);
                    Expression t = left;
                    left = right;
                    right = t;
                }
                String col = column(left, fileColumns);
                if (col == null || !(right instanceof Literal<?> l)) {
                    return new Unknown();
                }
                Object v = value(l);
                return v == NOT_A_VALUE ? new Unknown() : new Compare(op, col, v);
            }
            default:
                return new Unknown();
        }
    }

    private static Node simplify(Node n) {
        if (n instanceof And a) {
            // pruning with one side of an AND is sound: the AND is false when that side is
            if (a.a() instanceof Unknown) {
                return a.b();
            }
            if (a.b() instanceof Unknown) {
                return a.a();
            }
        }
        if (n instanceof Or o && (o.a() instanceof Unknown || o.b() instanceof Unknown)) {
            return new Unknown();
        }
        return n;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private static String column(Expression e, Set<String> fileColumns) {
        if (e instanceof NamedReference r && r.fieldNames().length == 1 && fileColumns.contains(r.fieldNames()[0])) {
            return r.fieldNames()[0];
        }
        return null;
    }

    Object NOT_A_VALUE = new Object() {
        @Override
        public String toString() {
            return "not a value";
        }
    };

    /** A literal as the file-level values are held: String, Long, Double, Boolean, null; else NOT_A_VALUE. */
    private static Object value(Literal<?> l) {
        Object v = l.value();
        if (v == null) {
            return null;
        }
        if (v instanceof UTF8String || v instanceof String) {
            // Spark's pushed literals hold UTF8String; literals built through Expressions.literal a String
            return v.toString();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Decimal d) {
            return d.toJavaBigDecimal();
        }
        if (v instanceof Boolean) {
            return v;
        }
        return NOT_A_VALUE;
    }
}
