package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.testing.RoundTrip;

class FitsImageTest {
    /** An IMAGE extension after an empty primary, with {@code data} as its data unit. */
    static byte[] image(byte[] data, String... cards) {
        String[] all = new String[3 + cards.length];
        all[0] = "XTENSION= 'IMAGE'";
        System.arraycopy(cards, 0, all, 1, cards.length);
        all[all.length - 2] = "PCOUNT  = 0";
        all[all.length - 1] = "GCOUNT  = 1";
        return FitsBytes.concat(FitsBytes.emptyPrimary(), FitsBytes.hdu(FitsBytes.header(all), data));
    }

    static GenericInternalRow decode(byte[] file, FitsDecodeOptions options) throws Exception {
        FitsBytes.Located loc = FitsBytes.hdus(file).get(1);
        FitsImage img = FitsImage.of(loc.header(), options, "img.fits HDU 1");
        byte[] data = Arrays.copyOfRange(file, loc.dataStart(), loc.dataStart() + (int) img.dataBytes());
        GenericInternalRow row = new GenericInternalRow(3);
        img.decode(data, row, 1);
        return row;
    }

    static DataType nested(DataType element, boolean containsNull, int depth) {
        DataType t = DataTypes.createArrayType(element, containsNull);
        for (int i = 1; i < depth; i++) {
            t = DataTypes.createArrayType(t, false);
        }
        return t;
    }

    @Test
    void aFloatImageIsDataYXLikeNomTamFits() throws Exception {
        float[][] pixels = new float[3][4];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                pixels[y][x] = 10 * y + x + 0.5f;
            }
        }
        BasicHDU<?> hdu = Fits.makeHDU(pixels);
        byte[] file = FitsBytes.write(hdu);
        FitsBytes.Located loc = FitsBytes.hdus(file).get(0);
        FitsImage img = FitsImage.of(loc.header(), FitsDecodeOptions.DEFAULTS, "img.fits HDU 0");
        assertThat(img.dataBytes()).isEqualTo(48);
        assertThat(img.naxis()).containsExactly(4, 3);
        assertThat(img.schema())
                .isEqualTo(new StructType()
                        .add("naxis", DataTypes.createArrayType(DataTypes.LongType, false), false)
                        .add(
                                "data",
                                nested(DataTypes.FloatType, false, 2),
                                false,
                                img.schema().apply(1).metadata()));
        assertThat(img.schema().apply(1).metadata().getString("BITPIX")).isEqualTo("-32");
        GenericInternalRow row = new GenericInternalRow(2);
        img.decode(Arrays.copyOfRange(file, loc.dataStart(), loc.dataStart() + 48), row, 0);
        assertThat(row.getArray(0).toLongArray()).containsExactly(4L, 3L);
        float[][] nom =
                (float[][]) new Fits(new ByteArrayInputStream(file)).getHDU(0).getKernel();
        ArrayData data = row.getArray(1);
        assertThat(data.numElements()).isEqualTo(3);
        for (int y = 0; y < 3; y++) {
            assertThat(data.getArray(y).toFloatArray()).containsExactly(nom[y]);
        }
        assertThat(data.getArray(2).getFloat(1)).isEqualTo(21.5f);
    }

    @Test
    void integerImagesUseTheUnsignedConventionsScalingAndBlank() throws Exception {
        ByteBuffer u16 = ByteBuffer.allocate(8);
        u16.putShort(Short.MIN_VALUE).putShort((short) -1).putShort((short) 0).putShort((short) 7);
        byte[] file = image(
                u16.array(),
                "BITPIX  = 16",
                "NAXIS   = 2",
                "NAXIS1  = 2",
                "NAXIS2  = 2",
                "BZERO   = 32768",
                "BSCALE  = 1",
                "BLANK   = 7",
                "BUNIT   = 'adu'",
                "",
                "");
        FitsImage img = FitsImage.of(FitsBytes.headerOf(file, 1), FitsDecodeOptions.DEFAULTS, "x");
        assertThat(img.schema().apply(1).dataType()).isEqualTo(nested(DataTypes.IntegerType, true, 2));
        assertThat(img.schema().apply(1).getComment().get()).isEqualTo("adu");
        ArrayData d = decode(file, FitsDecodeOptions.DEFAULTS).getArray(2);
        assertThat(d.getArray(0).toIntArray()).containsExactly(0, 32767);
        assertThat(d.getArray(1).getInt(0)).isEqualTo(32768);
        assertThat(d.getArray(1).isNullAt(1)).isTrue();
        ArrayData raw = decode(file, new FitsDecodeOptions(false, false, true)).getArray(2);
        assertThat(raw.getArray(1).toShortArray()).containsExactly((short) 0, (short) 7);

        ByteBuffer u8 = ByteBuffer.allocate(3);
        u8.put((byte) 0).put((byte) 200).put((byte) 255);
        byte[] bytes = image(u8.array(), "BITPIX  = 8", "NAXIS   = 1", "NAXIS1  = 3", "", "");
        assertThat(decode(bytes, FitsDecodeOptions.DEFAULTS).getArray(2).toShortArray())
                .containsExactly((short) 0, (short) 200, (short) 255);
        byte[] signed = image(u8.array(), "BITPIX  = 8", "NAXIS   = 1", "NAXIS1  = 3", "BZERO   = -128", "", "");
        assertThat(decode(signed, FitsDecodeOptions.DEFAULTS).getArray(2).toByteArray())
                .containsExactly((byte) -128, (byte) 72, (byte) 127);

        ByteBuffer i32 = ByteBuffer.allocate(8);
        i32.putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE);
        byte[] u32 = image(i32.array(), "BITPIX  = 32", "NAXIS   = 1", "NAXIS1  = 2", "BZERO   = 2147483648", "", "");
        assertThat(decode(u32, FitsDecodeOptions.DEFAULTS).getArray(2).toLongArray())
                .containsExactly(0L, 4294967295L);

        ByteBuffer i64 = ByteBuffer.allocate(8);
        i64.putLong(Long.MAX_VALUE);
        byte[] u64 = image(
                i64.array(), "BITPIX  = 64", "NAXIS   = 1", "NAXIS1  = 1", "BZERO   = 9223372036854775808", "", "");
        ArrayData d64 = decode(u64, FitsDecodeOptions.DEFAULTS).getArray(2);
        assertThat(d64.getDecimal(0, 20, 0).toJavaBigDecimal()).isEqualTo(new BigDecimal("18446744073709551615"));

        byte[] scaled = image(
                i32.array(), "BITPIX  = 32", "NAXIS   = 1", "NAXIS1  = 2", "BSCALE  = 0.5", "BZERO   = 1", "", "");
        assertThat(decode(scaled, FitsDecodeOptions.DEFAULTS).getArray(2).toDoubleArray())
                .containsExactly(1 + 0.5 * Integer.MIN_VALUE, 1 + 0.5 * Integer.MAX_VALUE);
        Fits nom = new Fits(new ByteArrayInputStream(scaled));
        assertThat(FitsImage.of(FitsBytes.headerOf(scaled, 1), FitsDecodeOptions.DEFAULTS, "x")
                        .schema()
                        .apply(1)
                        .dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.DoubleType, false));
        assertThat(nom.getHDU(1).getBZero()).isEqualTo(1.0);
    }

    @Test
    void aCubeIsNestedSlowestAxisOutermostOrFlat() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8 * 24);
        for (int i = 0; i < 24; i++) {
            b.putDouble(i);
        }
        byte[] file =
                image(b.array(), "BITPIX  = -64", "NAXIS   = 3", "NAXIS1  = 4", "NAXIS2  = 3", "NAXIS3  = 2", "", "");
        GenericInternalRow row = decode(file, FitsDecodeOptions.DEFAULTS);
        assertThat(row.isNullAt(0)).isTrue();
        assertThat(row.getArray(1).toLongArray()).containsExactly(4L, 3L, 2L);
        ArrayData cube = row.getArray(2);
        assertThat(cube.numElements()).isEqualTo(2);
        assertThat(cube.getArray(1).numElements()).isEqualTo(3);
        // data[z][y][x] = x + 4 y + 12 z
        assertThat(cube.getArray(1).getArray(2).toDoubleArray()).containsExactly(20, 21, 22, 23);
        FitsDecodeOptions flat = new FitsDecodeOptions(true, true, false);
        assertThat(FitsImage.of(FitsBytes.headerOf(file, 1), flat, "x")
                        .schema()
                        .apply(1)
                        .dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.DoubleType, false));
        assertThat(decode(file, flat).getArray(2).toDoubleArray())
                .hasSize(24)
                .startsWith(0, 1, 2)
                .endsWith(23);
    }

    @Test
    void imagesSurviveJavaAndKryoSerialization() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.putShort((short) 1).putShort((short) 2).putShort((short) 3).putShort((short) -5);
        byte[] file =
                image(b.array(), "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = 2", "NAXIS2  = 2", "BLANK   = -5", "", "");
        FitsImage img = FitsImage.of(FitsBytes.headerOf(file, 1), FitsDecodeOptions.DEFAULTS, "k HDU 1");
        FitsBytes.Located loc = FitsBytes.hdus(file).get(1);
        byte[] data = Arrays.copyOfRange(file, loc.dataStart(), loc.dataStart() + 8);
        for (FitsImage copy : java.util.List.of(RoundTrip.java(img), RoundTrip.kryo(img))) {
            assertThat(copy.schema()).isEqualTo(img.schema());
            GenericInternalRow row = new GenericInternalRow(2);
            copy.decode(data, row, 0);
            assertThat(row.getArray(1).getArray(0).toShortArray()).containsExactly((short) 1, (short) 2);
            assertThat(row.getArray(1).getArray(1).getShort(0)).isEqualTo((short) 3);
            assertThat(row.getArray(1).getArray(1).isNullAt(1)).isTrue();
        }
    }

    @Test
    void headerErrorsNameTheHduAndKeyword() throws Exception {
        assertThatThrownBy(() -> FitsImage.of(
                        FitsBytes.headerOf(FitsBytes.emptyPrimary(), 0), FitsDecodeOptions.DEFAULTS, "a.fits HDU 0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a.fits HDU 0: HDU has no data (NAXIS = 0): expected an image HDU with NAXIS of 1 or more");
        byte[] bad = image(new byte[0], "BITPIX  = 12", "NAXIS   = 1", "NAXIS1  = 3", "", "");
        assertThatThrownBy(() -> FitsImage.of(FitsBytes.headerOf(bad, 1), FitsDecodeOptions.DEFAULTS, "b.fits HDU 1"))
                .hasMessage("b.fits HDU 1: BITPIX = '12' is invalid: expected one of 8, 16, 32, 64, -32, -64");
        byte[] noAxis = image(new byte[0], "BITPIX  = 16", "NAXIS   = 2", "NAXIS1  = 3", "", "");
        assertThatThrownBy(() -> FitsImage.of(FitsBytes.headerOf(noAxis, 1), FitsDecodeOptions.DEFAULTS, "c HDU 1"))
                .hasMessage("c HDU 1: keyword NAXIS2 is missing: expected the length of axis 2");
        byte[] table = FitsBytes.bintable(4, 0, 0, new byte[0], "TFIELDS = 1", "TFORM1  = '1J'");
        assertThatThrownBy(() -> FitsImage.of(FitsBytes.headerOf(table, 1), FitsDecodeOptions.DEFAULTS, "d HDU 1"))
                .hasMessage("d HDU 1: XTENSION = 'BINTABLE' is not an image: expected 'IMAGE' or a primary HDU (tables"
                        + " are read with FitsTable)");
        byte[] ok = image(new byte[6], "BITPIX  = 16", "NAXIS   = 1", "NAXIS1  = 3", "", "");
        FitsImage img = FitsImage.of(FitsBytes.headerOf(ok, 1), FitsDecodeOptions.DEFAULTS, "e HDU 1");
        assertThatThrownBy(() -> img.decode(new byte[4], new GenericInternalRow(2), 0))
                .hasMessage("e HDU 1: the image needs 6 bytes of data but 4 were given: expected the whole data unit"
                        + " (|BITPIX|/8 x NAXIS1 x ... x NAXISn)");
    }
}
