package org.mastspark.connector.client.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.mastspark.connector.client.MastDataException;

/**
 * The value types of MAST results and how a JSON value becomes a Java value of that type.
 *
 * <p>Mapping of MAST's declared types (the {@code type} of a Portal {@code fields} entry, or a catalog's
 * {@code info} entry), following astroquery's {@code parse_type}: {@code char}, {@code string} →
 * {@link #STRING}; {@code datetime} → {@link #TIMESTAMP}; {@code date} → {@link #DATE}; {@code float},
 * {@code double}, {@code decimal}, {@code real} → {@link #DOUBLE}; {@code int}, {@code short},
 * {@code long}, {@code number}, {@code integer}, {@code bigint}, {@code unsignedbyte}, ... →
 * {@link #LONG}; {@code boolean}, {@code binary} → {@link #BOOLEAN}.
 *
 * <p>JSON null (or a missing key) stays null: no -999 or NaN sentinels. A value whose JSON type differs
 * from the declared one is converted as astroquery does (a number in a string column becomes its text,
 * e.g. CAOM's {@code obsid}; a numeric string in a number column is parsed); a value that cannot be
 * converted raises {@link MastDataException} naming the column and the value.
 */
public enum MastType {
    STRING,
    DOUBLE,
    LONG,
    BOOLEAN,
    TIMESTAMP,
    DATE;

    private static final DateTimeFormatter MAST_DATETIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendLiteral('Z')
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    /**
     * The type for a MAST type name.
     *
     * @throws IllegalArgumentException for a name astroquery would not understand either
     */
    public static MastType fromMast(String mastType) {
        String t = mastType == null ? "" : mastType.trim().toLowerCase(Locale.ROOT);
        if (t.contains("varchar") || t.contains("char") || t.equals("string") || t.equals("text") || t.equals("null")) {
            return STRING;
        }
        return switch (t) {
            case "datetime", "timestamp" -> TIMESTAMP;
            case "date" -> DATE;
            case "float", "double", "decimal", "real", "numeric" -> DOUBLE;
            case "int", "short", "long", "number", "integer", "bigint", "smallint", "tinyint", "unsignedbyte", "byte" ->
                LONG;
            case "boolean", "binary", "bool" -> BOOLEAN;
            default ->
                throw new IllegalArgumentException("Unknown MAST column type '" + mastType
                        + "': expected one of string, char, datetime, date, float, double, decimal, int, short,"
                        + " long, number, boolean, unsignedByte");
        };
    }

    /**
     * Reads the value at the parser's current token (a scalar, null, or a structure, which is skipped and
     * rendered as its JSON text for {@link #STRING}) and converts it.
     */
    public Object read(JsonParser p, String column) throws IOException {
        ArrayRowSink one = new ArrayRowSink(1);
        one.startRow();
        write(p, column, 0, one, new Utf8Text());
        return one.row()[0];
    }

    /**
     * Converts the value at the parser's current token as {@link #read} does (the same values, the same
     * errors) and hands it to {@code slot} of {@code sink}: numbers and booleans unboxed, this type's
     * strings as UTF-8 through {@code text}, null as {@link RowSink#putNull}.
     */
    void write(JsonParser p, String column, int slot, RowSink sink, Utf8Text text) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL || t == null) {
            sink.putNull(slot);
            return;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            if (this == STRING) {
                sink.putValue(slot, p.readValueAsTree().toString());
                return;
            }
            p.skipChildren();
            throw new MastDataException(column, "a JSON " + (t == JsonToken.START_OBJECT ? "object" : "array"), this);
        }
        if (this == STRING) {
            // a string's value, or a number's or literal's text (CAOM's numeric obsid in a string column)
            text.put(p, slot, sink);
            return;
        }
        if (t == JsonToken.VALUE_STRING) {
            put(slot, fromText(p.getText(), column), sink);
            return;
        }
        switch (this) {
            case DOUBLE ->
                sink.putDouble(
                        slot,
                        switch (t) {
                            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                            case VALUE_TRUE -> 1.0;
                            case VALUE_FALSE -> 0.0;
                            default -> throw new MastDataException(column, p.getText(), this);
                        });
            case LONG ->
                sink.putLong(
                        slot,
                        switch (t) {
                            case VALUE_NUMBER_INT -> p.getLongValue();
                            case VALUE_NUMBER_FLOAT -> integral(p.getDoubleValue(), p.getText(), column);
                            case VALUE_TRUE -> 1L;
                            case VALUE_FALSE -> 0L;
                            default -> throw new MastDataException(column, p.getText(), this);
                        });
            case BOOLEAN ->
                sink.putBoolean(
                        slot,
                        switch (t) {
                            case VALUE_TRUE -> true;
                            case VALUE_FALSE -> false;
                            case VALUE_NUMBER_INT -> p.getLongValue() != 0;
                            default -> throw new MastDataException(column, p.getText(), this);
                        });
            default -> throw new MastDataException(column, p.getText(), this);
        }
    }

    /** Hands a converted value to a slot with the sink's typed call for its type. */
    static void put(int slot, Object value, RowSink sink) {
        if (value == null) {
            sink.putNull(slot);
        } else if (value instanceof Double d) {
            sink.putDouble(slot, d);
        } else if (value instanceof Long l) {
            sink.putLong(slot, l);
        } else if (value instanceof Boolean b) {
            sink.putBoolean(slot, b);
        } else {
            sink.putValue(slot, value);
        }
    }

    /** A JSON string's value converted to this type, as {@link #read} converts it (null for blank numbers). */
    Object fromText(String text, String column) {
        if (this == STRING) {
            return text;
        }
        String v = text.trim();
        if (v.isEmpty()) {
            return null;
        }
        Object value;
        try {
            value = switch (this) {
                case STRING -> text;
                case DOUBLE -> parseDouble(v);
                case LONG -> parseLong(v, text, column);
                case BOOLEAN -> parseBoolean(v);
                case TIMESTAMP ->
                    v.length() == 10
                            ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC)
                            : LocalDateTime.parse(v, MAST_DATETIME).toInstant(ZoneOffset.UTC);
                case DATE ->
                    v.length() > 10 ? LocalDateTime.parse(v, MAST_DATETIME).toLocalDate() : LocalDate.parse(v);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            value = null;
        }
        if (value == null) {
            throw new MastDataException(column, text, this);
        }
        return value;
    }

    /** A double's text, or MAST's spellings of the non-finite values; null when it is neither. */
    private static Double parseDouble(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            if (v.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            if (v.equalsIgnoreCase("inf") || v.equalsIgnoreCase("infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (v.equalsIgnoreCase("-inf") || v.equalsIgnoreCase("-infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            return null;
        }
    }

    /** An integer's text, or a number with an integral value ({@code "3.0"}). */
    private Long parseLong(String v, String text, String column) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return integral(Double.parseDouble(v), text, column);
        }
    }

    long integral(double d, String text, String column) {
        if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 9.007199254740992E15) {
            // astroquery would truncate silently; a fractional value in an integer column is reported instead.
            throw new MastDataException(column, text, this);
        }
        return (long) d;
    }

    /** A boolean's spelling ({@code true, 1, t, yes} and their opposites, any case); null for others. */
    private static Boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "t", "yes" -> Boolean.TRUE;
            case "false", "0", "f", "no" -> Boolean.FALSE;
            default -> null;
        };
    }
}
