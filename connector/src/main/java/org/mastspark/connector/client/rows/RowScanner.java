package org.mastspark.connector.client.rows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mastspark.connector.client.MastDataException;
import org.mastspark.connector.client.http.MastHttp;

/**
 * Reads the row objects of a Portal answer's {@code data} array straight from the response bytes into a
 * {@link RowSink}. Rows are flat JSON objects whose keys come in the same order in every row, so the
 * scanner checks each key against the bytes of the key it saw at that position before, copies ASCII
 * strings without decoding them, and parses numbers from the bytes; reading a row makes no objects.
 * Anything less common (escapes, non-ASCII text, nested values, {@code NaN}) takes a slower path with the
 * same result. Values convert exactly as {@link MastType#read} converts Jackson's tokens; the envelope
 * around {@code data} is still parsed with Jackson.
 *
 * <p>Malformed or truncated input raises {@link IOException} (the cursor requests the page again); a value
 * that does not fit its column raises {@link MastDataException}. Not thread safe.
 */
public final class RowScanner {
    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final double[] POWERS_OF_TEN = new double[23];
    /** 2^53: every integer up to it is an exact double. */
    private static final long EXACT_MANTISSA = 1L << 53;

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** A sink that keeps nothing: skips rows already returned before a retry. */
    public static final RowSink DISCARD = new RowSink() {
        @Override
        public void startRow() {}

        @Override
        public void putNull(int slot) {}

        @Override
        public void putUtf8(int slot, byte[] bytes, int offset, int length) {}

        @Override
        public void putDouble(int slot, double value) {}

        @Override
        public void putLong(int slot, long value) {}

        @Override
        public void putBoolean(int slot, boolean value) {}

        @Override
        public void putValue(int slot, Object value) {}
    };

    private final RowLayout layout;
    private final MastType[] types;
    private byte[][] seenNames = new byte[16][];
    private String[] seenNameText = new String[16];
    private int[] seenSlots = new int[16];
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private InputStream in;
    private boolean first;
    /** Whether the string {@link #scanString()} found has escapes or non-ASCII bytes. */
    private boolean escapedOrWide;

    /** A scanner filling the columns of {@code layout}. */
    public RowScanner(RowLayout layout) {
        this.layout = layout;
        this.types = layout.types().toArray(new MastType[0]);
    }

    /**
     * Starts on a new {@code data} array: {@code head} holds the bytes already read past its {@code [},
     * {@code in} the rest of the answer.
     */
    public void start(byte[] head, int headLength, InputStream in) {
        if (buf.length < headLength) {
            buf = new byte[Integer.highestOneBit(headLength) * 2];
        }
        System.arraycopy(head, 0, buf, 0, headLength);
        this.pos = 0;
        this.end = headLength;
        this.in = in;
        this.first = true;
    }

    /** Reads the next row into the sink; false at the end of the array. */
    public boolean nextRow(RowSink sink) throws IOException {
        int c = skipWhitespace();
        if (c == ']') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw malformed("',' or ']' between rows");
            }
            pos++;
            c = skipWhitespace();
        }
        first = false;
        if (c != '{') {
            throw malformed("a row object in 'data'");
        }
        pos++;
        sink.startRow();
        c = skipWhitespace();
        if (c == '}') {
            pos++;
            return true;
        }
        for (int ordinal = 0; ; ordinal++) {
            if (c != '"') {
                throw malformed("a column name");
            }
            int slot = matchName(ordinal) ? seenSlots[ordinal] : readName(ordinal);
            if (skipWhitespace() != ':') {
                throw malformed("':' after a column name");
            }
            pos++;
            skipWhitespace();
            readValue(slot, seenNameText[ordinal], sink);
            c = skipWhitespace();
            pos++;
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                throw malformed("',' or '}' in a row");
            }
            c = skipWhitespace();
        }
    }

    /**
     * After the array's {@code ]}: the rest of the answer as a JSON object of the fields that follow
     * {@code data} (an empty object when {@code data} was the last).
     */
    public InputStream rest() throws IOException {
        int c = skipWhitespace();
        pos++;
        byte[] left = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        if (c == '}') {
            return new ByteArrayInputStream(new byte[] {'{', '}'});
        }
        if (c != ',') {
            throw malformed("',' or '}' after 'data'");
        }
        return new SequenceInputStream(
                new ByteArrayInputStream(new byte[] {'{'}),
                new SequenceInputStream(new ByteArrayInputStream(left), in));
    }

    /** Whether the key at {@code pos} (its opening quote) is the one seen at this ordinal before. */
    private boolean matchName(int ordinal) throws IOException {
        if (ordinal >= seenNames.length || seenNames[ordinal] == null) {
            return false;
        }
        byte[] name = seenNames[ordinal];
        int n = name.length;
        if (end - pos < n + 2 && !fill(n + 2)) {
            return false;
        }
        byte[] bytes = buf;
        int from = pos + 1;
        if (bytes[from + n] != '"') {
            return false;
        }
        // eight bytes at a time: a row has dozens of keys, mostly of 4 to 20 bytes, for which a call to
        // Arrays.equals costs more than the comparison itself
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            if ((long) LONGS.get(bytes, from + k) != (long) LONGS.get(name, k)) {
                return false;
            }
        }
        for (; k < n; k++) {
            if (bytes[from + k] != name[k]) {
                return false;
            }
        }
        pos += n + 2;
        return true;
    }

    /** Reads a key the general way and remembers it for this ordinal; its layout position or -1. */
    private int readName(int ordinal) throws IOException {
        int close = scanString();
        byte[] raw = Arrays.copyOfRange(buf, pos + 1, close);
        String name = escapedOrWide ? decode(pos + 1, close) : new String(raw, StandardCharsets.ISO_8859_1);
        pos = close + 1;
        if (ordinal >= seenNames.length) {
            int size = Math.max(ordinal + 1, seenNames.length * 2);
            seenNames = Arrays.copyOf(seenNames, size);
            seenNameText = Arrays.copyOf(seenNameText, size);
            seenSlots = Arrays.copyOf(seenSlots, size);
        }
        int slot = layout.indexOf(name);
        seenNames[ordinal] = raw;
        seenNameText[ordinal] = name;
        seenSlots[ordinal] = slot;
        return slot;
    }

    private void readValue(int slot, String column, RowSink sink) throws IOException {
        int c = peek();
        MastType type = slot < 0 ? null : types[slot];
        switch (c) {
            case '"' -> readString(slot, type, column, sink);
            case '{', '[' -> readStructure(slot, type, column, sink, c);
            case 't' -> readLiteral("true", slot, type, column, sink);
            case 'f' -> readLiteral("false", slot, type, column, sink);
            case 'n' -> readLiteral("null", slot, type, column, sink);
            case 'N' -> readNonFinite("NaN", Double.NaN, slot, type, column, sink);
            case 'I' ->
                readNonFinite(
                        startsWith("Infinity") ? "Infinity" : "INF",
                        Double.POSITIVE_INFINITY,
                        slot,
                        type,
                        column,
                        sink);
            case '+' ->
                readNonFinite(
                        startsWith("+Infinity") ? "+Infinity" : "+INF",
                        Double.POSITIVE_INFINITY,
                        slot,
                        type,
                        column,
                        sink);
            default -> {
                if (c == '-' && (startsWith("-I"))) {
                    readNonFinite(
                            startsWith("-Infinity") ? "-Infinity" : "-INF",
                            Double.NEGATIVE_INFINITY,
                            slot,
                            type,
                            column,
                            sink);
                } else if (c == '-' || (c >= '0' && c <= '9')) {
                    readNumber(slot, type, column, sink);
                } else {
                    throw malformed("a value");
                }
            }
        }
    }

    /** Finds the closing quote of the string opening at {@code pos}; notes escapes and non-ASCII bytes. */
    private int scanString() throws IOException {
        escapedOrWide = false;
        int i = pos + 1;
        byte[] bytes = buf;
        int available = end;
        while (i < available) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b == '\\') {
                break;
            }
            i++;
        }
        while (true) {
            if (i >= end) {
                i = refill(i);
            }
            byte b = buf[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                escapedOrWide = true;
                i += 2;
            } else if (b < 0) {
                escapedOrWide = true;
                i++;
            } else if (b < 0x20) {
                throw malformed("an escaped control character in a string");
            } else {
                i++;
            }
        }
    }

    private void readString(int slot, MastType type, String column, RowSink sink) throws IOException {
        int close = scanString();
        int start = pos + 1;
        pos = close + 1;
        if (type == null) {
            return;
        }
        if (!escapedOrWide) {
            if (type == MastType.STRING) {
                sink.putUtf8(slot, buf, start, close - start);
            } else {
                MastType.put(
                        slot,
                        type.fromText(new String(buf, start, close - start, StandardCharsets.ISO_8859_1), column),
                        sink);
            }
            return;
        }
        MastType.put(slot, type.fromText(decode(start, close), column), sink);
    }

    /** The text of a string's raw bytes: strict UTF-8, then JSON escapes. */
    private String decode(int start, int close) throws IOException {
        String raw;
        try {
            raw = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, start, close - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("invalid UTF-8 in a string of MAST's answer", e);
        }
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 >= raw.length()) {
                        throw malformed("four hex digits after \\u");
                    }
                    try {
                        sb.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException ex) {
                        throw malformed("four hex digits after \\u");
                    }
                    i += 4;
                }
                default -> throw malformed("a valid escape, not \\" + e);
            }
        }
        return sb.toString();
    }

    private void readStructure(int slot, MastType type, String column, RowSink sink, int open) throws IOException {
        // pos stays on the structure's first byte while scanning, so fill() keeps the whole structure
        int depth = 0;
        boolean inString = false;
        int i = pos;
        while (true) {
            if (i >= end) {
                i = refill(i);
            }
            byte b = buf[i];
            if (inString) {
                if (b == '\\') {
                    i += 2;
                    continue;
                }
                inString = b != '"';
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if ((b == '}' || b == ']') && --depth == 0) {
                i++;
                break;
            }
            i++;
        }
        int start = pos;
        pos = i;
        if (type == null) {
            return;
        }
        if (type != MastType.STRING) {
            throw new MastDataException(column, open == '{' ? "a JSON object" : "a JSON array", type);
        }
        sink.putValue(slot, MAPPER.readTree(buf, start, i - start).toString());
    }

    private void readLiteral(String word, int slot, MastType type, String column, RowSink sink) throws IOException {
        if (!startsWith(word)) {
            throw malformed("true, false or null");
        }
        pos += word.length();
        if (type == null) {
            return;
        }
        if (word.equals("null")) {
            sink.putNull(slot);
            return;
        }
        boolean value = word.equals("true");
        switch (type) {
            case STRING -> sink.putValue(slot, word);
            case DOUBLE -> sink.putDouble(slot, value ? 1.0 : 0.0);
            case LONG -> sink.putLong(slot, value ? 1L : 0L);
            case BOOLEAN -> sink.putBoolean(slot, value);
            default -> throw new MastDataException(column, word, type);
        }
    }

    private void readNonFinite(String word, double value, int slot, MastType type, String column, RowSink sink)
            throws IOException {
        if (!startsWith(word)) {
            throw malformed("a value");
        }
        pos += word.length();
        if (type == null) {
            return;
        }
        switch (type) {
            case STRING -> sink.putValue(slot, word);
            case DOUBLE -> sink.putDouble(slot, value);
            default -> throw new MastDataException(column, word, type);
        }
    }

    private void readNumber(int slot, MastType type, String column, RowSink sink) throws IOException {
        int i = pos;
        byte[] bytes = buf;
        int available = end;
        while (i < available && isNumberByte(bytes[i])) {
            i++;
        }
        while (true) {
            if (i >= end) {
                int offset = i - pos;
                if (!fill(offset + 1)) {
                    break;
                }
                i = pos + offset;
            }
            if (!isNumberByte(buf[i])) {
                break;
            }
            i++;
        }
        int start = pos;
        int length = i - start;
        pos = i;
        // JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        int k = start;
        boolean negative = buf[k] == '-';
        if (negative) {
            k++;
        }
        int intStart = k;
        long mantissa = 0;
        int digits = 0;
        while (k < i && buf[k] >= '0' && buf[k] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (buf[k] - '0');
            }
            if (mantissa != 0 || digits > 0) {
                digits++;
            }
            k++;
        }
        int intDigits = k - intStart;
        if (intDigits == 0 || (intDigits > 1 && buf[intStart] == '0')) {
            throw malformed("a number, not '" + ascii(start, length) + "'");
        }
        boolean integer = true;
        int fractionDigits = 0;
        if (k < i && buf[k] == '.') {
            integer = false;
            k++;
            int fracStart = k;
            while (k < i && buf[k] >= '0' && buf[k] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (buf[k] - '0');
                    fractionDigits++;
                }
                if (mantissa != 0 || digits > 0) {
                    digits++;
                }
                k++;
            }
            if (k == fracStart) {
                throw malformed("digits after '.' in '" + ascii(start, length) + "'");
            }
        }
        int exponent = 0;
        boolean exponentTooLarge = false;
        if (k < i && (buf[k] == 'e' || buf[k] == 'E')) {
            integer = false;
            k++;
            boolean expNegative = false;
            if (k < i && (buf[k] == '+' || buf[k] == '-')) {
                expNegative = buf[k] == '-';
                k++;
            }
            int expStart = k;
            while (k < i && buf[k] >= '0' && buf[k] <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (buf[k] - '0');
                } else {
                    exponentTooLarge = true;
                }
                k++;
            }
            if (k == expStart) {
                throw malformed("digits in the exponent of '" + ascii(start, length) + "'");
            }
            exponent = expNegative ? -exponent : exponent;
        }
        if (k != i) {
            throw malformed("a number, not '" + ascii(start, length) + "'");
        }
        if (type == null) {
            return;
        }
        switch (type) {
            case STRING -> sink.putUtf8(slot, buf, start, length);
            case DOUBLE ->
                sink.putDouble(
                        slot,
                        integer && digits == 0
                                ? 0.0 // "-0" is the integer 0, as Jackson reads it
                                : toDouble(
                                        negative,
                                        mantissa,
                                        digits,
                                        exponent - fractionDigits,
                                        exponentTooLarge,
                                        start,
                                        length));
            case LONG -> {
                if (integer) {
                    sink.putLong(slot, toLong(start, length, column, type));
                } else {
                    double d = toDouble(
                            negative, mantissa, digits, exponent - fractionDigits, exponentTooLarge, start, length);
                    sink.putLong(slot, type.integral(d, ascii(start, length), column));
                }
            }
            case BOOLEAN -> {
                if (!integer) {
                    throw new MastDataException(column, ascii(start, length), type);
                }
                sink.putBoolean(slot, toLong(start, length, column, type) != 0);
            }
            default -> throw new MastDataException(column, ascii(start, length), type);
        }
    }

    private static boolean isNumberByte(byte b) {
        return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    /**
     * The double a number's text denotes, correctly rounded: from the digits when they and the power of
     * ten are exact doubles (one correctly rounded multiplication or division), otherwise by Jackson's
     * parser.
     */
    private double toDouble(
            boolean negative,
            long mantissa,
            int digits,
            int decimalExponent,
            boolean exponentTooLarge,
            int start,
            int length) {
        if (digits <= 18 && mantissa <= EXACT_MANTISSA && !exponentTooLarge && Math.abs(decimalExponent) <= 22) {
            double m = mantissa;
            double v = decimalExponent >= 0 ? m * POWERS_OF_TEN[decimalExponent] : m / POWERS_OF_TEN[-decimalExponent];
            return negative ? -v : v;
        }
        // Rare (over 18 digits or a large exponent): the JDK's correctly rounded parser. Not Jackson's fast one,
        // whose char[] entry point Spark 3.5's Jackson 2.15 lacks.
        return Double.parseDouble(new String(buf, start, length, StandardCharsets.ISO_8859_1));
    }

    private long toLong(int start, int length, String column, MastType type) {
        if (length <= 18) {
            long v = 0;
            boolean negative = buf[start] == '-';
            for (int k = negative ? start + 1 : start; k < start + length; k++) {
                v = v * 10 + (buf[k] - '0');
            }
            return negative ? -v : v;
        }
        try {
            return Long.parseLong(ascii(start, length));
        } catch (NumberFormatException e) {
            throw new MastDataException(column, ascii(start, length), type);
        }
    }

    private String ascii(int start, int length) {
        return new String(buf, start, length, StandardCharsets.ISO_8859_1);
    }

    private boolean startsWith(String word) throws IOException {
        int n = word.length();
        if (end - pos < n && !fill(n)) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[pos + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int peek() throws IOException {
        if (pos >= end && !fill(1)) {
            throw ended();
        }
        return buf[pos];
    }

    private int skipWhitespace() throws IOException {
        while (true) {
            if (pos >= end && !fill(1)) {
                throw ended();
            }
            byte b = buf[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return b;
            }
        }
    }

    /** Makes the byte at {@code i} available (moving the buffer); its new index. */
    private int refill(int i) throws IOException {
        int offset = i - pos;
        if (!fill(offset + 1)) {
            throw ended();
        }
        return pos + offset;
    }

    /**
     * Makes at least {@code need} bytes available from {@code pos} (moving the unread bytes to the start
     * of the buffer, growing it if a value is larger than the buffer); false at the end of the input.
     */
    private boolean fill(int need) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        while (end < need) {
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                return false;
            }
            end += n;
        }
        return true;
    }

    private IOException malformed(String expected) {
        return new IOException("malformed answer: expected " + expected);
    }

    private static IOException ended() {
        return new IOException("answer ended early");
    }
}
