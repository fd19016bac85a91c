package org.mastspark.connector.read;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * One predicate as a source sees it: a top-level column of the table compared with non-null literals,
 * {@code column op v1, v2, ...}. Made by {@link PredicateWalk}; sources classify it ({@link SourceQuery#push}).
 *
 * @param op Spark's predicate name ({@code =}, {@code IN}, {@code <}, {@code <=}, {@code >}, {@code >=},
 *     {@code STARTS_WITH}, {@code ENDS_WITH}, {@code CONTAINS}), or {@code !=} for {@code NOT(=)}
 * @param field the column, as the table's schema names it
 * @param values the literals, none null, as Spark gives them (numbers, {@code UTF8String}, {@code Decimal})
 */
public record Comparison(String op, StructField field, List<Object> values) {
    /** The column's name as the schema has it. */
    public String column() {
        return field.name();
    }

    /** Whether the column is of an integer type (long, int, short, byte). */
    public boolean integral() {
        DataType t = field.dataType();
        return t.equals(DataTypes.LongType)
                || t.equals(DataTypes.IntegerType)
                || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }

    /** Whether the column is floating-point (double, float). */
    public boolean floating() {
        DataType t = field.dataType();
        return t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType);
    }

    /** Whether the column is numeric: {@link #integral()} or {@link #floating()}. */
    public boolean numeric() {
        return integral() || floating();
    }

    /** Whether the column is a string. */
    public boolean string() {
        return field.dataType().equals(DataTypes.StringType);
    }

    /** The single literal of a binary comparison. */
    public Object value() {
        return values.get(0);
    }

    /** The literals as text (strings as they are, numbers as Java prints them). */
    public List<String> texts() {
        return values.stream().map(Object::toString).toList();
    }

    /**
     * A numeric literal as MAST's text parameters take it: plain decimal notation, no trailing zeros; null
     * when it is not a finite number, or not whole for an integer column.
     */
    public String plainNumber(Object v) {
        BigDecimal d = Literals.exact(v);
        if (d == null || (integral() && d.stripTrailingZeros().scale() > 0)) {
            return null;
        }
        return d.stripTrailingZeros().toPlainString();
    }
}
