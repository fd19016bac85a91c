package org.mastspark.connector.options;

import org.mastspark.connector.text.Echo;

/**
 * One option: its name, the area it belongs to, its default, how its text becomes a value, and a one-line
 * description. Declared once, in the registry class of its area ({@link OptionArea#keys()}); every class that
 * reads the option reads it through its key, so name, default, range and error message cannot drift apart.
 * Immutable.
 *
 * @param <T> the option's value type
 */
public final class OptionKey<T> {
    /** Turns an option's given text (trimmed, not blank) into its value. */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * The value of {@code text}.
         *
         * @param option the option's name, for the error message
         * @param text the text given, trimmed and not blank
         * @throws IllegalArgumentException naming the option, the value and what is expected
         */
        T parse(String option, String text);
    }

    private final OptionArea area;
    private final String name;
    private final T defaultValue;
    private final String defaultDoc;
    private final Parser<T> parser;
    private final String doc;

    OptionKey(OptionArea area, String name, T defaultValue, String defaultDoc, Parser<T> parser, String doc) {
        this.area = area;
        this.name = name;
        this.defaultValue = defaultValue;
        this.defaultDoc = defaultDoc;
        this.parser = parser;
        this.doc = doc;
    }

    /** The option's name as users give it (matched ignoring case). */
    public String name() {
        return name;
    }

    /** The README table and registry class that hold this key. */
    public OptionArea area() {
        return area;
    }

    /** The value when the option is absent or blank; null when there is none (the option is then optional). */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * The default as the README's option table shows it (Markdown): the default's text in backquotes (e.g.
     * {@code `0.2deg`}), possibly followed by a note, or a sentence where the default is computed from other
     * options or the data; null when the option has no default.
     */
    public String defaultDoc() {
        return defaultDoc;
    }

    /** One line on what the option does. */
    public String doc() {
        return doc;
    }

    /**
     * The option's value from its given text: the default when {@code text} is null or blank, else the parsed
     * (trimmed) text.
     *
     * @throws IllegalArgumentException naming the option, the value and what is expected, for a bad value
     */
    public T parse(String text) {
        return text == null || text.isBlank() ? defaultValue : parser.parse(name, text.trim());
    }

    /**
     * The error for a bad value, in the project's form: {@code Invalid value 'x' for option 'name': expected
     * <expected>} (long values shortened, see {@link Echo}).
     */
    public static IllegalArgumentException invalid(String option, String value, String expected) {
        return new IllegalArgumentException(
                "Invalid value '" + Echo.of(value) + "' for option '" + option + "': expected " + expected);
    }

    @Override
    public String toString() {
        return name;
    }
}
