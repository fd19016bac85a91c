package org.mastspark.connector.fits;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One column of a FITS batch: a plain Java array of the column's Spark type, so that Spark's generated
 * columnar-to-row code reads a cell with one array load instead of the per-row virtual calls of a row-based
 * scan. Spark's own writable vectors live in an internal package; this class uses only the public
 * {@link ColumnVector} API, identical in Spark 3.5 and 4.x. Scalar types only (see {@link #supports}); array,
 * map and struct columns are read row by row.
 */
final class FitsVector extends ColumnVector {
    private final int kind;
    private boolean[] bools;
    private byte[] bytes;
    private short[] shorts;
    private int[] ints;
    private long[] longs;
    private float[] floats;
    private double[] doubles;
    private Object[] objects;
    private boolean[] nulls;
    private int numNulls;

    private static final int BOOLEAN = 0;
    private static final int BYTE = 1;
    private static final int SHORT = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int FLOAT = 5;
    private static final int DOUBLE = 6;
    /** UTF8String or Decimal values in {@link #objects}. */
    private static final int OBJECT = 7;

    FitsVector(DataType type, int capacity) {
        super(type);
        this.kind = kind(type);
        switch (kind) {
            case BOOLEAN -> bools = new boolean[capacity];
            case BYTE -> bytes = new byte[capacity];
            case SHORT -> shorts = new short[capacity];
            case INT -> ints = new int[capacity];
            case LONG -> longs = new long[capacity];
            case FLOAT -> floats = new float[capacity];
            case DOUBLE -> doubles = new double[capacity];
            default -> objects = new Object[capacity];
        }
        nulls = new boolean[capacity];
    }

    /** Whether every field of {@code schema} has a type this vector holds. */
    static boolean supports(StructType schema) {
        for (StructField f : schema.fields()) {
            if (kind(f.dataType()) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int kind(DataType t) {
        if (t instanceof BooleanType) {
            return BOOLEAN;
        } else if (t instanceof ByteType) {
            return BYTE;
        } else if (t instanceof ShortType) {
            return SHORT;
        } else if (t instanceof IntegerType) {
            return INT;
        } else if (t instanceof LongType) {
            return LONG;
        } else if (t instanceof FloatType) {
            return FLOAT;
        } else if (t instanceof DoubleType) {
            return DOUBLE;
        } else if (t instanceof StringType || t instanceof DecimalType) {
            return OBJECT;
        }
        return -1;
    }

    /** Clears the null flags of rows {@code [0, n)}, before a batch is written. */
    void reset(int n) {
        if (numNulls > 0) {
            Arrays.fill(nulls, 0, n, false);
            numNulls = 0;
        }
    }

    void setNull(int row) {
        if (!nulls[row]) {
            nulls[row] = true;
            numNulls++;
        }
    }

    boolean[] booleans() {
        return bools;
    }

    byte[] bytes() {
        return bytes;
    }

    short[] shorts() {
        return shorts;
    }

    int[] ints() {
        return ints;
    }

    long[] longs() {
        return longs;
    }

    float[] floats() {
        return floats;
    }

    double[] doubles() {
        return doubles;
    }

    Object[] objects() {
        return objects;
    }

    /** Writes ordinal {@code ord} of {@code row} (of this vector's type) at {@code at}, null included. */
    void set(int at, InternalRow row, int ord) {
        if (row.isNullAt(ord)) {
            setNull(at);
            return;
        }
        switch (kind) {
            case BOOLEAN -> bools[at] = row.getBoolean(ord);
            case BYTE -> bytes[at] = row.getByte(ord);
            case SHORT -> shorts[at] = row.getShort(ord);
            case INT -> ints[at] = row.getInt(ord);
            case LONG -> longs[at] = row.getLong(ord);
            case FLOAT -> floats[at] = row.getFloat(ord);
            case DOUBLE -> doubles[at] = row.getDouble(ord);
            default ->
                objects[at] = type instanceof DecimalType d
                        ? row.getDecimal(ord, d.precision(), d.scale())
                        : row.getUTF8String(ord);
        }
    }

    /** Writes one Java value (as a row holds it: UTF8String, Decimal, boxed primitive, or null) at rows [0, n). */
    void fill(Object value, int n) {
        if (value == null) {
            for (int i = 0; i < n; i++) {
                setNull(i);
            }
            return;
        }
        switch (kind) {
            case BOOLEAN -> Arrays.fill(bools, 0, n, (Boolean) value);
            case BYTE -> Arrays.fill(bytes, 0, n, ((Number) value).byteValue());
            case SHORT -> Arrays.fill(shorts, 0, n, ((Number) value).shortValue());
            case INT -> Arrays.fill(ints, 0, n, ((Number) value).intValue());
            case LONG -> Arrays.fill(longs, 0, n, ((Number) value).longValue());
            case FLOAT -> Arrays.fill(floats, 0, n, ((Number) value).floatValue());
            case DOUBLE -> Arrays.fill(doubles, 0, n, ((Number) value).doubleValue());
            default -> Arrays.fill(objects, 0, n, value);
        }
    }

    @Override
    public void close() {}

    @Override
    public boolean hasNull() {
        return numNulls > 0;
    }

    @Override
    public int numNulls() {
        return numNulls;
    }

    @Override
    public boolean isNullAt(int rowId) {
        return nulls[rowId];
    }

    @Override
    public boolean getBoolean(int rowId) {
        return bools[rowId];
    }

    @Override
    public byte getByte(int rowId) {
        return bytes[rowId];
    }

    @Override
    public short getShort(int rowId) {
        return shorts[rowId];
    }

    @Override
    public int getInt(int rowId) {
        return ints[rowId];
    }

    @Override
    public long getLong(int rowId) {
        return longs[rowId];
    }

    @Override
    public float getFloat(int rowId) {
        return floats[rowId];
    }

    @Override
    public double getDouble(int rowId) {
        return doubles[rowId];
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
        return nulls[rowId] ? null : (Decimal) objects[rowId];
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
        return nulls[rowId] ? null : (UTF8String) objects[rowId];
    }

    @Override
    public ColumnarArray getArray(int rowId) {
        throw new UnsupportedOperationException("FITS batches hold scalar columns only, not " + type.simpleString());
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
        throw new UnsupportedOperationException("FITS batches hold scalar columns only, not " + type.simpleString());
    }

    @Override
    public byte[] getBinary(int rowId) {
        throw new UnsupportedOperationException("FITS batches hold scalar columns only, not " + type.simpleString());
    }

    @Override
    public ColumnVector getChild(int ordinal) {
        throw new UnsupportedOperationException("FITS batches hold scalar columns only, not " + type.simpleString());
    }
}
