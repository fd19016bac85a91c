package org.mastspark.connector.read;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.rows.RowSink;

/**
 * Writes MAST rows straight into one reused {@link UnsafeRow} of a read schema: strings are copied as
 * the answer's UTF-8 bytes and numbers are stored unboxed, so reading a row makes no intermediate
 * objects. Values convert to the schema's types: float, int, short and byte columns narrow, with an
 * error naming the column when a value does not fit; timestamps become microseconds, dates days; binary
 * columns take {@code byte[]}, decimal columns {@code BigDecimal} (or Spark's {@code Decimal}), and array,
 * struct and map columns {@code Object[]} of elements, {@code Object[]} of fields and {@code java.util.Map}
 * of such Java values.
 *
 * <p>Positions at or beyond the schema's width (layout columns a reader needs but does not return, such as
 * a catalog's position) are kept aside as objects, readable with {@link #hasValue} and {@link #getDouble}.
 * A position that gets no value in a row is null in it. The row returned by {@link #finishRow()} is
 * overwritten by the next row: Spark copies what it keeps. Not thread safe.
 */
public final class SparkRowSink implements RowSink {
    private static final byte AS_IS = 0;
    private static final byte UTF8 = 1;
    private static final byte DOUBLE = 2;
    private static final byte FLOAT = 3;
    private static final byte LONG = 4;
    private static final byte INT = 5;
    private static final byte SHORT = 6;
    private static final byte BYTE = 7;
    private static final byte BOOLEAN = 8;
    private static final byte MICROS = 9;
    private static final byte DAYS = 10;
    private static final byte BINARY = 11;
    private static final byte DECIMAL = 12;
    private static final byte NESTED = 13;

    private final StructType schema;
    private final byte[] kinds;
    private final UnsafeRowWriter writer;
    private final int[] writtenIn;
    private final Object[] extras;
    private UnsafeProjection[] nested;
    private int rowNumber;

    /**
     * @param schema the read schema: the row's columns, in layout order
     * @param layoutWidth the layout's width; positions from {@code schema.size()} on are kept aside
     */
    public SparkRowSink(StructType schema, int layoutWidth) {
        this.schema = schema;
        int width = schema.size();
        this.kinds = new byte[width];
        for (int i = 0; i < width; i++) {
            kinds[i] = kind(schema.fields()[i].dataType());
        }
        this.writer = new UnsafeRowWriter(width, 1024);
        this.writtenIn = new int[width];
        this.extras = new Object[Math.max(0, layoutWidth - width)];
    }

    private static byte kind(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return UTF8;
        } else if (t.equals(DataTypes.DoubleType)) {
            return DOUBLE;
        } else if (t.equals(DataTypes.FloatType)) {
            return FLOAT;
        } else if (t.equals(DataTypes.LongType)) {
            return LONG;
        } else if (t.equals(DataTypes.IntegerType)) {
            return INT;
        } else if (t.equals(DataTypes.ShortType)) {
            return SHORT;
        } else if (t.equals(DataTypes.ByteType)) {
            return BYTE;
        } else if (t.equals(DataTypes.BooleanType)) {
            return BOOLEAN;
        } else if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
            return MICROS;
        } else if (t.equals(DataTypes.DateType)) {
            return DAYS;
        } else if (t.equals(DataTypes.BinaryType)) {
            return BINARY;
        } else if (t instanceof DecimalType) {
            return DECIMAL;
        } else if (t instanceof ArrayType || t instanceof StructType || t instanceof MapType) {
            return NESTED;
        }
        return AS_IS;
    }

    @Override
    public void startRow() {
        rowNumber++;
        writer.reset();
        writer.zeroOutNullBytes();
        Arrays.fill(extras, null);
    }

    /** The row, with every position that got no value this row set to null. */
    public UnsafeRow finishRow() {
        for (int i = 0; i < kinds.length; i++) {
            if (writtenIn[i] != rowNumber) {
                writer.setNullAt(i);
            }
        }
        return writer.getRow();
    }

    /** Whether a position holds a non-null value in the current row. */
    public boolean hasValue(int slot) {
        if (slot >= kinds.length) {
            return extras[slot - kinds.length] != null;
        }
        return writtenIn[slot] == rowNumber && !writer.isNullAt(slot);
    }

    /** The value at a string position that {@link #hasValue has a value}, as text. */
    public String getString(int slot) {
        if (slot >= kinds.length) {
            return extras[slot - kinds.length].toString();
        }
        return writer.getRow().getUTF8String(slot).toString();
    }

    /** The value at a double or float position that {@link #hasValue has a value}. */
    public double getDouble(int slot) {
        if (slot >= kinds.length) {
            return ((Number) extras[slot - kinds.length]).doubleValue();
        }
        UnsafeRow row = writer.getRow();
        return kinds[slot] == FLOAT ? row.getFloat(slot) : row.getDouble(slot);
    }

    @Override
    public void putNull(int slot) {
        if (slot >= kinds.length) {
            extras[slot - kinds.length] = null;
            return;
        }
        // left for finishRow, so that a later value for the same key still wins
        writtenIn[slot] = rowNumber - 1;
    }

    @Override
    public void putUtf8(int slot, byte[] bytes, int offset, int length) {
        if (slot >= kinds.length || kinds[slot] != UTF8) {
            putValue(slot, new String(bytes, offset, length, StandardCharsets.UTF_8));
            return;
        }
        writer.write(slot, bytes, offset, length);
        writtenIn[slot] = rowNumber;
    }

    @Override
    public void putDouble(int slot, double value) {
        if (slot < kinds.length && kinds[slot] == DOUBLE) {
            writer.write(slot, value);
            writtenIn[slot] = rowNumber;
        } else if (slot < kinds.length && kinds[slot] == FLOAT) {
            writer.write(slot, (float) value);
            writtenIn[slot] = rowNumber;
        } else {
            putValue(slot, value);
        }
    }

    @Override
    public void putLong(int slot, long value) {
        if (slot >= kinds.length) {
            extras[slot - kinds.length] = value;
            return;
        }
        switch (kinds[slot]) {
            case LONG -> writer.write(slot, value);
            case INT -> writer.write(slot, (int) checked(value, Integer.MIN_VALUE, Integer.MAX_VALUE, slot));
            case SHORT -> writer.write(slot, (short) checked(value, Short.MIN_VALUE, Short.MAX_VALUE, slot));
            case BYTE -> writer.write(slot, (byte) checked(value, Byte.MIN_VALUE, Byte.MAX_VALUE, slot));
            default -> {
                putValue(slot, value);
                return;
            }
        }
        writtenIn[slot] = rowNumber;
    }

    @Override
    public void putBoolean(int slot, boolean value) {
        if (slot < kinds.length && kinds[slot] == BOOLEAN) {
            writer.write(slot, value);
            writtenIn[slot] = rowNumber;
        } else {
            putValue(slot, value);
        }
    }

    @Override
    public void putValue(int slot, Object value) {
        if (slot >= kinds.length) {
            extras[slot - kinds.length] = value;
            return;
        }
        switch (kinds[slot]) {
            case UTF8 -> {
                byte[] encoded = value.toString().getBytes(StandardCharsets.UTF_8);
                writer.write(slot, encoded, 0, encoded.length);
            }
            case DOUBLE, FLOAT -> {
                putDouble(slot, ((Number) value).doubleValue());
                return;
            }
            case LONG, INT, SHORT, BYTE -> {
                putLong(slot, ((Number) value).longValue());
                return;
            }
            case BOOLEAN -> writer.write(slot, (boolean) (Boolean) value);
            case MICROS -> {
                Instant at = (Instant) value;
                writer.write(
                        slot,
                        Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L));
            }
            case DAYS -> writer.write(slot, (int) ((LocalDate) value).toEpochDay());
            case BINARY -> writer.write(slot, (byte[]) value);
            case DECIMAL -> {
                DecimalType t = (DecimalType) schema.fields()[slot].dataType();
                writer.write(slot, decimal(value, t, slot), t.precision(), t.scale());
            }
            case NESTED -> writeNested(slot, value);
            default ->
                throw new MastException("Column '" + schema.fields()[slot].name() + "' has type "
                        + schema.fields()[slot].dataType().simpleString()
                        + ", which MAST values cannot be read as; use string, double, float, long, int, short,"
                        + " byte, boolean, timestamp or date");
        }
        writtenIn[slot] = rowNumber;
    }

    /**
     * An array ({@code Object[]} of elements), struct ({@code Object[]} of fields) or map ({@code java.util.Map})
     * of Java values, converted to Spark's values and written through a projection of the column's type.
     */
    private void writeNested(int slot, Object value) {
        DataType t = schema.fields()[slot].dataType();
        if (nested == null) {
            nested = new UnsafeProjection[kinds.length];
        }
        if (nested[slot] == null) {
            nested[slot] = UnsafeProjection.create(new DataType[] {t});
        }
        UnsafeRow one = nested[slot].apply(new GenericInternalRow(new Object[] {catalyst(value, t, slot)}));
        if (t instanceof ArrayType) {
            int start = writer.cursor();
            writer.write(one.getArray(0));
            writer.setOffsetAndSizeFromPreviousCursor(slot, start);
        } else if (t instanceof StructType st) {
            writer.write(slot, one.getStruct(0, st.size()));
        } else {
            writer.write(slot, one.getMap(0));
        }
    }

    /** A Java value (as {@link #putValue} takes them, or nested) as Spark's internal value of type t. */
    private Object catalyst(Object v, DataType t, int slot) {
        if (v == null) {
            return null;
        } else if (t.equals(DataTypes.StringType)) {
            return UTF8String.fromString(v.toString());
        } else if (t.equals(DataTypes.LongType)) {
            return ((Number) v).longValue();
        } else if (t.equals(DataTypes.IntegerType)) {
            return (int) nestedChecked(((Number) v).longValue(), Integer.MIN_VALUE, Integer.MAX_VALUE, t, slot);
        } else if (t.equals(DataTypes.ShortType)) {
            return (short) nestedChecked(((Number) v).longValue(), Short.MIN_VALUE, Short.MAX_VALUE, t, slot);
        } else if (t.equals(DataTypes.ByteType)) {
            return (byte) nestedChecked(((Number) v).longValue(), Byte.MIN_VALUE, Byte.MAX_VALUE, t, slot);
        } else if (t.equals(DataTypes.DoubleType)) {
            return ((Number) v).doubleValue();
        } else if (t.equals(DataTypes.FloatType)) {
            return ((Number) v).floatValue();
        } else if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
            Instant at = (Instant) v;
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
        } else if (t.equals(DataTypes.DateType)) {
            return (int) ((LocalDate) v).toEpochDay();
        } else if (t instanceof DecimalType d) {
            return decimal(v, d, slot);
        } else if (t instanceof ArrayType a) {
            Object[] items = (Object[]) v;
            Object[] out = new Object[items.length];
            for (int i = 0; i < items.length; i++) {
                out[i] = catalyst(items[i], a.elementType(), slot);
            }
            return new GenericArrayData(out);
        } else if (t instanceof StructType st) {
            Object[] fields = (Object[]) v;
            Object[] out = new Object[st.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = catalyst(fields[i], st.fields()[i].dataType(), slot);
            }
            return new GenericInternalRow(out);
        } else if (t instanceof MapType m) {
            Map<?, ?> map = (Map<?, ?>) v;
            Object[] keys = new Object[map.size()];
            Object[] values = new Object[map.size()];
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                keys[i] = catalyst(e.getKey(), m.keyType(), slot);
                values[i++] = catalyst(e.getValue(), m.valueType(), slot);
            }
            return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
        }
        return v;
    }

    private long nestedChecked(long v, long min, long max, DataType t, int column) {
        if (v < min || v > max) {
            throw new MastException("Column '" + schema.fields()[column].name() + "': value " + v + " does not fit "
                    + t.simpleString() + " in "
                    + schema.fields()[column].dataType().simpleString()
                    + "; read it with a wider type with .schema(...)");
        }
        return v;
    }

    private Decimal decimal(Object value, DecimalType t, int slot) {
        Decimal d = value instanceof Decimal dec ? dec.clone() : Decimal.apply((BigDecimal) value);
        if (!d.changePrecision(t.precision(), t.scale())) {
            throw new MastException("Column '" + schema.fields()[slot].name() + "': value " + value + " does not fit "
                    + t.simpleString() + "; read it with a wider decimal with .schema(...)");
        }
        return d;
    }

    private long checked(long v, long min, long max, int column) {
        if (v < min || v > max) {
            throw new MastException("Column '" + schema.fields()[column].name() + "': value " + v + " does not fit "
                    + schema.fields()[column].dataType().simpleString() + "; read it as long with .schema(...)");
        }
        return v;
    }
}
