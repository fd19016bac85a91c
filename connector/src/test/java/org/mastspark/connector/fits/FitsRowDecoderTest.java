package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.testing.RoundTrip;

class FitsRowDecoderTest {
    /** The TESS SPOC light-curve LIGHTCURVE table (research note §3): 20 columns, NAXIS1 = 100. */
    static final String[][] TESS = {
        {"TIME", "D", "BJD - 2457000, days"}, {"TIMECORR", "E", "d"}, {"CADENCENO", "J", ""},
        {"SAP_FLUX", "E", "e-/s"}, {"SAP_FLUX_ERR", "E", "e-/s"}, {"SAP_BKG", "E", "e-/s"},
        {"SAP_BKG_ERR", "E", "e-/s"}, {"PDCSAP_FLUX", "E", "e-/s"}, {"PDCSAP_FLUX_ERR", "E", "e-/s"},
        {"QUALITY", "J", ""}, {"PSF_CENTR1", "D", "pixel"}, {"PSF_CENTR1_ERR", "E", "pixel"},
        {"PSF_CENTR2", "D", "pixel"}, {"PSF_CENTR2_ERR", "E", "pixel"}, {"MOM_CENTR1", "D", "pixel"},
        {"MOM_CENTR1_ERR", "E", "pixel"}, {"MOM_CENTR2", "D", "pixel"}, {"MOM_CENTR2_ERR", "E", "pixel"},
        {"POS_CORR1", "E", "pixels"}, {"POS_CORR2", "E", "pixels"},
    };

    static String[] tessCards() {
        List<String> cards = new ArrayList<>();
        cards.add("TFIELDS = 20");
        for (int i = 0; i < TESS.length; i++) {
            int n = i + 1;
            cards.add("TTYPE" + n + " = '" + TESS[i][0] + "'");
            cards.add("TFORM" + n + " = '" + TESS[i][1] + "'");
            if (!TESS[i][2].isEmpty()) {
                cards.add("TUNIT" + n + " = '" + TESS[i][2] + "'");
            }
        }
        cards.add("TDISP10 = 'B16.16'");
        return cards.toArray(String[]::new);
    }

    /** Row r: doubles 1000 + r/720 + column, floats r + column/4 (NaN every 97th row), ints r * 3 + column. */
    static byte[] tessRows(int rows) {
        ByteBuffer b = ByteBuffer.allocate(rows * 100);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < TESS.length; c++) {
                switch (TESS[c][1]) {
                    case "D" -> b.putDouble(1000 + r / 720.0 + c);
                    case "E" -> b.putFloat(r % 97 == 0 && c == 3 ? Float.NaN : r + c / 4f);
                    default -> b.putInt(r * 3 + c);
                }
            }
        }
        return b.array();
    }

    @Test
    void theTessLightCurveLayoutAgreesWithNomTamFitsCellByCell() throws Exception {
        int n = 500;
        byte[] file = FitsBytes.bintable(100, n, 0, tessRows(n), tessCards());
        FitsBytes.Located loc = FitsBytes.hdus(file).get(1);
        FitsTable t = FitsTable.of(loc.header(), FitsDecodeOptions.DEFAULTS, "tess_lc.fits HDU 1 (LIGHTCURVE)");
        assertThat(t.rowBytes()).isEqualTo(100);
        assertThat(t.schema().apply(0).getComment().get()).isEqualTo("BJD - 2457000, days");
        List<InternalRow> rows = FitsBytes.decodeAll(t, file, loc);
        BinaryTable nom = ((BinaryTableHDU) new Fits(new ByteArrayInputStream(file)).getHDU(1)).getData();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 20; c++) {
                Object expected = nom.get(r, c);
                Object actual = rows.get(r).get(c, t.schema().apply(c).dataType());
                assertThat(actual).as("row %d column %s", r, TESS[c][0]).isEqualTo(expected);
            }
        }
        assertThat(rows.get(97).getFloat(3)).isNaN();
    }

    @Test
    void decodesAMillionTessRows() throws Exception {
        int n = 1_000_000;
        byte[] data = tessRows(n);
        byte[] header = FitsBytes.bintable(100, n, 0, new byte[0], tessCards());
        FitsTable t = FitsTable.of(FitsBytes.headerOf(header, 1), FitsDecodeOptions.DEFAULTS, "tess HDU 1");
        int[] all = new int[20];
        for (int i = 0; i < 20; i++) {
            all[i] = i;
        }
        FitsRowDecoder d = t.decoder(all);
        SpecificInternalRow row = new SpecificInternalRow(t.schema());
        double timeSum = 0;
        long cadenceSum = 0;
        // Three passes, each reported (the first includes JIT compilation); only the values are asserted.
        for (int pass = 0; pass < 3; pass++) {
            timeSum = 0;
            cadenceSum = 0;
            long started = System.nanoTime();
            for (int r = 0; r < n; r++) {
                d.decode(data, r * 100, null, row, 0);
                timeSum += row.getDouble(0);
                cadenceSum += row.getInt(2);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "decoded %d TESS rows (20 columns) in %.3f s: %.1f M rows/s, %.0f MB/s%n",
                    n, seconds, n / seconds / 1e6, n * 100 / seconds / 1e6);
        }
        double expectedTime = 0;
        long expectedCadence = 0;
        for (int r = 0; r < n; r++) {
            expectedTime += 1000 + r / 720.0;
            expectedCadence += r * 3L + 2;
        }
        assertThat(timeSum).isEqualTo(expectedTime);
        assertThat(cadenceSum).isEqualTo(expectedCadence);
        assertThat(row.getDouble(0)).isEqualTo(1000 + (n - 1) / 720.0);
        assertThat(row.getFloat(19)).isEqualTo(n - 1 + 19 / 4f);
    }

    /** A table with a heap, nested arrays, scaling and TNULL, decoded after a serialization round trip. */
    static byte[] mixedFile() {
        // Row: 1PE (8), 6I TDIM (3,2) TNULL -1 (12), 1K TZERO 2^63 (8), 1L (1) = 29 bytes; 2 rows; heap 12 bytes.
        ByteBuffer b = ByteBuffer.allocate(2 * 29 + 12);
        b.putInt(2).putInt(0);
        b.putShort((short) 1)
                .putShort((short) -1)
                .putShort((short) 3)
                .putShort((short) 4)
                .putShort((short) 5)
                .putShort((short) 6);
        b.putLong(5).put((byte) 'T');
        b.putInt(1).putInt(8);
        b.putShort((short) 7)
                .putShort((short) 8)
                .putShort((short) 9)
                .putShort((short) 10)
                .putShort((short) 11)
                .putShort((short) 12);
        b.putLong(-1).put((byte) 0);
        b.putFloat(1.5f).putFloat(2.5f).putFloat(-3f);
        return FitsBytes.bintable(
                29,
                2,
                12,
                b.array(),
                "TFIELDS = 4",
                "TTYPE1  = 'V'",
                "TFORM1  = '1PE(2)'",
                "TTYPE2  = 'M'",
                "TFORM2  = '6I'",
                "TDIM2   = '(3,2)'",
                "TNULL2  = -1",
                "TTYPE3  = 'U'",
                "TFORM3  = '1K'",
                "TZERO3  = 9223372036854775808",
                "TTYPE4  = 'OK'",
                "TFORM4  = 'L'");
    }

    static List<String> decodeToStrings(FitsTable t, FitsRowDecoder d, byte[] file, FitsBytes.Located loc)
            throws Exception {
        int heapStart = loc.dataStart() + (int) t.heapOffset();
        HeapReader heap = (pos, dst, o, len) -> System.arraycopy(file, heapStart + (int) pos, dst, o, len);
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            SpecificInternalRow row = new SpecificInternalRow(t.schema());
            d.decode(file, loc.dataStart() + r * (int) t.rowBytes(), heap, row, 0);
            out.add(org.apache.spark.sql.catalyst.CatalystTypeConverters.convertToScala(row, t.schema())
                    .toString());
        }
        return out;
    }

    @Test
    void tablesAndDecodersSurviveJavaAndKryoSerialization() throws Exception {
        byte[] file = mixedFile();
        FitsBytes.Located loc = FitsBytes.hdus(file).get(1);
        FitsTable t = FitsTable.of(loc.header(), FitsDecodeOptions.DEFAULTS, "mixed.fits HDU 1");
        int[] all = {0, 1, 2, 3};
        List<String> expected = decodeToStrings(t, t.decoder(all), file, loc);
        assertThat(expected)
                .containsExactly(
                        "[ArraySeq(1.5, 2.5),ArraySeq(ArraySeq(1, null, 3), ArraySeq(4, 5, 6)),"
                                + "9223372036854775813,true]",
                        "[ArraySeq(-3.0),ArraySeq(ArraySeq(7, 8, 9), ArraySeq(10, 11, 12)),"
                                + "9223372036854775807,null]");
        for (FitsTable copy : List.of(RoundTrip.java(t), RoundTrip.kryo(t))) {
            assertThat(copy.schema()).isEqualTo(t.schema());
            assertThat(copy.rows()).isEqualTo(2);
            assertThat(decodeToStrings(copy, copy.decoder(all), file, loc)).isEqualTo(expected);
        }
        FitsRowDecoder d = t.decoder(all);
        decodeToStrings(t, d, file, loc); // the heap scratch buffer is transient: a used decoder ships too
        assertThat(decodeToStrings(t, RoundTrip.java(d), file, loc)).isEqualTo(expected);
        assertThat(decodeToStrings(t, RoundTrip.kryo(d), file, loc)).isEqualTo(expected);
    }
}
