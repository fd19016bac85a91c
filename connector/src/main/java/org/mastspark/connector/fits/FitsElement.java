package org.mastspark.connector.fits;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * How one stored numeric, logical or complex element (TFORM letters L, B, I, J, K, E, D, C, M; BITPIX for
 * images) becomes a Spark value: the unsigned TZERO conventions, other TSCAL/TZERO scaling, and TNULL/BLANK
 * compared with the STORED integer before scaling. Big-endian reads go through byte-array view VarHandles, so
 * a scalar is decoded without boxing.
 */
final class FitsElement implements Serializable {
    private static final long serialVersionUID = 1L;

    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle F64 = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    static final BigDecimal TWO_7 = BigDecimal.valueOf(-128);
    static final BigDecimal TWO_15 = BigDecimal.valueOf(32768);
    static final BigDecimal TWO_31 = BigDecimal.valueOf(2147483648L);
    static final BigDecimal TWO_63 = new BigDecimal("9223372036854775808");

    private static final int BOOL = 0;
    private static final int U8 = 1; // B as stored: unsigned byte -> short
    private static final int U8_SIGNED = 2; // B with TZERO = -128 -> byte
    private static final int S16 = 3;
    private static final int S16_UNSIGNED = 4; // I with TZERO = 32768 -> int
    private static final int S32 = 5;
    private static final int S32_UNSIGNED = 6; // J with TZERO = 2^31 -> long
    private static final int S64 = 7;
    private static final int S64_UNSIGNED = 8; // K with TZERO = 2^63 -> decimal(20,0)
    private static final int INT_SCALED = 9; // any integer with other TSCAL/TZERO -> double
    private static final int F32_PLAIN = 10;
    private static final int F32_SCALED = 11;
    private static final int F64_PLAIN = 12;
    private static final int F64_SCALED = 13;
    private static final int C64 = 14;
    private static final int C128 = 15;

    static final DecimalType UNSIGNED_LONG = DataTypes.createDecimalType(20, 0);

    private final char letter;
    private final int kind;
    private final int size;
    private final double scale;
    private final double zero;
    private final boolean hasNull;
    private final long nullValue;

    private FitsElement(char letter, int kind, double scale, double zero, boolean hasNull, long nullValue) {
        this.letter = letter;
        this.kind = kind;
        this.size = Tform.elementSize(letter);
        this.scale = scale;
        this.zero = zero;
        this.hasNull = hasNull;
        this.nullValue = nullValue;
    }

    /**
     * The element of TFORM letter {@code letter}. {@code tscal}/{@code tzero} are null when absent and are only
     * used when {@code applyScaling}; {@code tnull} is null when absent or when nullValues is off.
     */
    static FitsElement of(char letter, BigDecimal tscal, BigDecimal tzero, Long tnull, boolean applyScaling) {
        boolean integer = letter == 'B' || letter == 'I' || letter == 'J' || letter == 'K';
        BigDecimal s = applyScaling && tscal != null ? tscal : BigDecimal.ONE;
        BigDecimal z = applyScaling && tzero != null ? tzero : BigDecimal.ZERO;
        boolean unit = s.compareTo(BigDecimal.ONE) == 0;
        boolean scaled = !unit || z.signum() != 0;
        int kind = switch (letter) {
            case 'L' -> BOOL;
            case 'B' -> !scaled ? U8 : unit && z.compareTo(TWO_7) == 0 ? U8_SIGNED : INT_SCALED;
            case 'I' -> !scaled ? S16 : unit && z.compareTo(TWO_15) == 0 ? S16_UNSIGNED : INT_SCALED;
            case 'J' -> !scaled ? S32 : unit && z.compareTo(TWO_31) == 0 ? S32_UNSIGNED : INT_SCALED;
            case 'K' -> !scaled ? S64 : unit && z.compareTo(TWO_63) == 0 ? S64_UNSIGNED : INT_SCALED;
            case 'E' -> scaled ? F32_SCALED : F32_PLAIN;
            case 'D' -> scaled ? F64_SCALED : F64_PLAIN;
            case 'C' -> C64;
            case 'M' -> C128;
            default -> throw new IllegalStateException("not a numeric element: " + letter);
        };
        boolean hasNull = integer && tnull != null;
        return new FitsElement(
                letter, kind, s.doubleValue(), z.doubleValue(), hasNull, hasNull ? tnull.longValue() : 0L);
    }

    private static DataType typeOf(int kind) {
        return switch (kind) {
            case BOOL -> DataTypes.BooleanType;
            case U8, S16 -> DataTypes.ShortType;
            case U8_SIGNED -> DataTypes.ByteType;
            case S16_UNSIGNED, S32 -> DataTypes.IntegerType;
            case S32_UNSIGNED, S64 -> DataTypes.LongType;
            case S64_UNSIGNED -> UNSIGNED_LONG;
            case INT_SCALED, F64_PLAIN, F64_SCALED -> DataTypes.DoubleType;
            case F32_PLAIN, F32_SCALED -> DataTypes.FloatType;
            case C64 -> complex(DataTypes.FloatType);
            case C128 -> complex(DataTypes.DoubleType);
            default -> throw new IllegalStateException("kind " + kind);
        };
    }

    private static StructType complex(DataType part) {
        return new StructType().add("re", part, false).add("im", part, false);
    }

    DataType type() {
        return typeOf(kind);
    }

    /** Whether a value can be SQL NULL: logicals (byte 0) and integers with a TNULL. */
    boolean nullable() {
        return kind == BOOL || hasNull;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /**
     * A cell decoding this element at {@code offset} of the row: the common plain types get their own class so
     * the row loop runs one virtual call and one VarHandle read per value, no switch.
     */
    FitsCells.Cell scalarCell(int offset) {
        if (!hasNull) {
            switch (kind) {
                case F64_PLAIN:
                    return new FitsCells.DoubleCell(offset);
                case F32_PLAIN:
                    return new FitsCells.FloatCell(offset);
                case S32:
                    return new FitsCells.IntCell(offset);
                case S16:
                    return new FitsCells.ShortCell(offset);
                case S64:
                    return new FitsCells.LongCell(offset);
                default:
                    break;
            }
        }
        return new FitsCells.Scalar(this, offset);
    }

    /** The stored integer (B unsigned) at {@code p}. */
    private long stored(byte[] b, int p) {
        return switch (letter) {
            case 'B' -> b[p] & 0xFF;
            case 'I' -> (short) I16.get(b, p);
            case 'J' -> (int) I32.get(b, p);
            default -> (long) I64.get(b, p);
        };
    }

    /** Writes the element at {@code b[p]} into {@code out[ord]}, primitives without boxing. */
    void set(byte[] b, int p, InternalRow out, int ord) {
        switch (kind) {
            case BOOL -> {
                byte v = b[p];
                if (v == 'T') {
                    out.setBoolean(ord, true);
                } else if (v == 'F') {
                    out.setBoolean(ord, false);
                } else {
                    out.setNullAt(ord);
                }
            }
            case F32_PLAIN -> out.setFloat(ord, (float) F32.get(b, p));
            case F64_PLAIN -> out.setDouble(ord, (double) F64.get(b, p));
            case F32_SCALED -> out.setFloat(ord, (float) (zero + scale * (float) F32.get(b, p)));
            case F64_SCALED -> out.setDouble(ord, zero + scale * (double) F64.get(b, p));
            case C64, C128, S64_UNSIGNED -> out.update(ord, value(b, p));
            default -> {
                long v = stored(b, p);
                if (hasNull && v == nullValue) {
                    out.setNullAt(ord);
                    return;
                }
                switch (kind) {
                    case U8, S16 -> out.setShort(ord, (short) v);
                    case U8_SIGNED -> out.setByte(ord, (byte) (v - 128));
                    case S16_UNSIGNED -> out.setInt(ord, (int) v + 32768);
                    case S32 -> out.setInt(ord, (int) v);
                    case S32_UNSIGNED -> out.setLong(ord, v + 2147483648L);
                    case S64 -> out.setLong(ord, v);
                    case INT_SCALED -> out.setDouble(ord, zero + scale * v);
                    default -> throw new IllegalStateException("kind " + kind);
                }
            }
        }
    }

    /** The element at {@code b[p]} as a Spark internal value (boxed), or null. */
    Object value(byte[] b, int p) {
        switch (kind) {
            case BOOL:
                return b[p] == 'T' ? Boolean.TRUE : b[p] == 'F' ? Boolean.FALSE : null;
            case F32_PLAIN:
                return (float) F32.get(b, p);
            case F64_PLAIN:
                return (double) F64.get(b, p);
            case F32_SCALED:
                return (float) (zero + scale * (float) F32.get(b, p));
            case F64_SCALED:
                return zero + scale * (double) F64.get(b, p);
            case C64:
                return new GenericInternalRow(new Object[] {(float) F32.get(b, p), (float) F32.get(b, p + 4)});
            case C128:
                return new GenericInternalRow(new Object[] {(double) F64.get(b, p), (double) F64.get(b, p + 8)});
            default:
                long v = stored(b, p);
                if (hasNull && v == nullValue) {
                    return null;
                }
                return switch (kind) {
                    case U8, S16 -> (short) v;
                    case U8_SIGNED -> (byte) (v - 128);
                    case S16_UNSIGNED -> (int) v + 32768;
                    case S32 -> (int) v;
                    case S32_UNSIGNED -> v + 2147483648L;
                    case S64 -> v;
                    case S64_UNSIGNED -> unsignedLong(v);
                    case INT_SCALED -> zero + scale * v;
                    default -> throw new IllegalStateException("kind " + kind);
                };
        }
    }

    /** The stored int64 {@code v} plus 2^63, i.e. {@code v}'s bits read as an unsigned integer. */
    static Decimal unsignedLong(long v) {
        long flipped = v ^ Long.MIN_VALUE;
        if (flipped >= 0) {
            return Decimal.apply(flipped, 20, 0);
        }
        return Decimal.apply(new BigDecimal(new BigInteger(Long.toUnsignedString(flipped))), 20, 0);
    }

    /**
     * {@code n} consecutive elements from {@code b[p]}, written straight into an {@link UnsafeArrayData} (nulls
     * included), so no intermediate Java array is made; complex and decimal elements are boxed.
     */
    ArrayData array(byte[] b, int p, int n) {
        UnsafeArrayData a;
        switch (kind) {
            case BOOL:
                a = UnsafeArrayData.createFreshArray(n, 1);
                for (int i = 0; i < n; i++) {
                    byte v = b[p + i];
                    if (v == 'T') {
                        a.setBoolean(i, true);
                    } else if (v == 'F') {
                        a.setBoolean(i, false);
                    } else {
                        a.setNullAt(i);
                    }
                }
                return a;
            case U8:
                a = UnsafeArrayData.createFreshArray(n, 2);
                for (int i = 0; i < n; i++) {
                    int v = b[p + i] & 0xFF;
                    if (hasNull && v == nullValue) {
                        a.setNullAt(i);
                    } else {
                        a.setShort(i, (short) v);
                    }
                }
                return a;
            case U8_SIGNED:
                a = UnsafeArrayData.createFreshArray(n, 1);
                for (int i = 0; i < n; i++) {
                    int v = b[p + i] & 0xFF;
                    if (hasNull && v == nullValue) {
                        a.setNullAt(i);
                    } else {
                        a.setByte(i, (byte) (v - 128));
                    }
                }
                return a;
            case S16:
            case S16_UNSIGNED:
                a = UnsafeArrayData.createFreshArray(n, kind == S16 ? 2 : 4);
                for (int i = 0; i < n; i++) {
                    short v = (short) I16.get(b, p + 2 * i);
                    if (hasNull && v == nullValue) {
                        a.setNullAt(i);
                    } else if (kind == S16) {
                        a.setShort(i, v);
                    } else {
                        a.setInt(i, v + 32768);
                    }
                }
                return a;
            case S32:
            case S32_UNSIGNED:
                a = UnsafeArrayData.createFreshArray(n, kind == S32 ? 4 : 8);
                for (int i = 0; i < n; i++) {
                    int v = (int) I32.get(b, p + 4 * i);
                    if (hasNull && v == nullValue) {
                        a.setNullAt(i);
                    } else if (kind == S32) {
                        a.setInt(i, v);
                    } else {
                        a.setLong(i, v + 2147483648L);
                    }
                }
                return a;
            case S64:
                a = UnsafeArrayData.createFreshArray(n, 8);
                for (int i = 0; i < n; i++) {
                    long v = (long) I64.get(b, p + 8 * i);
                    if (hasNull && v == nullValue) {
                        a.setNullAt(i);
                    } else {
                        a.setLong(i, v);
                    }
                }
                return a;
            case INT_SCALED:
                a = UnsafeArrayData.createFreshArray(n, 8);
                for (int i = 0; i < n; i++) {
                    long v = stored(b, p + size * i);
                    if (hasNull && v == nullValue) {
                        a.setNullAt(i);
                    } else {
                        a.setDouble(i, zero + scale * v);
                    }
                }
                return a;
            case F32_PLAIN:
                a = UnsafeArrayData.createFreshArray(n, 4);
                for (int i = 0; i < n; i++) {
                    a.setFloat(i, (float) F32.get(b, p + 4 * i));
                }
                return a;
            case F32_SCALED:
                a = UnsafeArrayData.createFreshArray(n, 4);
                for (int i = 0; i < n; i++) {
                    a.setFloat(i, (float) (zero + scale * (float) F32.get(b, p + 4 * i)));
                }
                return a;
            case F64_PLAIN:
                a = UnsafeArrayData.createFreshArray(n, 8);
                for (int i = 0; i < n; i++) {
                    a.setDouble(i, (double) F64.get(b, p + 8 * i));
                }
                return a;
            case F64_SCALED:
                a = UnsafeArrayData.createFreshArray(n, 8);
                for (int i = 0; i < n; i++) {
                    a.setDouble(i, zero + scale * (double) F64.get(b, p + 8 * i));
                }
                return a;
            default:
                return boxed(b, p, n);
        }
    }

    private ArrayData boxed(byte[] b, int p, int n) {
        Object[] a = new Object[n];
        for (int i = 0; i < n; i++) {
            a[i] = value(b, p + size * i);
        }
        return new GenericArrayData(a);
    }
}
