package org.mastspark.connector.read;

import java.math.BigDecimal;
import org.apache.spark.sql.types.Decimal;

/**
 * Numeric literals as Spark hands them to a scan's pushdown (a pushed predicate's or function's constants): SQL
 * integers as {@code Integer}/{@code Long} (and {@code Short}/{@code Byte} when cast), floating-point constants as
 * {@code Double}/{@code Float}, SQL decimal constants ({@code 0.5}) as Spark's {@link Decimal}. The one place the
 * pushdowns ({@link ConePushdown}, {@link Comparison}, the Portal filters) turn them into numbers.
 */
public final class Literals {
    private Literals() {}

    /**
     * A literal as a double: any {@link Number} (NaN and infinities as they are) or a Spark {@link Decimal};
     * null for anything else (strings, booleans, null).
     */
    public static Double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Decimal d) {
            return d.toDouble();
        }
        return null;
    }

    /**
     * A literal's exact value: {@code Long}, {@code Integer}, {@code Short}, {@code Byte}, a finite {@code Double}
     * or {@code Float} (its shortest decimal representation, as {@link BigDecimal#valueOf(double)} gives it) or a
     * Spark {@link Decimal}; null for NaN, infinities and anything else, including Java's {@code BigDecimal}, which
     * Spark does not put in a literal.
     */
    public static BigDecimal exact(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (v instanceof Decimal d) {
            return d.toJavaBigDecimal();
        }
        return null;
    }
}
