package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text assembled as ASCII bytes in a reusable buffer, handed to a generator whole with
 * {@link com.fasterxml.jackson.core.JsonGenerator#writeRawValue(SerializableString)}. Values are appended as a
 * default {@code UTF8JsonGenerator} with {@code USE_FAST_DOUBLE_WRITER} writes them; strings are appended from
 * pieces made by {@link #plain}, which need no escaping. Not thread safe.
 */
final class JsonBytes implements SerializableString {
    private static final byte[] DIGITS = plain("0123456789abcdefghijklmnopqrstuvwxyz");
    private static final byte[] DIGITS_UPPER = plain("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static final long[] POWERS_OF_TEN = new long[19];
    /** "00", "01", ... "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int k = 0; k < 100; k++) {
            PAIRS[2 * k] = (byte) ('0' + k / 10);
            PAIRS[2 * k + 1] = (byte) ('0' + k % 10);
        }
        POWERS_OF_TEN[0] = 1;
        for (int k = 1; k < POWERS_OF_TEN.length; k++) {
            POWERS_OF_TEN[k] = POWERS_OF_TEN[k - 1] * 10;
        }
    }

    private byte[] buf = new byte[2048];
    private int len;

    /**
     * The bytes of a string that JSON writes verbatim between quotes.
     *
     * @throws IllegalArgumentException if it holds a character a generator would escape or encode in more
     *     than one byte
     */
    static byte[] plain(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                throw new IllegalArgumentException("not plain ASCII: " + s);
            }
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code s} as a quoted JSON string. */
    static byte[] quoted(String s) {
        byte[] p = plain(s);
        byte[] out = new byte[p.length + 2];
        out[0] = '"';
        System.arraycopy(p, 0, out, 1, p.length);
        out[out.length - 1] = '"';
        return out;
    }

    void clear() {
        len = 0;
    }

    int length() {
        return len;
    }

    void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    void put(byte[] b) {
        int n = b.length;
        ensure(n);
        // Copied by a loop: for pieces this short it is faster than System.arraycopy.
        byte[] to = buf;
        for (int k = 0; k < n; k++) {
            to[len + k] = b[k];
        }
        len += n;
    }

    /** Decimal digits of {@code v >= 0}. */
    void putLong(long v) {
        putLong(v, 1);
    }

    /** Decimal digits of {@code v >= 0}, with leading zeros to at least {@code width >= 1} digits. */
    void putLong(long v, int width) {
        int bits = 64 - Long.numberOfLeadingZeros(v);
        int guess = (bits * 1233) >>> 12;
        int n = Math.max(v >= POWERS_OF_TEN[guess] ? guess + 1 : guess, width);
        ensure(n);
        int p = len + n;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100_000_000;
            int low = (int) (v - q * 100_000_000);
            for (int k = 0; k < 4; k++) {
                int r = low / 100;
                p = putPair(low - r * 100, p);
                low = r;
            }
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int r = w / 100;
            p = putPair(w - r * 100, p);
            w = r;
        }
        if (w >= 10) {
            p = putPair(w, p);
        } else {
            buf[--p] = (byte) ('0' + w);
        }
        while (p > len) {
            buf[--p] = '0';
        }
        len += n;
    }

    /** Writes the two digits of {@code 0 <= pair < 100} to end before {@code end}; returns where they start. */
    private int putPair(int pair, int end) {
        buf[end - 1] = PAIRS[2 * pair + 1];
        buf[end - 2] = PAIRS[2 * pair];
        return end - 2;
    }

    /**
     * Base-36 digits of {@code v >= 0} as {@link Long#toString(long, int)} writes them, in upper or lower case,
     * with leading zeros to at least {@code width} digits.
     */
    void putBase36(long v, int width, boolean upper) {
        byte[] digits = upper ? DIGITS_UPPER : DIGITS;
        int n = 1;
        for (long t = v; t >= 36; t /= 36) {
            n++;
        }
        n = Math.max(n, width);
        ensure(n);
        for (int p = len + n - 1; p >= len; p--) {
            long q = v / 36;
            buf[p] = digits[(int) (v - q * 36)];
            v = q;
        }
        len += n;
    }

    /**
     * {@code v} as {@code JsonGenerator.writeNumber(double)} writes it with {@code USE_FAST_DOUBLE_WRITER}
     * (Schubfach): the shortest decimal that reads back as {@code v}, the closest to {@code v} of those;
     * {@code "NaN"} and the infinities quoted.
     */
    void putDouble(double v) {
        double a = Math.abs(v);
        if (a >= 0x1p-7 && a < 1e7 && putShortest(v)) {
            return;
        }
        String s = NumberOutput.toString(v, true);
        if (NumberOutput.notFinite(v)) {
            put('"');
            putAscii(s);
            put('"');
        } else {
            putAscii(s);
        }
    }

    /**
     * Schubfach's decimal for {@code 2^-7 <= |v| < 1e7}, written without exponent, or false (and nothing
     * written) when the significand of {@code v} is a power of two, whose rounding interval is lopsided.
     *
     * <p>{@code |v| = m 2^-s}; the decimals that read back as it are those in {@code [(m - 1/2) 2^-s, (m + 1/2)
     * 2^-s]} (ends included when m is even). Scaled by {@code 10^f} with f chosen so that the interval is between 1
     * and 10 wide, it holds at least one integer and at most one multiple of 10. A multiple of 10 is the shortest
     * decimal (after removing its trailing zeros, as no integer of the interval scaled by {@code 10^(f-1)} can
     * differ from it); otherwise all candidates have the same length and the closest is the rounded center.
     */
    private boolean putShortest(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long m = (bits & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L;
        int s = 1075 - (int) ((bits >>> 52) & 0x7FF);
        if (m == 0x0010_0000_0000_0000L) {
            return false;
        }
        // floor(s log10(2)) + 1: 10^f / 2^s lies in (1, 10); f <= 18 for s <= 59.
        int f = (int) ((s * 661_971_961_083L) >> 41) + 1;
        long scale = POWERS_OF_TEN[f];
        boolean inclusive = (m & 1) == 0;
        long lowProduct = (2 * m - 1) * scale;
        long low = shiftRight(Math.multiplyHigh(2 * m - 1, scale), lowProduct, s + 1);
        if (!inclusive || (lowProduct & ((1L << (s + 1)) - 1)) != 0) {
            low++;
        }
        long highProduct = (2 * m + 1) * scale;
        long high = shiftRight(Math.multiplyHigh(2 * m + 1, scale), highProduct, s + 1);
        if (!inclusive && (highProduct & ((1L << (s + 1)) - 1)) == 0) {
            high--;
        }
        long n = high - high % 10;
        if (n >= low) {
            while (f > 0 && n % 10 == 0) {
                n /= 10;
                f--;
            }
        } else {
            long centerProduct = m * scale;
            n = shiftRight(Math.multiplyHigh(m, scale), centerProduct, s);
            long rest = centerProduct & ((1L << s) - 1);
            long half = 1L << (s - 1);
            if (rest > half || (rest == half && (n & 1) != 0)) {
                n++;
            }
        }
        if (v < 0) {
            put('-');
        }
        if (f == 0) {
            putLong(n, 1);
            put('.');
            put('0');
        } else {
            // The digits of n, at least one before the point, then the point moved in.
            putLong(n, f + 1);
            ensure(1);
            System.arraycopy(buf, len - f, buf, len - f + 1, f);
            buf[len - f] = '.';
            len++;
        }
        return true;
    }

    /** Bits {@code [k, k + 64)} of the 128-bit {@code high:low}, for {@code 0 < k < 64}. */
    private static long shiftRight(long high, long low, int k) {
        return (high << (64 - k)) | (low >>> k);
    }

    /** {@code v} with six decimals, rounded half up on its magnitude ({@code -0.000000} written without sign). */
    void putMicros(double v) {
        long micro = Math.round(Math.abs(v) * 1e6);
        if (v < 0 && micro != 0) {
            put('-');
        }
        putLong(micro / 1_000_000);
        put('.');
        putLong(micro % 1_000_000, 6);
    }

    /** ASCII lower case of the bytes appended since {@code from}. */
    void lowerCaseFrom(int from) {
        for (int p = from; p < len; p++) {
            byte b = buf[p];
            if (b >= 'A' && b <= 'Z') {
                buf[p] = (byte) (b + ('a' - 'A'));
            }
        }
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int k = 0; k < n; k++) {
            buf[len + k] = (byte) s.charAt(k);
        }
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    // ---- SerializableString: the bytes as raw (unquoted) JSON -------------------------------------------

    @Override
    public String getValue() {
        return new String(buf, 0, len, StandardCharsets.US_ASCII);
    }

    @Override
    public int charLength() {
        return len;
    }

    @Override
    public char[] asQuotedChars() {
        return new SerializedString(getValue()).asQuotedChars();
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOf(buf, len);
    }

    @Override
    public byte[] asQuotedUTF8() {
        return new SerializedString(getValue()).asQuotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        return new SerializedString(getValue()).appendQuotedUTF8(buffer, offset);
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        return new SerializedString(getValue()).appendQuoted(buffer, offset);
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + len > buffer.length) {
            return -1;
        }
        System.arraycopy(buf, 0, buffer, offset, len);
        return len;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        if (offset + len > buffer.length) {
            return -1;
        }
        for (int k = 0; k < len; k++) {
            buffer[offset + k] = (char) buf[k];
        }
        return len;
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return new SerializedString(getValue()).writeQuotedUTF8(out);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        return len;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
        return new SerializedString(getValue()).putQuotedUTF8(buffer);
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) throws IOException {
        if (len > buffer.remaining()) {
            return -1;
        }
        buffer.put(buf, 0, len);
        return len;
    }
}
