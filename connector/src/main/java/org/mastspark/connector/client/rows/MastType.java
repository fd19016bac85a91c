package org.mastspark.connector.client.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
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
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL || t == null) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            if (this == STRING) {
                return p.readValueAsTree().toString();
            }
            p.skipChildren();
            throw new MastDataException(column, "a JSON " + (t == JsonToken.START_OBJECT ? "object" : "array"), this);
        }
        if (t == JsonToken.VALUE_STRING) {
            return fromText(p.getText(), column);
        }
        return switch (this) {
            case STRING -> p.getText();
            case DOUBLE ->
                switch (t) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> 1.0;
                    case VALUE_FALSE -> 0.0;
                    default -> throw new MastDataException(column, p.getText(), this);
                };
            case LONG ->
                switch (t) {
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_NUMBER_FLOAT -> integral(p.getDoubleValue(), p.getText(), column);
                    case VALUE_TRUE -> 1L;
                    case VALUE_FALSE -> 0L;
                    default -> throw new MastDataException(column, p.getText(), this);
                };
            case BOOLEAN ->
                switch (t) {
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NUMBER_INT -> p.getLongValue() != 0;
                    default -> throw new MastDataException(column, p.getText(), this);
                };
            case TIMESTAMP, DATE -> fail(column, p.getText());
        };
    }

    /** A JSON string's value converted to this type, as {@link #read} converts it (null for blank numbers). */
    Object fromText(String text, String column) {
        return switch (this) {
            case STRING -> text;
            case DOUBLE -> parseDouble(text, column);
            case LONG -> parseLong(text, column);
            case BOOLEAN -> parseBoolean(text, column);
            case TIMESTAMP -> parseTimestamp(text, column);
            case DATE -> parseDate(text, column);
        };
    }

    private Object fail(String column, String value) {
        throw new MastDataException(column, value, this);
    }

    private Double parseDouble(String s, String column) {
        String v = s.trim();
        if (v.isEmpty()) {
            return null;
        }
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
            throw new MastDataException(column, s, this);
        }
    }

    private Long parseLong(String s, String column) {
        String v = s.trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                return integral(Double.parseDouble(v), s, column);
            } catch (NumberFormatException e2) {
                throw new MastDataException(column, s, this);
            }
        }
    }

    Long integral(double d, String text, String column) {
        if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 9.007199254740992E15) {
            // astroquery would truncate silently; a fractional value in an integer column is reported instead.
            throw new MastDataException(column, text, this);
        }
        return (long) d;
    }

    private Boolean parseBoolean(String s, String column) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "" -> null;
            case "true", "1", "t", "yes" -> Boolean.TRUE;
            case "false", "0", "f", "no" -> Boolean.FALSE;
            default -> throw new MastDataException(column, s, this);
        };
    }

    private Instant parseTimestamp(String s, String column) {
        String v = s.trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(v, MAST_DATETIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new MastDataException(column, s, this);
        }
    }

    private LocalDate parseDate(String s, String column) {
        String v = s.trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return v.length() > 10 ? LocalDateTime.parse(v, MAST_DATETIME).toLocalDate() : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new MastDataException(column, s, this);
        }
    }
}
