package org.mastspark.connector.read.service;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mastspark.connector.client.MastException;

/**
 * Turns client values (String, Double, Long, Boolean, Instant, LocalDate) into Spark's internal values
 * for a schema; the conversion per column is decided once. Not thread safe (one per reader).
 */
public final class SparkRowConverter {
    private static final byte AS_IS = 0;
    private static final byte UTF8 = 1;
    private static final byte FLOAT = 2;
    private static final byte INT = 3;
    private static final byte SHORT = 4;
    private static final byte BYTE = 5;
    private static final byte MICROS = 6;
    private static final byte DAYS = 7;

    private final StructType schema;
    private final byte[] kinds;

    public SparkRowConverter(StructType schema) {
        this.schema = schema;
        this.kinds = new byte[schema.size()];
        for (int i = 0; i < kinds.length; i++) {
            DataType t = schema.fields()[i].dataType();
            kinds[i] = t.equals(DataTypes.StringType)
                    ? UTF8
                    : t.equals(DataTypes.FloatType)
                            ? FLOAT
                            : t.equals(DataTypes.IntegerType)
                                    ? INT
                                    : t.equals(DataTypes.ShortType)
                                            ? SHORT
                                            : t.equals(DataTypes.ByteType)
                                                    ? BYTE
                                                    : t.equals(DataTypes.TimestampType)
                                                                    || t.equals(DataTypes.TimestampNTZType)
                                                            ? MICROS
                                                            : t.equals(DataTypes.DateType) ? DAYS : AS_IS;
        }
    }

    /**
     * The first {@code schema.size()} values of a client row as a Spark row. A row of exactly the schema's
     * width is converted in place and becomes the Spark row (cursors hand out a fresh array per row).
     */
    public InternalRow toRow(Object[] row) {
        Object[] values = row.length == kinds.length ? row : java.util.Arrays.copyOf(row, kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            values[i] = switch (kinds[i]) {
                case UTF8 -> UTF8String.fromString((String) v);
                case FLOAT -> ((Double) v).floatValue();
                case INT -> (int) checked((Long) v, Integer.MIN_VALUE, Integer.MAX_VALUE, i);
                case SHORT -> (short) checked((Long) v, Short.MIN_VALUE, Short.MAX_VALUE, i);
                case BYTE -> (byte) checked((Long) v, Byte.MIN_VALUE, Byte.MAX_VALUE, i);
                case MICROS -> {
                    Instant at = (Instant) v;
                    yield Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
                }
                case DAYS -> (int) ((LocalDate) v).toEpochDay();
                default -> v;
            };
        }
        return new GenericInternalRow(values);
    }

    private long checked(long v, long min, long max, int column) {
        if (v < min || v > max) {
            throw new MastException("Column '" + schema.fields()[column].name() + "': value " + v + " does not fit "
                    + schema.fields()[column].dataType().simpleString() + "; read it as long with .schema(...)");
        }
        return v;
    }
}
