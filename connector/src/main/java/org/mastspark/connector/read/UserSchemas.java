package org.mastspark.connector.read;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Checks a schema given with {@code .schema(...)} against the source's own, on the driver before any row
 * is read: a column the source does not have would come back as nulls (or make MAST fail the request
 * with "Invalid column name" at task time), and a type the source's values cannot be converted to would
 * fail on the first row.
 */
public final class UserSchemas {
    private UserSchemas() {}

    /**
     * Fails unless every column of {@code user} is a column of {@code source} (same name) of a type its
     * values convert to.
     *
     * @param read what is read, for messages (e.g. {@code missions/hst})
     * @throws IllegalArgumentException listing the unknown columns and the source's, or naming the column
     *     and both types
     */
    public static void check(String read, StructType user, StructType source) {
        List<String> unknown = new ArrayList<>();
        for (StructField f : user.fields()) {
            if (!List.of(source.fieldNames()).contains(f.name())) {
                unknown.add(f.name());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("The schema given with .schema(...) names "
                    + (unknown.size() == 1 ? "a column " : "columns ") + read + " does not have: "
                    + String.join(", ", unknown) + ". Its columns are: " + String.join(", ", source.fieldNames())
                    + ". Use those names (they are case-sensitive), or drop .schema(...) to read the source's schema");
        }
        for (StructField f : user.fields()) {
            StructField s = source.apply(f.name());
            MastType want = MastSchemas.mastType(f);
            MastType have = MastSchemas.mastType(s);
            if (!converts(have, want)) {
                throw new IllegalArgumentException("Column '" + f.name() + "' has type "
                        + f.dataType().simpleString() + " in the schema given with .schema(...), but " + read
                        + " declares it " + s.dataType().simpleString() + ", which cannot be converted to "
                        + f.dataType().simpleString() + ": declare it "
                        + s.dataType().simpleString()
                        + " (or string), or drop .schema(...)");
            }
        }
    }

    /**
     * Whether values the source declares as {@code have} are read as {@code want}: as they are, as text,
     * between numbers, and from text (MAST declares some numbers and times as strings).
     */
    static boolean converts(MastType have, MastType want) {
        if (have == want || want == MastType.STRING || have == MastType.STRING) {
            return true;
        }
        boolean numbers = (have == MastType.LONG || have == MastType.DOUBLE)
                && (want == MastType.LONG || want == MastType.DOUBLE);
        return numbers;
    }
}
