package org.mastspark.connector.fits;

import java.math.BigDecimal;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

/**
 * Reads header cards through nom-tam-fits and parses their values ourselves, so that 64-bit counts stay exact
 * (NAXIS2 is never narrowed to int), {@code TZERO = 9223372036854775808} keeps its last digit, and every bad
 * value fails with a message naming the HDU, the keyword, the value and what was expected.
 */
final class Cards {
    private Cards() {}

    /** Header values by keyword as written: from nom-tam-fits' parse of a header, or from its raw cards. */
    interface Values {
        /** The value as written (a string without its quotes, trailing blanks removed), or null. */
        String raw(String key);
    }

    /** A parsed header's values. */
    static Values of(Header header) {
        return key -> raw(header, key);
    }

    /** The card's value as written (string values without quotes, trailing blanks removed), or null. */
    static String raw(Header header, String key) {
        HeaderCard card = header.findCard(key);
        if (card == null) {
            return null;
        }
        String value = card.getValue();
        if (value == null) {
            return null;
        }
        String stripped = value.stripTrailing();
        return stripped.isEmpty() && !card.isStringValue() ? null : stripped;
    }

    static long requiredLong(Values header, String key, String where, String expected) {
        String raw = header.raw(key);
        if (raw == null) {
            throw new IllegalArgumentException(where + ": keyword " + key + " is missing: expected " + expected);
        }
        return parseLong(raw, key, where, expected);
    }

    static long optionalLong(Values header, String key, long dflt, String where, String expected) {
        String raw = header.raw(key);
        return raw == null ? dflt : parseLong(raw, key, where, expected);
    }

    static long parseLong(String raw, String key, String where, String expected) {
        try {
            return Long.parseLong(unsigned(raw.strip()));
        } catch (NumberFormatException e) {
            throw bad(where, key, raw, expected);
        }
    }

    /** A real-valued card (FITS allows a 'D' exponent), or null when absent. */
    static BigDecimal optionalNumber(Values header, String key, String where) {
        String raw = header.raw(key);
        if (raw == null) {
            return null;
        }
        try {
            return new BigDecimal(unsigned(raw.strip().replace('D', 'E').replace('d', 'e')));
        } catch (NumberFormatException e) {
            throw bad(where, key, raw, "a number such as 1.0 or 32768");
        }
    }

    /** Without one leading {@code +} (no regular expression: this runs for every card of every file). */
    private static String unsigned(String s) {
        return s.startsWith("+") ? s.substring(1) : s;
    }

    static IllegalArgumentException bad(String where, String key, String raw, String expected) {
        return new IllegalArgumentException(where + ": " + key + " = '" + raw + "' is invalid: expected " + expected);
    }
}
