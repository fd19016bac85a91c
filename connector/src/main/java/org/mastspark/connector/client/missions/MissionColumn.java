package org.mastspark.connector.client.missions;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Locale;
import org.mastspark.connector.client.rows.MastType;

/**
 * One column of a mission's search table, as MAST's {@code column_list} describes it.
 *
 * @param name the column name used in {@code select_cols}, {@code conditions} and result rows
 * @param label MAST's human label ({@code field_name})
 * @param description MAST's description
 * @param qualType how MAST qualifies searches on it: string, substring, integer, float, datetime, boolean,
 *     ra, dec
 * @param datatype the storage type: char, double, float, long
 * @param queryable whether MAST accepts a condition on it
 * @param defaultOutput whether MAST returns it when no {@code select_cols} is given
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
public record MissionColumn(
        String name,
        String label,
        String description,
        String qualType,
        String datatype,
        boolean queryable,
        boolean defaultOutput)
        implements Serializable {

    /**
     * The value type rows carry for this column: {@code datetime} qualifiers are timestamps, otherwise the
     * storage type decides (char → string, double/float → double, long → long).
     */
    public MastType type() {
        if ("datetime".equalsIgnoreCase(qualType)) {
            return MastType.TIMESTAMP;
        }
        String d = datatype == null ? "" : datatype.toLowerCase(Locale.ROOT);
        return switch (d) {
            case "double", "float", "real", "decimal" -> MastType.DOUBLE;
            case "long", "int", "integer", "short", "bigint" -> MastType.LONG;
            case "boolean" -> MastType.BOOLEAN;
            default -> MastType.STRING;
        };
    }
}
