package org.mastspark.connector.fits;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed TFORMn value: repeat count and type letter, and for heap descriptors (P/Q) the element type and
 * the optional maximum length (FITS Standard 4.0 §7.3.1 and §7.3.5).
 */
final class Tform implements Serializable {
    private static final long serialVersionUID = 1L;

    final long repeat;
    final char type;
    /** For P/Q: the element's type letter; otherwise blank. */
    final char heapElement;
    /** For P/Q: the maximum element count given as {@code (e)}, or -1. */
    final long heapMax;

    Tform(long repeat, char type, char heapElement, long heapMax) {
        this.repeat = repeat;
        this.type = type;
        this.heapElement = heapElement;
        this.heapMax = heapMax;
    }

    static final String LETTERS = "L, X, B, I, J, K, A, E, D, C, M, P, Q";

    private static final Pattern FORM = Pattern.compile("\\s*(\\d*)\\s*([LXBIJKAEDCMPQ])(.*)");
    private static final Pattern HEAP = Pattern.compile("\\s*([LXBIJKAEDCM])\\s*(?:\\(\\s*(\\d+)\\s*\\))?\\s*");

    static Tform parse(String raw, String key, String where) {
        Matcher m = FORM.matcher(raw.toUpperCase(Locale.ROOT));
        String expected = "a repeat count and one of the type letters " + LETTERS + " (e.g. '1E', '20A', '1PE(100)')";
        if (!m.matches()) {
            throw Cards.bad(where, key, raw, expected);
        }
        long repeat;
        try {
            repeat = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw Cards.bad(where, key, raw, "a repeat count below 2^63");
        }
        char type = m.group(2).charAt(0);
        if (type != 'P' && type != 'Q') {
            // Characters after the letter are allowed (e.g. the 'rAw' substring convention) and carry no layout.
            return new Tform(repeat, type, ' ', -1);
        }
        Matcher h = HEAP.matcher(m.group(3));
        if (!h.matches()) {
            throw Cards.bad(
                    where,
                    key,
                    raw,
                    "a heap descriptor '" + type + "' followed by an element type letter"
                            + " (L, X, B, I, J, K, A, E, D, C, M) and an optional maximum length, e.g. '1" + type
                            + "E(100)'");
        }
        if (repeat > 1) {
            throw Cards.bad(where, key, raw, "a repeat count of 0 or 1 for a heap descriptor '" + type + "'");
        }
        long max = h.group(2) == null ? -1 : Long.parseLong(h.group(2));
        return new Tform(repeat, type, h.group(1).charAt(0), max);
    }

    boolean heap() {
        return type == 'P' || type == 'Q';
    }

    /** Bytes in the row: repeat x element size (X: whole bytes holding the bits). */
    long width() {
        return switch (type) {
            case 'X' -> (repeat + 7) / 8;
            case 'P' -> 8 * repeat;
            case 'Q' -> 16 * repeat;
            default -> repeat * elementSize(type);
        };
    }

    /** Bytes of one element of type {@code letter} (X: 0, its bits are packed). */
    static int elementSize(char letter) {
        return switch (letter) {
            case 'L', 'B', 'A' -> 1;
            case 'I' -> 2;
            case 'J', 'E' -> 4;
            case 'K', 'D', 'C' -> 8;
            case 'M' -> 16;
            case 'X' -> 0;
            default -> throw new IllegalStateException("no element size for " + letter);
        };
    }
}
