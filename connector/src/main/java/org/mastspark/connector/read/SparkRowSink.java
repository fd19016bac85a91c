package org.mastspark.connector.read;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.rows.RowSink;

/**
 * Writes MAST rows straight into one reused {@link UnsafeRow} of a read schema: strings are copied as
 * the answer's UTF-8 bytes and numbers are stored unboxed, so reading a row makes no intermediate
 * objects. Values convert to the schema's types: float, int, short and byte columns narrow, with an
 * error naming the column when a value does not fit; timestamps become microseconds, dates days.
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

    private final StructType schema;
    private final byte[] kinds;
    private final UnsafeRowWriter writer;
    private final int[] writtenIn;
    private final Object[] extras;
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
            default ->
                throw new MastException("Column '" + schema.fields()[slot].name() + "' has type "
                        + schema.fields()[slot].dataType().simpleString()
                        + ", which MAST values cannot be read as; use string, double, float, long, int, short,"
                        + " byte, boolean, timestamp or date");
        }
        writtenIn[slot] = rowNumber;
    }

    private long checked(long v, long min, long max, int column) {
        if (v < min || v > max) {
            throw new MastException("Column '" + schema.fields()[column].name() + "': value " + v + " does not fit "
                    + schema.fields()[column].dataType().simpleString() + "; read it as long with .schema(...)");
        }
        return v;
    }
}
