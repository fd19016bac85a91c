package org.mastspark.connector.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mastspark.connector.sky.SkyParse;

/**
 * The keys of one area while its registry class declares them, with the parsers the project's options share.
 * A name declared twice in one area fails the class's initialisation, so two declarations cannot disagree.
 */
final class KeySet {
    private final OptionArea area;
    private final Map<String, OptionKey<?>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<OptionKey<?>> ordered = new ArrayList<>();

    KeySet(OptionArea area) {
        this.area = area;
    }

    /** The declared keys, in declaration order. */
    List<OptionKey<?>> keys() {
        return List.copyOf(ordered);
    }

    /**
     * A key with any parser. {@code defaultDoc} is the README's default cell (Markdown); null gives the default's
     * text in backquotes, or none when there is no default.
     */
    <T> OptionKey<T> add(String name, T def, String defaultDoc, OptionKey.Parser<T> parser, String doc) {
        String shown = defaultDoc != null ? defaultDoc : def == null ? null : "`" + def + "`";
        OptionKey<T> key = new OptionKey<>(area, name, def, shown, parser, doc);
        if (keys.putIfAbsent(name, key) != null) {
            throw new IllegalStateException("Option '" + name + "' is declared twice in area " + area);
        }
        ordered.add(key);
        return key;
    }

    /** Text taken as given (trimmed); {@code def} may be null. */
    OptionKey<String> text(String name, String def, String defaultDoc, String doc) {
        return add(name, def, defaultDoc, (option, text) -> text, doc);
    }

    /**
     * A whole number from {@code min} to {@code max}; {@code _} may group digits ({@code 50_000}). A bad value
     * is refused with the range and the default.
     */
    OptionKey<Integer> wholeNumber(String name, int def, int min, int max, String defaultDoc, String doc) {
        return add(
                name,
                def,
                defaultDoc,
                (option, text) -> {
                    try {
                        int n = Integer.parseInt(text.replace("_", ""));
                        if (n >= min && n <= max) {
                            return n;
                        }
                    } catch (NumberFormatException e) {
                        // reported below, with the range
                    }
                    throw OptionKey.invalid(
                            option, text, "a whole number from " + min + " to " + max + " (default " + def + ")");
                },
                doc);
    }

    /** {@code true} or {@code false}, any case. */
    OptionKey<Boolean> bool(String name, boolean def, String doc) {
        return add(
                name,
                def,
                null,
                (option, text) -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw OptionKey.invalid(option, text, "true or false");
                },
                doc);
    }

    /** A radius in degrees, given as an angle with unit ({@link SkyParse#radiusDegrees}); {@code defaultDoc} as users write it. */
    OptionKey<Double> radius(String name, double def, String defaultDoc, String doc) {
        return add(name, def, defaultDoc, SkyParse::radiusDegrees, doc);
    }

    /** Requests per second: a finite number, at least 0; 0 (the default) for no limit. */
    OptionKey<Double> rate(String name, String defaultDoc, String doc) {
        return add(
                name,
                0.0,
                defaultDoc,
                (option, text) -> {
                    double r;
                    try {
                        r = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        r = Double.NaN;
                    }
                    if (!(r >= 0) || Double.isInfinite(r)) {
                        throw OptionKey.invalid(option, text, "a number of requests per second, 0 for no limit");
                    }
                    return r;
                },
                doc);
    }

    /**
     * One of {@code choices}, matched ignoring case; the value is the choice as declared. A bad value is
     * refused listing the choices.
     */
    OptionKey<String> choice(String name, String def, String defaultDoc, List<String> choices, String doc) {
        String expected = choices.size() == 1
                ? choices.get(0)
                : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
        return add(
                name,
                def,
                defaultDoc,
                (option, text) -> {
                    for (String c : choices) {
                        if (c.equalsIgnoreCase(text)) {
                            return c;
                        }
                    }
                    throw OptionKey.invalid(option, text, expected);
                },
                doc);
    }
}
