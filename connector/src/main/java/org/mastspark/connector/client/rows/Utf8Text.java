package org.mastspark.connector.client.rows;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Hands the text of the parser's current token to a {@link RowSink} as UTF-8, encoded from Jackson's
 * character buffer into one reused byte buffer: a string value costs one encoding pass and no object (the
 * buffer grows to the longest value read). Text with an unpaired surrogate, which UTF-8 cannot carry, is
 * handed over as a {@code String} instead, so its value stays exactly the parser's. Not thread safe: one
 * per cursor.
 */
final class Utf8Text {
    private byte[] buf = new byte[64];

    /** Puts the current token's text (a string's value, a number's or literal's spelling) into a slot. */
    void put(JsonParser p, int slot, RowSink sink) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        // three bytes per char at most: a surrogate pair (two chars) takes four
        if (buf.length < length * 3) {
            buf = new byte[Math.max(length * 3, buf.length * 2)];
        }
        byte[] b = buf;
        int n = 0;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                sink.putValue(slot, new String(chars, offset, length));
                return;
            }
        }
        sink.putUtf8(slot, b, 0, n);
    }
}
