package org.mastspark.connector.client;

import java.util.Locale;
import org.mastspark.connector.client.rows.MastType;

/** A value MAST sent does not fit its column's type. Names the column, the value and the expected type. */
public final class MastDataException extends MastException {
    private static final long serialVersionUID = 1L;

    public MastDataException(String column, String value, MastType expected) {
        super("Column '" + column + "': value '" + truncate(value) + "' is not a valid "
                + expected.name().toLowerCase(Locale.ROOT)
                + "; give the column another type with .schema(...) to read it as it is");
    }

    private static String truncate(String v) {
        return v == null ? "null" : v.length() > 80 ? v.substring(0, 77) + "..." : v;
    }
}
