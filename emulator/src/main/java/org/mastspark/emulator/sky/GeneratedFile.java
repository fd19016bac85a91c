package org.mastspark.emulator.sky;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A file whose bytes are a pure function of its name and size: a valid FITS primary header (for
 * {@code .fits} names) followed by pseudo-random data, so a download can be checked byte for byte
 * without storing anything. Any byte range can be produced directly.
 */
final class GeneratedFile implements ProductFile {
    private static final int BLOCK = 2880;

    private final String name;
    private final long size;
    private final boolean exclusive;
    private final long key;
    private final byte[] header;

    GeneratedFile(String name, long size, boolean exclusive) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        this.name = name;
        this.size = size;
        this.exclusive = exclusive;
        this.key = Rng.mix(name.hashCode() * 0x9E3779B97F4A7C15L ^ size);
        this.header = name.toLowerCase(Locale.ROOT).endsWith(".fits") ? fitsHeader(name, size) : new byte[0];
    }

    private static byte[] fitsHeader(String name, long size) {
        StringBuilder h = new StringBuilder(BLOCK);
        card(h, "SIMPLE  =                    T / conforms to FITS standard");
        card(h, "BITPIX  =                    8 / bytes");
        card(h, "NAXIS   =                    1 / one data axis");
        card(h, String.format(Locale.ROOT, "NAXIS1  = %20d / data bytes", Math.max(0, size - BLOCK)));
        card(h, "EXTEND  =                    T");
        card(h, "ORIGIN  = 'mast-emulator'      / synthetic file, deterministic bytes");
        String n = name.replace("'", "''");
        card(h, "FILENAME= '" + (n.length() > 66 ? n.substring(0, 66) : n) + "'");
        card(h, "END");
        while (h.length() < BLOCK) {
            h.append(' ');
        }
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void card(StringBuilder h, String text) {
        h.append(text.length() > 80 ? text.substring(0, 80) : text);
        for (int i = text.length(); i < 80; i++) {
            h.append(' ');
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean exclusiveAccess() {
        return exclusive;
    }

    @Override
    public void write(long from, long toExclusive, OutputStream out) throws IOException {
        if (from < 0 || toExclusive > size || from > toExclusive) {
            throw new IllegalArgumentException("range " + from + ".." + toExclusive + " of " + size);
        }
        byte[] buf = new byte[64 * 1024];
        long pos = from;
        while (pos < toExclusive) {
            int n = (int) Math.min(buf.length, toExclusive - pos);
            int k = 0;
            // The FITS header, then data: byte p is byte (p & 7) (little-endian) of mix(key + p / 8), so one
            // mix gives 8 bytes and any range starts directly at its word.
            while (k < n && pos + k < header.length) {
                buf[k] = header[(int) (pos + k)];
                k++;
            }
            while (k < n) {
                long p = pos + k;
                long word = Rng.mix(key + (p >>> 3));
                int b = (int) (p & 7);
                if (b == 0 && n - k >= 8) {
                    for (int j = 0; j < 8; j++) {
                        buf[k + j] = (byte) (word >>> (8 * j));
                    }
                    k += 8;
                } else {
                    for (; b < 8 && k < n; b++) {
                        buf[k++] = (byte) (word >>> (8 * b));
                    }
                }
            }
            out.write(buf, 0, n);
            pos += n;
        }
    }
}
