package org.mastspark.connector.read.hats;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.unsafe.types.UTF8String;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.Literals;

/**
 * Pushed {@link Comparison}s as parquet-java filters that keep exactly the rows Spark's predicate keeps, so
 * row groups, pages and rows are skipped without changing the answer. Handled: {@code =}, {@code !=},
 * {@code <}, {@code <=}, {@code >}, {@code >=} and {@code IN} on signed integer columns (and unsigned 8 and
 * 16-bit ones), dates, microsecond timestamps, booleans ({@code =}, {@code !=}, {@code IN}), UTF-8 strings,
 * and floating-point columns with the limits below; and {@code IS NOT NULL} on any primitive column.
 * Anything else gives null: the predicate stays with Spark.
 *
 * <p>Why the limits: Parquet's {@code notEq} keeps nulls, Spark's {@code !=} does not, so {@code !=} also
 * demands non-null. On float and double columns, {@code >}, {@code >=} and {@code !=} are not pushed: Spark
 * orders NaN above every number, so NaN rows match them, but writers such as Arrow leave NaN out of the
 * min/max statistics, so a row group holding NaN could be skipped. Parquet orders -0.0 below 0.0 where
 * Spark has them equal, so a zero literal matches both. A double literal on a float column is rounded
 * outward (a float is never equal to a double that no float represents). Decimal, unsigned 32 and 64-bit,
 * binary and nested columns, column names containing a dot and {@code STARTS_WITH}-like predicates are not
 * pushed.
 */
public final class ParquetFilters {
    private ParquetFilters() {}

    /**
     * The filter of one comparison.
     *
     * @param c the comparison, with literals as Spark gives them
     * @param schema the Parquet schema of the files read
     * @return the filter, or null when it cannot be expressed exactly
     */
    public static FilterPredicate of(Comparison c, MessageType schema) {
        PrimitiveType t = column(c.column(), schema);
        if (t == null || c.values().isEmpty()) {
            return null;
        }
        String op = c.op();
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        switch (t.getPrimitiveTypeName()) {
            case BOOLEAN:
                return booleans(c, op);
            case INT32:
                if (a == null
                        || a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                        || a instanceof IntLogicalTypeAnnotation i && (i.isSigned() || i.getBitWidth() < 32)) {
                    boolean unsigned = a instanceof IntLogicalTypeAnnotation i && !i.isSigned();
                    return integers(c, op, FilterApi.intColumn(c.column()), unsigned, true);
                }
                return null;
            case INT64:
                if (a == null
                        || a instanceof IntLogicalTypeAnnotation i && i.isSigned()
                        || a instanceof TimestampLogicalTypeAnnotation ts
                                && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS) {
                    return integers(c, op, FilterApi.longColumn(c.column()), false, false);
                }
                return null;
            case FLOAT:
                return a == null ? floats(c, op, true) : null;
            case DOUBLE:
                return a == null ? floats(c, op, false) : null;
            case BINARY:
                return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        ? strings(c, op)
                        : null;
            default:
                return null;
        }
    }

    /**
     * {@code column IS NOT NULL}, for any top-level primitive column.
     *
     * @return the filter, or null when the column is not a top-level primitive one
     */
    public static FilterPredicate notNull(String column, MessageType schema) {
        PrimitiveType t = column(column, schema);
        if (t == null) {
            return null;
        }
        return switch (t.getPrimitiveTypeName()) {
            case BOOLEAN -> FilterApi.notEq(FilterApi.booleanColumn(column), null);
            case INT32 -> FilterApi.notEq(FilterApi.intColumn(column), null);
            case INT64 -> FilterApi.notEq(FilterApi.longColumn(column), null);
            case FLOAT -> FilterApi.notEq(FilterApi.floatColumn(column), null);
            case DOUBLE -> FilterApi.notEq(FilterApi.doubleColumn(column), null);
            default -> FilterApi.notEq(FilterApi.binaryColumn(column), null);
        };
    }

    private static PrimitiveType column(String name, MessageType schema) {
        if (name.contains(".") || !schema.containsField(name)) {
            return null;
        }
        Type t = schema.getType(name);
        if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        return t.asPrimitiveType();
    }

    private static FilterPredicate booleans(Comparison c, String op) {
        Operators.BooleanColumn col = FilterApi.booleanColumn(c.column());
        List<Boolean> values = new ArrayList<>();
        for (Object v : c.values()) {
            if (!(v instanceof Boolean b)) {
                return null;
            }
            values.add(b);
        }
        return switch (op) {
            case "=" -> FilterApi.eq(col, values.get(0));
            case "!=" -> FilterApi.and(FilterApi.notEq(col, values.get(0)), FilterApi.notEq(col, null));
            case "IN" -> FilterApi.in(col, new LinkedHashSet<>(values));
            default -> null;
        };
    }

    /** Integer (and date, timestamp) columns: only literals that are whole and in the column's range. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static FilterPredicate integers(
            Comparison c, String op, Operators.Column<?> column, boolean unsigned, boolean int32) {
        List<Comparable> values = new ArrayList<>();
        for (Object v : c.values()) {
            BigDecimal d = Literals.exact(v);
            if (d == null || d.stripTrailingZeros().scale() > 0) {
                return null;
            }
            long min = unsigned ? 0 : int32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = int32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                // out of the column's range: the stored comparator (unsigned, or a narrower width) could
                // order such a literal differently from Spark
                return null;
            }
            values.add(int32 ? (Comparable) Integer.valueOf(d.intValueExact()) : Long.valueOf(d.longValueExact()));
        }
        return compare((Operators.Column) column, op, values, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static FilterPredicate compare(Operators.Column col, String op, List<Comparable> values, boolean notNe) {
        Operators.Column c = col;
        Comparable v = values.get(0);
        return switch (op) {
            case "=" -> FilterApi.eq((Operators.Column & Operators.SupportsEqNotEq) c, v);
            case "!=" ->
                notNe
                        ? FilterApi.and(
                                FilterApi.notEq((Operators.Column & Operators.SupportsEqNotEq) c, v),
                                FilterApi.notEq((Operators.Column & Operators.SupportsEqNotEq) c, null))
                        : null;
            case "<" -> FilterApi.lt((Operators.Column & Operators.SupportsLtGt) c, v);
            case "<=" -> FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) c, v);
            case ">" -> FilterApi.gt((Operators.Column & Operators.SupportsLtGt) c, v);
            case ">=" -> FilterApi.gtEq((Operators.Column & Operators.SupportsLtGt) c, v);
            case "IN" -> FilterApi.in((Operators.Column & Operators.SupportsEqNotEq) c, new LinkedHashSet<>(values));
            default -> null;
        };
    }

    /** Float and double columns: see the class comment for NaN, signed zeros and rounding. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static FilterPredicate floats(Comparison c, String op, boolean isFloat) {
        List<Double> literals = new ArrayList<>();
        for (Object v : c.values()) {
            if (!(v instanceof Double
                    || v instanceof Float
                    || v instanceof Long
                    || v instanceof Integer
                    || v instanceof Short
                    || v instanceof Byte)) {
                return null;
            }
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return null;
            }
            if (!(v instanceof Double || v instanceof Float)
                    && new BigDecimal(d).compareTo(BigDecimal.valueOf(((Number) v).longValue())) != 0) {
                // a long no double represents
                return null;
            }
            literals.add(d);
        }
        Operators.Column col = isFloat ? FilterApi.floatColumn(c.column()) : FilterApi.doubleColumn(c.column());
        double v = literals.get(0);
        switch (op) {
            case "<", "<=" -> {
                // the largest column value that can satisfy it; a zero includes -0.0 for <=, excludes both for <
                Comparable bound;
                if (v == 0) {
                    bound = op.equals("<") ? neg0(isFloat) : pos0(isFloat);
                    return op.equals("<")
                            ? FilterApi.lt((Operators.Column & Operators.SupportsLtGt) col, bound)
                            : FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, bound);
                }
                if (!isFloat) {
                    return op.equals("<")
                            ? FilterApi.lt((Operators.Column & Operators.SupportsLtGt) col, v)
                            : FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, v);
                }
                float f = (float) v;
                if (f == v) {
                    return op.equals("<")
                            ? FilterApi.lt((Operators.Column & Operators.SupportsLtGt) col, f)
                            : FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, f);
                }
                // no float equals v: both are "at most the largest float below v"
                float below = f > v ? Math.nextDown(f) : f;
                return FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) col, below);
            }
            case "=", "IN" -> {
                if (op.equals("=") && literals.size() != 1) {
                    return null;
                }
                Set<Comparable> set = new LinkedHashSet<>();
                for (double d : literals) {
                    if (d == 0) {
                        set.add(neg0(isFloat));
                        set.add(pos0(isFloat));
                    } else if (!isFloat) {
                        set.add(d);
                    } else if ((float) d == d) {
                        set.add((float) d);
                    }
                }
                if (set.isEmpty()) {
                    return null;
                }
                if (set.size() == 1) {
                    return FilterApi.eq(
                            (Operators.Column & Operators.SupportsEqNotEq) col,
                            set.iterator().next());
                }
                return FilterApi.in((Operators.Column & Operators.SupportsEqNotEq) col, set);
            }
            default -> {
                return null;
            }
        }
    }

    private static Comparable<?> neg0(boolean isFloat) {
        return isFloat ? (Comparable<?>) Float.valueOf(-0.0f) : Double.valueOf(-0.0);
    }

    private static Comparable<?> pos0(boolean isFloat) {
        return isFloat ? (Comparable<?>) Float.valueOf(0.0f) : Double.valueOf(0.0);
    }

    private static FilterPredicate strings(Comparison c, String op) {
        List<Comparable> values = new ArrayList<>();
        for (Object v : c.values()) {
            byte[] bytes;
            if (v instanceof UTF8String u) {
                bytes = u.getBytes();
            } else if (v instanceof String s) {
                bytes = s.getBytes(StandardCharsets.UTF_8);
            } else {
                return null;
            }
            values.add(Binary.fromConstantByteArray(bytes));
        }
        return compare(FilterApi.binaryColumn(c.column()), op, values, true);
    }
}
