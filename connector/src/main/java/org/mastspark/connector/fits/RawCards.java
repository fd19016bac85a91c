package org.mastspark.connector.fits;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The 80-character cards of one header as its raw bytes, for the few values that locate and name an HDU
 * (XTENSION, EXTNAME, EXTVER, BITPIX, NAXIS, NAXISn, PCOUNT, GCOUNT): finding them costs a scan of the bytes,
 * where a full nom-tam-fits parse builds an object per card. The first card of a keyword counts, as in
 * astropy. Values follow FITS 4.0 §4.2: strings in single quotes with {@code ''} for a quote, integers in free
 * or fixed format, a comment after {@code /}; a string ending in {@code &} continues on {@code CONTINUE} cards
 * (FITS 4.0 §4.2.1.2). As {@link Cards.Values} the cards also give a table's or image's layout
 * ({@link FitsTable}, {@link FitsImage}) without nom-tam-fits parsing the header.
 */
final class RawCards implements Cards.Values {
    private static final int CARD = 80;

    private final byte[] bytes;
    private final String file;
    private final int index;
    private final long start;
    /** Each keyword's first card, built on the first lookup. */
    private Map<String, Integer> keys;

    RawCards(byte[] bytes, String file, int index, long start) {
        this.bytes = bytes;
        this.file = file;
        this.index = index;
        this.start = start;
    }

    byte[] bytes() {
        return bytes;
    }

    /** The offset of the END card among the cards in {@code b[from, to)}, or -1. */
    static int end(byte[] b, int from, int to) {
        for (int c = from; c + CARD <= to; c += CARD) {
            if (b[c] == 'E' && b[c + 1] == 'N' && b[c + 2] == 'D' && blank(b, c + 3, c + 8)) {
                return c;
            }
        }
        return -1;
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** The offset of the value field (after {@code "= "}) of the first card of {@code key}, or -1. */
    private int find(String key) {
        if (keys == null) {
            keys = new HashMap<>();
            for (int c = 0; c + CARD <= bytes.length; c += CARD) {
                if (bytes[c] == 'E' && bytes[c + 1] == 'N' && bytes[c + 2] == 'D' && blank(bytes, c + 3, c + 8)) {
                    break;
                }
                int e = 8;
                while (e > 0 && bytes[c + e - 1] == ' ') {
                    e--;
                }
                keys.putIfAbsent(new String(bytes, c, e, StandardCharsets.ISO_8859_1), c);
            }
        }
        Integer c = keys.get(key);
        if (c == null) {
            return -1;
        }
        return bytes[c + 8] == '=' && bytes[c + 9] == ' ' ? c + 10 : -1;
    }

    /** A string value without its quotes ({@code ''} as one quote), a bare value's text, or null when absent. */
    String string(String key) {
        int v = find(key);
        if (v < 0) {
            return null;
        }
        int end = v - 10 + CARD;
        int q = quote(v, end);
        if (q < 0) {
            return bare(v, end);
        }
        StringBuilder sb = new StringBuilder();
        int next = quoted(q, end, sb);
        // long strings: '...&' then CONTINUE  '...' cards
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '&' && next + CARD <= bytes.length && continues(next)) {
            int cq = quote(next + 10, next + CARD);
            if (cq < 0) {
                break;
            }
            sb.setLength(sb.length() - 1);
            quoted(cq, next + CARD, sb);
            next += CARD;
        }
        return sb.toString().stripTrailing();
    }

    /** The position of the opening quote of the value field {@code [from, end)}, or -1 when it is no string. */
    private int quote(int from, int end) {
        int i = from;
        while (i < end && bytes[i] == ' ') {
            i++;
        }
        return i < end && bytes[i] == '\'' ? i : -1;
    }

    /** Appends the string opening at {@code q}; returns the offset of the card after this one. */
    private int quoted(int q, int end, StringBuilder sb) {
        for (int i = q + 1; i < end; i++) {
            if (bytes[i] == '\'') {
                if (i + 1 < end && bytes[i + 1] == '\'') {
                    sb.append('\'');
                    i++;
                } else {
                    break;
                }
            } else {
                sb.append((char) (bytes[i] & 0xff));
            }
        }
        return end;
    }

    private boolean continues(int card) {
        byte[] k = {'C', 'O', 'N', 'T', 'I', 'N', 'U', 'E'};
        for (int i = 0; i < 8; i++) {
            if (bytes[card + i] != k[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@link Cards.Values}: a string without quotes, trailing blanks removed; null when absent or empty. */
    @Override
    public String raw(String key) {
        int v = find(key);
        if (v < 0) {
            return null;
        }
        if (quote(v, v - 10 + CARD) >= 0) {
            return string(key); // a second lookup, in the index
        }
        String bare = bare(v, v - 10 + CARD);
        return bare.isEmpty() ? null : bare;
    }

    private String bare(int from, int end) {
        int slash = from;
        while (slash < end && bytes[slash] != '/') {
            slash++;
        }
        return new String(bytes, from, slash - from, StandardCharsets.ISO_8859_1).trim();
    }

    /**
     * An integer value, {@code absent} when the keyword is missing or has no value.
     *
     * @throws FitsFileException when the value is not an integer
     */
    long integer(String key, long absent) throws FitsFileException {
        int v = find(key);
        if (v < 0) {
            return absent;
        }
        String text = bare(v, v - 10 + CARD);
        if (text.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new FitsFileException(file + ": the header of HDU " + index + " (from byte " + start
                    + ") is not valid FITS: " + key + " = " + text + " is not an integer");
        }
    }
}
