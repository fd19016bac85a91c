package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class FitsTableTest {
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
        BinaryTableHDU hdu = bt.toHDU();
        byte[] file = FitsBytes.write(BinaryTableHDU.getDummyHDU(), hdu);
        FitsBytes.Located loc = FitsBytes.hdus(file).get(1);
        FitsTable t = FitsTable.of(loc.header(), FitsDecodeOptions.DEFAULTS, "mem HDU 1");
        List<InternalRow> rows = FitsBytes.decodeAll(t, file, loc);
        BinaryTable nom = ((BinaryTableHDU) new Fits(new java.io.ByteArrayInputStream(file)).getHDU(1)).getData();
        for (int r = 0; r < 3; r++) {
            assertThat(rows.get(r).getDouble(0)).isEqualTo(nom.get(r, 0));
            assertThat(rows.get(r).getFloat(1)).isEqualTo(nom.get(r, 1));
            assertThat(rows.get(r).getInt(2)).isEqualTo(nom.get(r, 2));
            assertThat(rows.get(r).getShort(3)).isEqualTo(nom.get(r, 3));
            assertThat(rows.get(r).getLong(4)).isEqualTo(nom.get(r, 4));
            assertThat(rows.get(r).getShort(5)).isEqualTo((short) (((Number) nom.get(r, 5)).intValue() & 0xFF));
            assertThat(rows.get(r).getUTF8String(6).toString()).isEqualTo(((String) nom.get(r, 6)).stripTrailing());
        }
        assertThat(t.schema().apply(5).dataType()).isEqualTo(DataTypes.ShortType);
    }
}
