package org.mastspark.connector.fits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import nom.tam.fits.Header;
import nom.tam.util.FitsInputStream;

/**
 * The header scan of a FITS file: each header parsed by nom-tam-fits ({@code Header.readHeader}) from a
 * buffered stream at its offset, each data unit skipped by its size in 64-bit arithmetic (never
 * {@code Fits.skipHDU()}, which casts the size to {@code int}). Reads only headers.
 */
final class FitsHdus {
    private static final int BLOCK = 2880;

    private FitsHdus() {}

    /**
     * One HDU: where its header and data lie, the cards that locate and name it, and its header, parsed by
     * nom-tam-fits when first asked for (reading a light curve needs the primary header only when a keyword is not
     * in the table's own header).
     */
    static final class Hdu {
        private final int index;
        private final byte[] raw;
        private final String file;
        private final long headerStart;
        private final long dataStart;
        private final long dataBytes;
        private final long paddedBytes;
        private final String xtension;
        private final String extname;
        private final int extver;
        private Header header;
        private RawCards cards;

        Hdu(
                int index,
                byte[] raw,
                String file,
                long headerStart,
                long dataStart,
                long dataBytes,
                long paddedBytes,
                String xtension,
                String extname,
                int extver) {
            this.index = index;
            this.raw = raw;
            this.file = file;
            this.headerStart = headerStart;
            this.dataStart = dataStart;
            this.dataBytes = dataBytes;
            this.paddedBytes = paddedBytes;
            this.xtension = xtension;
            this.extname = extname;
            this.extver = extver;
        }

        int index() {
            return index;
        }

        long headerStart() {
            return headerStart;
        }

        long dataStart() {
            return dataStart;
        }

        /** Bytes of the data unit without padding. */
        long dataBytes() {
            return dataBytes;
        }

        /** Bytes of the data unit with its padding to 2880 bytes. */
        long paddedBytes() {
            return paddedBytes;
        }

        /** XTENSION (trimmed, upper case), null for the primary HDU. */
        String xtension() {
            return xtension;
        }

        /** EXTNAME (trimmed), or null. */
        String extname() {
            return extname;
        }

        /** EXTVER, 1 when absent. */
        int extver() {
            return extver;
        }

        /** The header's cards, read without nom-tam-fits: enough for {@link FitsTable} and {@link FitsImage}. */
        RawCards cards() {
            if (cards == null) {
                cards = new RawCards(raw, file, index, headerStart);
            }
            return cards;
        }

        /**
         * The header, parsed by nom-tam-fits on first use.
         *
         * @throws FitsFileException naming the file and the HDU when nom-tam-fits refuses the header
         */
        Header header() throws FitsFileException {
            if (header == null) {
                try {
                    header = Header.readHeader(new FitsInputStream(new ByteArrayInputStream(raw), raw.length));
                } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                    throw new FitsFileException(
                            file + ": the header of HDU " + index + " (from byte " + headerStart
                                    + ") is not valid FITS: " + e.getMessage(),
                            e);
                }
            }
            return header;
        }

        /** "HDU 1 (LIGHTCURVE)", "HDU 0 (primary)", "HDU 2 (IMAGE)" for messages. */
        String describe() {
            String what = extname != null && !extname.isEmpty() ? extname : xtension == null ? "primary" : xtension;
            return "HDU " + index + " (" + what + ")";
        }

        /** Whether the HDU is a binary table. */
        boolean table() {
            return "BINTABLE".equals(xtension);
        }

        /** Whether the HDU is an image: the primary HDU or an IMAGE extension. */
        boolean image() {
            return xtension == null || "IMAGE".equals(xtension);
        }
    }

    /**
     * Reads the headers from the start until {@code stop} accepts one (which is then the last in the list) or
     * the file has no more HDUs.
     *
     * @throws FitsFileException naming the file: not FITS, a header without END, data past the end of the file
     */
    static List<Hdu> scan(FitsInput in, String file, Predicate<Hdu> stop) throws IOException {
        long length = in.length();
        byte[] start = new byte[(int) Math.min(8, length)];
        in.readFully(0, start, 0, start.length);
        if (length < BLOCK || !new String(start, StandardCharsets.ISO_8859_1).startsWith("SIMPLE")) {
            throw new FitsFileException(file + " is not a FITS file: it does not start with a SIMPLE card (its first"
                    + " bytes are '" + printable(start) + "', its size " + length + " bytes)");
        }
        List<Hdu> hdus = new ArrayList<>();
        long pos = 0;
        for (int index = 0; ; index++) {
            if (index > 0) {
                if (pos + BLOCK > length) {
                    break;
                }
                byte[] key = new byte[8];
                in.readFully(pos, key, 0, 8);
                // what follows the last HDU (zero padding, other bytes) is no HDU: astropy ignores it too
                if (!new String(key, StandardCharsets.ISO_8859_1).equals("XTENSION")) {
                    break;
                }
            }
            Hdu hdu = read(in, file, index, pos, length);
            hdus.add(hdu);
            if (stop.test(hdu)) {
                break;
            }
            pos = hdu.dataStart() + hdu.paddedBytes();
        }
        return hdus;
    }

    /**
     * The HDU {@code choice} names, with the headers before it (the primary first).
     *
     * @throws FitsFileException when the file has no such HDU, naming the HDUs it has
     */
    static List<Hdu> choose(FitsInput in, String file, HduChoice choice) throws IOException {
        List<Hdu> hdus = scan(in, file, h -> choice.matches(h.index(), h));
        Hdu last = hdus.get(hdus.size() - 1);
        if (!choice.matches(last.index(), last)) {
            StringBuilder sb = new StringBuilder();
            for (Hdu h : hdus) {
                sb.append(sb.length() == 0 ? "" : ", ")
                        .append(h.index())
                        .append(" (")
                        .append(h.extname() == null ? "" : h.extname() + ", ")
                        .append(h.xtension() == null ? "primary" : h.xtension())
                        .append(')');
            }
            String wanted = choice.extname() == null && choice.index() < 0
                    ? "no BINTABLE HDU (the default of option 'hdu')"
                    : "no HDU " + choice.describe() + " (option 'hdu')";
            throw new FitsFileException(file + " has " + wanted + ": its HDUs are " + sb
                    + "; choose one with option 'hdu' (an index, EXTNAME or EXTNAME,EXTVER)");
        }
        return hdus;
    }

    /**
     * Reads one header's 2880-byte blocks up to its END card and takes from its cards only what locates and
     * names the HDU; nom-tam-fits parses the whole header later, if it is asked for.
     */
    private static Hdu read(FitsInput in, String file, int index, long pos, long length) throws IOException {
        byte[] raw = new byte[BLOCK];
        int size = 0;
        while (true) {
            if (pos + size + BLOCK > length) {
                throw new FitsFileException(file + " is truncated: the header of HDU " + index + " (from byte " + pos
                        + ") has no END card before the file ends at byte " + length);
            }
            if (size + BLOCK > raw.length) {
                raw = java.util.Arrays.copyOf(raw, raw.length * 2);
            }
            in.readFully(pos + size, raw, size, BLOCK);
            size += BLOCK;
            if (RawCards.end(raw, size - BLOCK, size) >= 0) {
                break;
            }
        }
        RawCards cards = new RawCards(java.util.Arrays.copyOf(raw, size), file, index, pos);
        String xtension = index == 0 ? null : trimmed(cards.string("XTENSION"));
        if (xtension != null) {
            xtension = xtension.toUpperCase(Locale.ROOT);
        }
        String extname = trimmed(cards.string("EXTNAME"));
        int extver = (int) cards.integer("EXTVER", 1);
        long dataStart = pos + size;
        long dataBytes = dataBytes(cards, file, index);
        long padded = (dataBytes + BLOCK - 1) / BLOCK * BLOCK;
        Hdu hdu = new Hdu(index, cards.bytes(), file, pos, dataStart, dataBytes, padded, xtension, extname, extver);
        if (dataStart + dataBytes > length) {
            throw new FitsFileException(file + " is truncated: " + hdu.describe() + " has " + dataBytes
                    + " bytes of data from byte " + dataStart + " but the file ends at byte " + length);
        }
        return hdu;
    }

    /** |BITPIX|/8 x GCOUNT x (PCOUNT + NAXIS1 x ... x NAXISn) (FITS 4.0 §4.4.1), 64-bit; 0 when NAXIS = 0. */
    private static long dataBytes(RawCards h, String file, int index) throws FitsFileException {
        long naxis = h.integer("NAXIS", 0);
        if (naxis == 0) {
            return 0;
        }
        try {
            long n = 1;
            for (int i = 1; i <= naxis; i++) {
                long axis = h.integer("NAXIS" + i, 0);
                if (axis < 0) {
                    throw new FitsFileException(
                            file + ": HDU " + index + " has NAXIS" + i + " = " + axis + ", expected at least 0");
                }
                n = Math.multiplyExact(n, axis);
            }
            long groups = h.integer("GCOUNT", 1);
            long params = h.integer("PCOUNT", 0);
            return Math.multiplyExact(
                    Math.abs(h.integer("BITPIX", 8)) / 8L, Math.multiplyExact(groups, Math.addExact(params, n)));
        } catch (ArithmeticException e) {
            throw new FitsFileException(file + ": HDU " + index + " declares a data unit larger than 2^63 bytes");
        }
    }

    private static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(x >= 0x20 && x < 0x7f ? (char) x : '.');
        }
        return sb.toString();
    }
}
