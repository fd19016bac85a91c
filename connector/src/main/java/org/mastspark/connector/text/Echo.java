package org.mastspark.connector.text;

import java.util.Locale;

/**
 * How error messages show a value the user gave (an option, a load path, a target name): whole when short,
 * else its first {@value #MAX_CHARS} characters and its length, so that a huge value (a deeply nested
 * {@code params}, a pasted file) does not bury the message that names it.
 */
public final class Echo {
    /** Characters of a value an error message shows. */
    public static final int MAX_CHARS = 200;

    private Echo() {}

    /**
     * The value as an error message shows it: itself when at most {@value #MAX_CHARS} characters, else
     * its first {@value #MAX_CHARS} characters followed by {@code "... (N characters)"}.
     */
    public static String of(Object value) {
        String s = String.valueOf(value);
        if (s.length() <= MAX_CHARS) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return s.substring(0, cut) + String.format(Locale.ROOT, "... (%,d characters)", s.length());
    }
}
