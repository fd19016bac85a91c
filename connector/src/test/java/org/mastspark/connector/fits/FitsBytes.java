package org.mastspark.connector.fits;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.util.FitsInputStream;
import nom.tam.util.FitsOutputStream;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/** FITS files as bytes for the decoder tests: written by nom-tam-fits or assembled card by card. */
final class FitsBytes {
    private FitsBytes() {}

    /** One HDU of a file: its header and where its data unit starts. */
    record Located(Header header, int dataStart) {}

    static byte[] write(BasicHDU<?>... hdus) throws Exception {
        Fits fits = new Fits();
        for (BasicHDU<?> h : hdus) {
            fits.addHDU(h);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FitsOutputStream o = new FitsOutputStream(out)) {
            fits.write(o);
        }
        return out.toByteArray();
    }

    /** A header of the given cards (each "KEY = value" or a full card image) plus END, padded to 2880 bytes. */
    static byte[] header(String... cards) {
        StringBuilder s = new StringBuilder();
        for (String c : cards) {
            String card = c.contains("=") && c.indexOf('=') < 9
                    ? String.format(
                            "%-8s= %s",
                            c.substring(0, c.indexOf('=')).strip(),
                            c.substring(c.indexOf('=') + 1).strip())
                    : c;
            s.append(String.format("%-80s", card));
        }
        s.append(String.format("%-80s", "END"));
        while (s.length() % 2880 != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Header bytes, then the data padded with zeros to 2880 bytes. */
    static byte[] hdu(byte[] header, byte[] data) {
        int padded = (data.length + 2879) / 2880 * 2880;
        byte[] out = Arrays.copyOf(header, header.length + padded);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A primary HDU without data. */
    static byte[] emptyPrimary() {
        return header(
                "SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0");
    }

    /**
     * A file of an empty primary and one BINTABLE of {@code naxis2} rows of {@code naxis1} bytes whose data unit
     * (rows, then heap) is {@code data}; {@code columnCards} give TFIELDS, TTYPEn, TFORMn, ...
     */
    static byte[] bintable(long naxis1, long naxis2, long pcount, byte[] data, String... columnCards) {
        String[] cards = new String[7 + columnCards.length];
        cards[0] = "XTENSION= 'BINTABLE'";
        cards[1] = "BITPIX  = 8";
        cards[2] = "NAXIS   = 2";
        cards[3] = "NAXIS1  = " + naxis1;
        cards[4] = "NAXIS2  = " + naxis2;
        cards[5] = "PCOUNT  = " + pcount;
        cards[6] = "GCOUNT  = 1";
        System.arraycopy(columnCards, 0, cards, 7, columnCards.length);
        return concat(emptyPrimary(), hdu(header(cards), data));
    }

    /** The header of HDU {@code index} of {@code file}. */
    static Header headerOf(byte[] file, int index) throws Exception {
        return hdus(file).get(index).header();
    }

    static List<Located> hdus(byte[] file) throws Exception {
        List<Located> out = new ArrayList<>();
        int off = 0;
        while (off < file.length) {
            Header h = Header.readHeader(new FitsInputStream(new ByteArrayInputStream(file, off, file.length - off)));
            if (h == null) {
                break;
            }
            int dataStart = off + (int) h.getSize();
            out.add(new Located(h, dataStart));
            off = (int) Math.min(file.length, dataStart + h.getDataSize());
        }
        return out;
    }

    /** Decodes every row of the table HDU {@code located} with all columns. */
    static List<InternalRow> decodeAll(FitsTable t, byte[] file, Located located) throws Exception {
        int n = t.schema().size();
        int[] cols = new int[n];
        for (int i = 0; i < n; i++) {
            cols[i] = i;
        }
        FitsRowDecoder d = t.decoder(cols);
        int heapStart = located.dataStart() + (int) t.heapOffset();
        HeapReader heap = (pos, dst, o, len) -> System.arraycopy(file, heapStart + (int) pos, dst, o, len);
        List<InternalRow> rows = new ArrayList<>();
        for (long r = 0; r < t.rows(); r++) {
            GenericInternalRow row = new GenericInternalRow(n);
            d.decode(file, located.dataStart() + (int) (r * t.rowBytes()), heap, row, 0);
            rows.add(row);
        }
        return rows;
    }
}
