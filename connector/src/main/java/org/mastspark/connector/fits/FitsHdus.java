package org.mastspark.connector.fits;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import nom.tam.fits.Header;
import nom.tam.fits.TruncatedFileException;
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
     * One HDU: its header and where its data lie.
     *
     * @param dataBytes bytes of the data unit without padding
     * @param paddedBytes bytes of the data unit with its padding to 2880 bytes
     * @param xtension XTENSION (trimmed, upper case), null for the primary HDU
     * @param extname EXTNAME (trimmed), or null
     * @param extver EXTVER, 1 when absent
     */
    record Hdu(
            int index,
            Header header,
            long headerStart,
            long dataStart,
            long dataBytes,
            long paddedBytes,
            String xtension,
            String extname,
            int extver) {

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

    private static Hdu read(FitsInput in, String file, int index, long pos, long length) throws IOException {
        Header h;
        try {
            h = Header.readHeader(new FitsInputStream(in.streamAt(pos), BLOCK * 4));
        } catch (TruncatedFileException | EOFException e) {
            throw new FitsFileException(file + " is truncated: the header of HDU " + index + " (from byte " + pos
                    + ") has no END card before the file ends at byte " + length);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FitsFileException(
                    file + ": the header of HDU " + index + " (from byte " + pos + ") is not valid FITS: "
                            + e.getMessage(),
                    e);
        }
        if (h == null) {
            throw new FitsFileException(file + " is truncated: the header of HDU " + index + " (from byte " + pos
                    + ") has no END card before the file ends at byte " + length);
        }
        String xtension = index == 0 ? null : trimmed(h.getStringValue("XTENSION", null));
        if (xtension != null) {
            xtension = xtension.toUpperCase(Locale.ROOT);
        }
        String extname = trimmed(h.getStringValue("EXTNAME", null));
        int extver = h.getIntValue("EXTVER", 1);
        long dataStart = pos + h.getOriginalSize();
        long dataBytes = dataBytes(h, file, index);
        long padded = h.getDataSize();
        Hdu hdu = new Hdu(index, h, pos, dataStart, dataBytes, padded, xtension, extname, extver);
        if (dataStart + dataBytes > length) {
            throw new FitsFileException(file + " is truncated: " + hdu.describe() + " has " + dataBytes
                    + " bytes of data from byte " + dataStart + " but the file ends at byte " + length);
        }
        return hdu;
    }

    /** |BITPIX|/8 x GCOUNT x (PCOUNT + NAXIS1 x ... x NAXISn) (FITS 4.0 §4.4.1), 64-bit; 0 when NAXIS = 0. */
    private static long dataBytes(Header h, String file, int index) throws FitsFileException {
        int naxis = h.getIntValue("NAXIS", 0);
        if (naxis == 0) {
            return 0;
        }
        try {
            long n = 1;
            for (int i = 1; i <= naxis; i++) {
                long axis = h.getLongValue("NAXIS" + i, 0);
                if (axis < 0) {
                    throw new FitsFileException(
                            file + ": HDU " + index + " has NAXIS" + i + " = " + axis + ", expected at least 0");
                }
                n = Math.multiplyExact(n, axis);
            }
            long groups = h.getLongValue("GCOUNT", 1);
            long params = h.getLongValue("PCOUNT", 0);
            return Math.multiplyExact(
                    Math.abs(h.getIntValue("BITPIX", 8)) / 8L, Math.multiplyExact(groups, Math.addExact(params, n)));
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
