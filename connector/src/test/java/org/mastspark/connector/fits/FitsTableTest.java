package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FitsTableTest {
    private static final FitsDecodeOptions RAW = new FitsDecodeOptions(false, false, true);

    static BinaryTable nom(byte[] file) throws Exception {
        return ((BinaryTableHDU) new Fits(new ByteArrayInputStream(file)).getHDU(1)).getData();
    }

    static FitsTable table(byte[] file, FitsDecodeOptions options) throws Exception {
        return FitsTable.of(FitsBytes.headerOf(file, 1), options, "mem.fits HDU 1");
    }

    static List<InternalRow> rows(byte[] file, FitsDecodeOptions options) throws Exception {
        return FitsBytes.decodeAll(
                table(file, options), file, FitsBytes.hdus(file).get(1));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fixedWidthScalarsAgreeWithNomTamFits() throws Exception {
        BinaryTable bt = BinaryTable.fromColumnMajor(new Object[] {
            new double[] {1.5, -2.25, Double.NaN},
            new float[] {0.5f, 3f, -1f},
            new int[] {1, -2, Integer.MAX_VALUE},
            new short[] {7, -8, Short.MIN_VALUE},
            new long[] {Long.MIN_VALUE, 0, 42},
            new byte[] {0, (byte) 200, 127},
            new String[] {"ab", "c  ", ""},
        });
        byte[] file = FitsBytes.write(BinaryTableHDU.getDummyHDU(), bt.toHDU());
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.rowBytes()).isEqualTo(8 + 4 + 4 + 2 + 8 + 1 + 3);
        assertThat(t.heapOffset()).isEqualTo(3 * t.rowBytes());
        assertThat(fieldTypes(t.schema()))
                .containsExactly(
                        DataTypes.DoubleType,
                        DataTypes.FloatType,
                        DataTypes.IntegerType,
                        DataTypes.ShortType,
                        DataTypes.LongType,
                        DataTypes.ShortType,
                        DataTypes.StringType);
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        BinaryTable nom = nom(file);
        for (int r = 0; r < 3; r++) {
            assertThat(rows.get(r).getDouble(0)).isEqualTo(nom.get(r, 0));
            assertThat(rows.get(r).getFloat(1)).isEqualTo(nom.get(r, 1));
            assertThat(rows.get(r).getInt(2)).isEqualTo(nom.get(r, 2));
            assertThat(rows.get(r).getShort(3)).isEqualTo(nom.get(r, 3));
            assertThat(rows.get(r).getLong(4)).isEqualTo(nom.get(r, 4));
            // FITS B is unsigned; nom-tam-fits hands out the signed Java byte.
            assertThat(rows.get(r).getShort(5)).isEqualTo((short) (((Byte) nom.get(r, 5)) & 0xFF));
            assertThat(rows.get(r).getUTF8String(6).toString()).isEqualTo(nom.get(r, 6));
        }
        assertThat(rows.get(1).getShort(5)).isEqualTo((short) 200);
        assertThat(rows.get(1).getUTF8String(6).toString()).isEqualTo("c");
    }

    static List<DataType> fieldTypes(StructType s) {
        return java.util.Arrays.stream(s.fields()).map(StructField::dataType).toList();
    }

    @Test
    void tdimArraysAreNestedSlowestAxisOutermostLikeNomTamFits() throws Exception {
        float[][][] cells = new float[2][][];
        for (int r = 0; r < 2; r++) {
            cells[r] = new float[2][3];
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    cells[r][y][x] = 100 * r + 10 * y + x;
                }
            }
        }
        BinaryTable bt = BinaryTable.fromColumnMajor(new Object[] {cells, new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}});
        byte[] file = FitsBytes.write(BinaryTableHDU.getDummyHDU(), bt.toHDU());
        Header h = FitsBytes.headerOf(file, 1);
        assertThat(h.getStringValue("TDIM1")).isEqualTo("(3,2)");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(t.schema().apply(0).dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, false), false));
        assertThat(t.schema().apply(1).dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        BinaryTable nom = nom(file);
        for (int r = 0; r < 2; r++) {
            float[][] expected = (float[][]) nom.get(r, 0);
            ArrayData outer = rows.get(r).getArray(0);
            assertThat(outer.numElements()).isEqualTo(2);
            for (int y = 0; y < 2; y++) {
                assertThat(outer.getArray(y).toFloatArray()).containsExactly(expected[y]);
            }
            assertThat(rows.get(r).getArray(1).toIntArray()).containsExactly((int[]) nom.get(r, 1));
        }
        assertThat(rows.get(1).getArray(0).getArray(1).toFloatArray()).containsExactly(110f, 111f, 112f);

        FitsDecodeOptions flat = new FitsDecodeOptions(true, true, false);
        assertThat(table(file, flat).schema().apply(0).dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
        assertThat(rows(file, flat).get(1).getArray(0).toFloatArray())
                .containsExactly(100f, 101f, 102f, 110f, 111f, 112f);
    }

    @Test
    void logicalsBitsComplexAndStringArraysFollowTheFitsStandard() throws Exception {
        // Row: 3L, 11X (2 bytes), 1C, 2M, 12A with TDIM (4,3), 1L = 3 + 2 + 8 + 32 + 12 + 1 = 58 bytes.
        ByteBuffer b = ByteBuffer.allocate(2 * 58);
        for (int r = 0; r < 2; r++) {
            b.put((byte) 'T').put((byte) 'F').put((byte) 0);
            b.put(r == 0 ? (byte) 0b1010_0000 : (byte) 0xFF).put(r == 0 ? (byte) 0b0010_0000 : (byte) 0xFF);
            b.putFloat(1.5f + r).putFloat(-2f);
            b.putDouble(3.25).putDouble(4.5 + r).putDouble(-1).putDouble(0);
            b.put(ascii(r == 0 ? "ab  cd\0xefgh" : "            "));
            b.put(r == 0 ? (byte) 'T' : (byte) 'F');
        }
        byte[] file = FitsBytes.bintable(
                58,
                2,
                0,
                b.array(),
                "TFIELDS = 6",
                "TTYPE1  = 'FLAGS'",
                "TFORM1  = '3L'",
                "TTYPE2  = 'BITS'",
                "TFORM2  = '11X'",
                "TTYPE3  = 'Z'",
                "TFORM3  = '1C'",
                "TTYPE4  = 'ZZ'",
                "TFORM4  = '2M'",
                "TTYPE5  = 'NAMES'",
                "TFORM5  = '12A'",
                "TDIM5   = '(4,3)'",
                "TTYPE6  = 'OK'",
                "TFORM6  = '1L'");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        StructType cf = new StructType().add("re", DataTypes.FloatType, false).add("im", DataTypes.FloatType, false);
        StructType cd = new StructType().add("re", DataTypes.DoubleType, false).add("im", DataTypes.DoubleType, false);
        assertThat(fieldTypes(t.schema()))
                .containsExactly(
                        DataTypes.createArrayType(DataTypes.BooleanType, true),
                        DataTypes.createArrayType(DataTypes.BooleanType, false),
                        cf,
                        DataTypes.createArrayType(cd, false),
                        DataTypes.createArrayType(DataTypes.StringType, false),
                        DataTypes.BooleanType);
        assertThat(java.util.Arrays.stream(t.schema().fields()).map(StructField::nullable))
                .containsExactly(true, false, false, false, false, true);
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        ArrayData flags = rows.get(0).getArray(0);
        assertThat(flags.getBoolean(0)).isTrue();
        assertThat(flags.getBoolean(1)).isFalse();
        assertThat(flags.isNullAt(2)).isTrue();
        assertThat(rows.get(0).getArray(1).toBooleanArray())
                .containsExactly(true, false, true, false, false, false, false, false, false, false, true);
        assertThat(rows.get(1).getArray(1).toBooleanArray()).hasSize(11).containsOnly(true);
        InternalRow z = rows.get(1).getStruct(2, 2);
        assertThat(z.getFloat(0)).isEqualTo(2.5f);
        assertThat(z.getFloat(1)).isEqualTo(-2f);
        ArrayData zz = rows.get(1).getArray(3);
        assertThat(zz.getStruct(0, 2).getDouble(0)).isEqualTo(3.25);
        assertThat(zz.getStruct(0, 2).getDouble(1)).isEqualTo(5.5);
        assertThat(zz.getStruct(1, 2).getDouble(0)).isEqualTo(-1);
        // 'cd\0x': the value ends at the NUL; 'ab  ': trailing blanks go.
        assertThat(strings(rows.get(0).getArray(4))).containsExactly("ab", "cd", "efgh");
        assertThat(strings(rows.get(1).getArray(4))).containsExactly("", "", "");
        assertThat(rows.get(0).getBoolean(5)).isTrue();
        assertThat(rows.get(1).getBoolean(5)).isFalse();

        // nom-tam-fits reads the same bits, logicals and complex values.
        BinaryTable nom = nom(file);
        assertThat(rows.get(0).getArray(1).toBooleanArray()).containsExactly((boolean[]) nom.get(0, 1));
        assertThat(((Boolean[]) nom.get(0, 0))).containsExactly(true, false, null);
    }

    static List<String> strings(ArrayData a) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < a.numElements(); i++) {
            out.add(a.getUTF8String(i).toString());
        }
        return out;
    }

    @Test
    void unsignedConventionsAndScalingGiveThePhysicalValues() throws Exception {
        // 1B TZERO -128, 1I TZERO 32768, 1J TZERO 2^31, 1K TZERO 2^63, 1I TSCAL 0.5 TZERO 10, 2E TSCAL 2 TZERO 1,
        // 1D TZERO -0.5: 1 + 2 + 4 + 8 + 2 + 8 + 8 = 33 bytes.
        ByteBuffer b = ByteBuffer.allocate(2 * 33);
        b.put((byte) 0).putShort(Short.MIN_VALUE).putInt(Integer.MIN_VALUE).putLong(Long.MIN_VALUE);
        b.putShort((short) -4).putFloat(1.5f).putFloat(Float.NaN).putDouble(2);
        b.put((byte) 0xFF).putShort((short) -1).putInt(-1).putLong(-1);
        b.putShort((short) 7).putFloat(-3f).putFloat(0f).putDouble(Double.NaN);
        byte[] file = FitsBytes.bintable(
                33,
                2,
                0,
                b.array(),
                "TFIELDS = 7",
                "TTYPE1  = 'U8'",
                "TFORM1  = '1B'",
                "TZERO1  = -128",
                "TTYPE2  = 'U16'",
                "TFORM2  = '1I'",
                "TZERO2  = 32768",
                "TTYPE3  = 'U32'",
                "TFORM3  = '1J'",
                "TZERO3  = 2147483648",
                "TTYPE4  = 'U64'",
                "TFORM4  = '1K'",
                "TZERO4  = 9223372036854775808",
                "TTYPE5  = 'SCALED'",
                "TFORM5  = '1I'",
                "TSCAL5  = 0.5",
                "TZERO5  = 10",
                "TTYPE6  = 'FE'",
                "TFORM6  = '2E'",
                "TSCAL6  = 2.0D0",
                "TZERO6  = 1",
                "TTYPE7  = 'FD'",
                "TFORM7  = 'D'",
                "TZERO7  = -0.5");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(fieldTypes(t.schema()))
                .containsExactly(
                        DataTypes.ByteType,
                        DataTypes.IntegerType,
                        DataTypes.LongType,
                        DataTypes.createDecimalType(20, 0),
                        DataTypes.DoubleType,
                        DataTypes.createArrayType(DataTypes.FloatType, false),
                        DataTypes.DoubleType);
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        InternalRow r0 = rows.get(0);
        InternalRow r1 = rows.get(1);
        assertThat(r0.getByte(0)).isEqualTo((byte) -128);
        assertThat(r1.getByte(0)).isEqualTo((byte) 127);
        assertThat(r0.getInt(1)).isZero();
        assertThat(r1.getInt(1)).isEqualTo(32767);
        assertThat(r0.getLong(2)).isZero();
        assertThat(r1.getLong(2)).isEqualTo(2147483647L);
        assertThat(r0.getDecimal(3, 20, 0)).isEqualTo(Decimal.apply(0L));
        assertThat(r1.getDecimal(3, 20, 0).toJavaBigDecimal()).isEqualTo(new BigDecimal("9223372036854775807"));
        assertThat(r0.getDouble(4)).isEqualTo(8.0);
        assertThat(r1.getDouble(4)).isEqualTo(13.5);
        assertThat(r0.getArray(5).toFloatArray()).containsExactly(4f, Float.NaN);
        assertThat(r1.getArray(5).toFloatArray()).containsExactly(-5f, 1f);
        assertThat(r0.getDouble(6)).isEqualTo(1.5);
        assertThat(r1.getDouble(6)).isNaN();

        // nom-tam-fits' getDouble applies the same TSCAL/TZERO (its quantizer).
        BinaryTable nom = nom(file);
        for (int r = 0; r < 2; r++) {
            assertThat(rows.get(r).getByte(0)).isEqualTo((byte) nom.getDouble(r, 0));
            assertThat(rows.get(r).getInt(1)).isEqualTo((int) nom.getDouble(r, 1));
            assertThat(rows.get(r).getLong(2)).isEqualTo((long) nom.getDouble(r, 2));
            assertThat(rows.get(r).getDouble(4)).isEqualTo(nom.getDouble(r, 4));
        }
        // Decimal beyond a double's precision: 2^63 - 1 exactly, where a double gives 2^63.
        assertThat(r1.getDecimal(3, 20, 0).toJavaBigDecimal().longValueExact()).isEqualTo(Long.MAX_VALUE);

        // Without scaling: the stored types and values.
        FitsTable raw = table(file, RAW);
        assertThat(fieldTypes(raw.schema()))
                .containsExactly(
                        DataTypes.ShortType,
                        DataTypes.ShortType,
                        DataTypes.IntegerType,
                        DataTypes.LongType,
                        DataTypes.ShortType,
                        DataTypes.createArrayType(DataTypes.FloatType, false),
                        DataTypes.DoubleType);
        InternalRow s1 = rows(file, RAW).get(1);
        assertThat(s1.getShort(0)).isEqualTo((short) 255);
        assertThat(s1.getShort(1)).isEqualTo((short) -1);
        assertThat(s1.getInt(2)).isEqualTo(-1);
        assertThat(s1.getLong(3)).isEqualTo(-1L);
        assertThat(s1.getShort(4)).isEqualTo((short) 7);
        assertThat(s1.getArray(5).toFloatArray()).containsExactly(-3f, 0f);
        assertThat(raw.schema().apply(3).metadata().getString("TZERO")).isEqualTo("9223372036854775808");
    }

    @Test
    void tnullComparesTheStoredIntegerAndBecomesSqlNull() throws Exception {
        // 1J TNULL -999, 1I TNULL 5 TZERO 100 (scaled to double), 3B TNULL 255, 1E with a TNULL (ignored: float).
        ByteBuffer b = ByteBuffer.allocate(2 * 13);
        b.putInt(-999)
                .putShort((short) 5)
                .put((byte) 1)
                .put((byte) 255)
                .put((byte) 3)
                .putFloat(Float.NaN);
        b.putInt(7)
                .putShort((short) 6)
                .put((byte) 255)
                .put((byte) 255)
                .put((byte) 255)
                .putFloat(1f);
        byte[] file = FitsBytes.bintable(
                13,
                2,
                0,
                b.array(),
                "TFIELDS = 4",
                "TTYPE1  = 'J'",
                "TFORM1  = '1J'",
                "TNULL1  = -999",
                "TTYPE2  = 'I'",
                "TFORM2  = '1I'",
                "TNULL2  = 5",
                "TZERO2  = 100",
                "TSCAL2  = 1",
                "TTYPE3  = 'B'",
                "TFORM3  = '3B'",
                "TNULL3  = 255",
                "TTYPE4  = 'E'",
                "TFORM4  = '1E'",
                "TNULL4  = 0");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(java.util.Arrays.stream(t.schema().fields()).map(StructField::nullable))
                .containsExactly(true, true, true, false);
        assertThat(t.schema().apply(2).dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.ShortType, true));
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        assertThat(rows.get(0).isNullAt(0)).isTrue();
        assertThat(rows.get(1).getInt(0)).isEqualTo(7);
        assertThat(rows.get(0).isNullAt(1)).isTrue();
        assertThat(rows.get(1).getDouble(1)).isEqualTo(106.0);
        ArrayData b0 = rows.get(0).getArray(2);
        assertThat(b0.getShort(0)).isEqualTo((short) 1);
        assertThat(b0.isNullAt(1)).isTrue();
        assertThat(b0.getShort(2)).isEqualTo((short) 3);
        ArrayData b1 = rows.get(1).getArray(2);
        assertThat(b1.isNullAt(0) && b1.isNullAt(1) && b1.isNullAt(2)).isTrue();
        assertThat(rows.get(0).getFloat(3)).isNaN();

        // nom-tam-fits' getDouble gives NaN exactly where we give NULL.
        BinaryTable nom = nom(file);
        assertThat(nom.getDouble(0, 0)).isNaN();
        assertThat(nom.getDouble(0, 1)).isNaN();
        assertThat(nom.getDouble(1, 1)).isEqualTo(106.0);

        FitsDecodeOptions keep = new FitsDecodeOptions(true, false, true);
        assertThat(table(file, keep).schema().apply(0).nullable()).isFalse();
        List<InternalRow> kept = rows(file, keep);
        assertThat(kept.get(0).getInt(0)).isEqualTo(-999);
        assertThat(kept.get(0).getDouble(1)).isEqualTo(105.0);
        assertThat(kept.get(1).getArray(2).toShortArray()).containsExactly((short) 255, (short) 255, (short) 255);
    }

    @Test
    void heapColumnsAgreeWithNomTamFits() throws Exception {
        BinaryTable bt = BinaryTable.fromColumnMajor(new Object[] {
            new double[][] {{1, 2, 3}, {}, {4.5}}, new int[] {10, 20, 30},
        });
        byte[] file = FitsBytes.write(BinaryTableHDU.getDummyHDU(), bt.toHDU());
        Header h = FitsBytes.headerOf(file, 1);
        assertThat(h.getStringValue("TFORM1")).startsWith("1PD");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(t.schema().apply(0).dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.DoubleType, false));
        assertThat(t.schema().apply(0).nullable()).isTrue();
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        BinaryTable nom = nom(file);
        for (int r = 0; r < 3; r++) {
            assertThat(rows.get(r).getArray(0).toDoubleArray()).containsExactly((double[]) nom.get(r, 0));
            assertThat(rows.get(r).getInt(1)).isEqualTo(nom.get(r, 1));
        }
        assertThat(rows.get(1).getArray(0).numElements()).isZero();
    }

    @Test
    void qDescriptorsStringsBitsAndScaledIntegersFromTheHeap() throws Exception {
        // Row: 1QJ (16 bytes), 1PA (8), 1PX (8), 1PI with TNULL and TZERO 32768 (8) = 40 bytes; 2 rows.
        ByteBuffer heap = ByteBuffer.allocate(64);
        heap.putInt(5).putInt(-6).putInt(7); // 0: J x3
        heap.put(ascii("hello  ")); // 12: 7 chars
        heap.put((byte) 0b1100_0000); // 19: 2 bits
        heap.putShort((short) -32768).putShort((short) 0).putShort((short) 9); // 20: I x3
        ByteBuffer b = ByteBuffer.allocate(80 + 64);
        b.putLong(3)
                .putLong(0)
                .putInt(7)
                .putInt(12)
                .putInt(2)
                .putInt(19)
                .putInt(3)
                .putInt(20);
        b.putLong(0)
                .putLong(0)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(0)
                .putInt(0);
        b.put(heap.array());
        byte[] file = FitsBytes.bintable(
                40,
                2,
                64,
                b.array(),
                "TFIELDS = 4",
                "TTYPE1  = 'QJ'",
                "TFORM1  = '1QJ(3)'",
                "TTYPE2  = 'PA'",
                "TFORM2  = '1PA(7)'",
                "TTYPE3  = 'PX'",
                "TFORM3  = 'PX(2)'",
                "TTYPE4  = 'PI'",
                "TFORM4  = '1PI(3)'",
                "TZERO4  = 32768",
                "TNULL4  = 0");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(t.heapSize()).isEqualTo(64);
        assertThat(fieldTypes(t.schema()))
                .containsExactly(
                        DataTypes.createArrayType(DataTypes.IntegerType, false),
                        DataTypes.StringType,
                        DataTypes.createArrayType(DataTypes.BooleanType, false),
                        DataTypes.createArrayType(DataTypes.IntegerType, true));
        List<InternalRow> rows = rows(file, FitsDecodeOptions.DEFAULTS);
        InternalRow r0 = rows.get(0);
        assertThat(r0.getArray(0).toIntArray()).containsExactly(5, -6, 7);
        assertThat(r0.getUTF8String(1).toString()).isEqualTo("hello");
        assertThat(r0.getArray(2).toBooleanArray()).containsExactly(true, true);
        ArrayData pi = r0.getArray(3);
        assertThat(pi.getInt(0)).isZero();
        assertThat(pi.isNullAt(1)).isTrue();
        assertThat(pi.getInt(2)).isEqualTo(32777);
        InternalRow r1 = rows.get(1);
        assertThat(r1.getArray(0).numElements()).isZero();
        assertThat(r1.getUTF8String(1).toString()).isEmpty();
        assertThat(r1.getArray(2).numElements()).isZero();
        assertThat(r1.getArray(3).numElements()).isZero();
    }

    @Test
    void aBadHeapDescriptorFailsNamingTheColumn() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(-1).putLong(0);
        byte[] file = FitsBytes.bintable(16, 1, 0, b.array(), "TFIELDS = 1", "TTYPE1  = 'V'", "TFORM1  = '1QD'");
        assertThatThrownBy(() -> rows(file, FitsDecodeOptions.DEFAULTS))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("mem.fits HDU 1: column V (TFORM1 = '1QD'): heap descriptor (count -1, offset 0) is"
                        + " invalid: expected a non-negative element count and offset, and an array below 2 GiB");
    }

    @Test
    void repeatZeroDecodesAsEmptyAndMissingNamesAreColN() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4);
        b.putInt(42);
        byte[] file = FitsBytes.bintable(
                4,
                1,
                0,
                b.array(),
                "TFIELDS = 3",
                "TTYPE1  = 'NONE'",
                "TFORM1  = '0E'",
                "TFORM2  = '1J'",
                "TTYPE3  = 'S'",
                "TFORM3  = '0A'");
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(t.schema().fieldNames()).containsExactly("NONE", "col2", "S");
        assertThat(fieldTypes(t.schema()))
                .containsExactly(
                        DataTypes.createArrayType(DataTypes.FloatType, false),
                        DataTypes.IntegerType,
                        DataTypes.StringType);
        InternalRow r = rows(file, FitsDecodeOptions.DEFAULTS).get(0);
        assertThat(r.getArray(0).numElements()).isZero();
        assertThat(r.getInt(1)).isEqualTo(42);
        assertThat(r.getUTF8String(2).toString()).isEmpty();
    }

    @Test
    void fieldMetadataCarriesTheCardsAndTheUnitAsComment() throws Exception {
        byte[] file = FitsBytes.bintable(
                4,
                0,
                0,
                new byte[0],
                "TFIELDS = 1",
                "TTYPE1  = 'FLUX'",
                "TFORM1  = '1J'",
                "TUNIT1  = 'e-/s'",
                "TDISP1  = 'B16.16'",
                "TUCD1   = 'phot.flux'",
                "TNULL1  = -1",
                "TSCAL1  = 2.5",
                "TZERO1  = 0.0");
        StructField f = table(file, FitsDecodeOptions.DEFAULTS).schema().apply(0);
        assertThat(f.metadata())
                .isEqualTo(org.apache.spark.sql.types.Metadata.fromJson(
                        "{\"TFORM\":\"1J\",\"TUNIT\":\"e-/s\",\"TDISP\":\"B16.16\",\"TUCD\":\"phot.flux\","
                                + "\"TNULL\":\"-1\",\"TSCAL\":\"2.5\",\"TZERO\":\"0.0\",\"comment\":\"e-/s\"}"));
        assertThat(f.getComment().get()).isEqualTo("e-/s");
        assertThat(f.dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(f.nullable()).isTrue();
    }

    @Test
    void rowCountsBeyondTwoToTheThirtyOneStayExact() throws Exception {
        byte[] file = FitsBytes.concat(
                FitsBytes.emptyPrimary(),
                FitsBytes.header(
                        "XTENSION= 'BINTABLE'",
                        "BITPIX  = 8",
                        "NAXIS   = 2",
                        "NAXIS1  = 8",
                        "NAXIS2  = 3000000000",
                        "PCOUNT  = 0",
                        "GCOUNT  = 1",
                        "TFIELDS = 1",
                        "TFORM1  = '1D'"));
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        assertThat(t.rows()).isEqualTo(3_000_000_000L);
        assertThat(t.heapOffset()).isEqualTo(24_000_000_000L);
    }

    @Test
    void decodesOnlyTheChosenColumnsInTheGivenOrder() throws Exception {
        BinaryTable bt = BinaryTable.fromColumnMajor(new Object[] {
            new double[] {1, 2}, new int[] {3, 4}, new String[] {"x", "y"},
        });
        byte[] file = FitsBytes.write(BinaryTableHDU.getDummyHDU(), bt.toHDU());
        FitsBytes.Located loc = FitsBytes.hdus(file).get(1);
        FitsTable t = table(file, FitsDecodeOptions.DEFAULTS);
        FitsRowDecoder d = t.decoder(new int[] {2, 0});
        org.apache.spark.sql.catalyst.expressions.GenericInternalRow out =
                new org.apache.spark.sql.catalyst.expressions.GenericInternalRow(4);
        d.decode(
                file,
                loc.dataStart() + (int) t.rowBytes(),
                (p, dst, o, l) -> {
                    throw new AssertionError("no heap");
                },
                out,
                1);
        assertThat(out.isNullAt(0)).isTrue();
        assertThat(out.getUTF8String(1).toString()).isEqualTo("y");
        assertThat(out.getDouble(2)).isEqualTo(2.0);
        assertThat(out.isNullAt(3)).isTrue();
        assertThatThrownBy(() -> t.decoder(new int[] {3}))
                .hasMessage("mem.fits HDU 1: column index 3 is out of range: expected 0 to 2");
    }

    // ---- validation errors: each names where, the keyword, its value and the expectation ----

    static String[] cols(String... cards) {
        return cards;
    }

    static void assertError(long naxis1, String message, String... columnCards) {
        byte[] file = FitsBytes.bintable(naxis1, 0, 0, new byte[0], columnCards);
        assertThatThrownBy(() -> table(file, FitsDecodeOptions.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void columnWidthsMustAddUpToNaxis1() {
        assertError(
                12,
                "mem.fits HDU 1: NAXIS1 = 12 but the 2 TFORMn widths add up to 10 bytes: expected NAXIS1 to equal the"
                        + " sum of the column widths",
                "TFIELDS = 2",
                "TFORM1  = '1D'",
                "TFORM2  = '2A'");
    }

    @Test
    void unknownTformLettersAreRejected() {
        assertError(
                4,
                "mem.fits HDU 1: TFORM1 = '4Z' is invalid: expected a repeat count and one of the type letters L, X,"
                        + " B, I, J, K, A, E, D, C, M, P, Q (e.g. '1E', '20A', '1PE(100)')",
                "TFIELDS = 1",
                "TFORM1  = '4Z'");
        assertError(
                8,
                "mem.fits HDU 1: TFORM1 = '1PZ' is invalid: expected a heap descriptor 'P' followed by an element type"
                        + " letter (L, X, B, I, J, K, A, E, D, C, M) and an optional maximum length, e.g. '1PE(100)'",
                "TFIELDS = 1",
                "TFORM1  = '1PZ'");
        assertError(
                16,
                "mem.fits HDU 1: TFORM1 = '2PE' is invalid: expected a repeat count of 0 or 1 for a heap descriptor 'P'",
                "TFIELDS = 1",
                "TFORM1  = '2PE'");
    }

    @Test
    void tdimMustMatchTheRepeatCount() {
        assertError(
                20,
                "mem.fits HDU 1: TDIM1 = '(3,2)' has 6 elements but TFORM1 = '5E' has 5: expected the product of the"
                        + " TDIM1 axes to equal the TFORM1 repeat count",
                "TFIELDS = 1",
                "TFORM1  = '5E'",
                "TDIM1   = '(3,2)'");
        assertError(
                20,
                "mem.fits HDU 1: TDIM1 = '3x2' is invalid: expected axis lengths in parentheses, fastest axis first,"
                        + " such as '(3,2)'",
                "TFIELDS = 1",
                "TFORM1  = '5E'",
                "TDIM1   = '3x2'");
    }

    @Test
    void namesEqualIgnoringCaseAreRejected() {
        assertError(
                8,
                "mem.fits HDU 1: TTYPE2 = 'flux' repeats TTYPE1 = 'FLUX' (Spark column names ignore case): expected"
                        + " distinct column names; rename one of them in the file",
                "TFIELDS = 2",
                "TTYPE1  = 'FLUX'",
                "TFORM1  = '1E'",
                "TTYPE2  = 'flux'",
                "TFORM2  = '1E'");
    }

    @Test
    void missingAndMalformedCardsAreRejected() {
        assertError(
                4,
                "mem.fits HDU 1: keyword TFORM2 is missing: expected a TFORM for each of the TFIELDS columns, such as"
                        + " '1E' or '20A'",
                "TFIELDS = 2",
                "TFORM1  = '1E'");
        assertError(
                4,
                "mem.fits HDU 1: TSCAL1 = 'big' is invalid: expected a number such as 1.0 or 32768",
                "TFIELDS = 1",
                "TFORM1  = '1J'",
                "TSCAL1  = 'big'");
        assertError(
                4,
                "mem.fits HDU 1: TNULL1 = '1.5' is invalid: expected an integer (the stored value that means null)",
                "TFIELDS = 1",
                "TFORM1  = '1J'",
                "TNULL1  = 1.5");
        assertError(
                4,
                "mem.fits HDU 1: keyword TFIELDS is missing: expected the number of columns (0 to 999)",
                "TFORM1  = '1J'");
    }

    @Test
    void headerLevelErrorsNameTheKeyword() throws Exception {
        byte[] image = FitsBytes.concat(
                FitsBytes.emptyPrimary(),
                FitsBytes.header("XTENSION= 'IMAGE'", "BITPIX  = 8", "NAXIS   = 0", "PCOUNT  = 0", "GCOUNT  = 1"));
        assertThatThrownBy(() -> table(image, FitsDecodeOptions.DEFAULTS))
                .hasMessage("mem.fits HDU 1: XTENSION = 'IMAGE' is not a binary table: expected 'BINTABLE' (images are"
                        + " read with FitsImage)");
        byte[] heap = FitsBytes.concat(
                FitsBytes.emptyPrimary(),
                FitsBytes.header(
                        "XTENSION= 'BINTABLE'",
                        "BITPIX  = 8",
                        "NAXIS   = 2",
                        "NAXIS1  = 4",
                        "NAXIS2  = 10",
                        "PCOUNT  = 0",
                        "GCOUNT  = 1",
                        "TFIELDS = 1",
                        "TFORM1  = '1J'",
                        "THEAP   = 20"));
        assertThatThrownBy(() -> table(heap, FitsDecodeOptions.DEFAULTS))
                .hasMessage("mem.fits HDU 1: THEAP = '20' is invalid: expected a heap offset of at least NAXIS1 x"
                        + " NAXIS2 = 40 (the heap follows the rows)");
        byte[] rows = FitsBytes.concat(
                FitsBytes.emptyPrimary(),
                FitsBytes.header(
                        "XTENSION= 'BINTABLE'",
                        "BITPIX  = 8",
                        "NAXIS   = 2",
                        "NAXIS1  = 4",
                        "NAXIS2  = -1",
                        "PCOUNT  = 0",
                        "GCOUNT  = 1",
                        "TFIELDS = 1",
                        "TFORM1  = '1J'"));
        assertThatThrownBy(() -> table(rows, FitsDecodeOptions.DEFAULTS))
                .hasMessage("mem.fits HDU 1: NAXIS2 = '-1' is invalid: expected a row count of 0 or more");
    }
}
