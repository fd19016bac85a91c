package org.mastspark.connector.client.panstarrs;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Locale;
import org.mastspark.connector.client.rows.MastType;

/**
 * One column of a Pan-STARRS table, as the catalogs API's {@code metadata.json} describes it.
 *
 * @param name the column name used in queries and answers
 * @param type the value type ({@code char, double, float, int, long, short, unsignedByte})
 * @param dbType the database type (STRING, DOUBLE, REAL, INTEGER, BIGINT, SMALLINT, TINYINT)
 * @param description MAST's description
 * @param unit the unit, or null (MAST writes "NULL" for none)
 * @param ucd the IVOA UCD, or null
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
public record PanstarrsColumn(String name, String type, String dbType, String description, String unit, String ucd)
        implements Serializable {

    /** The value type rows carry: {@link MastType#fromMast} of {@code type}, else of {@code db_type}. */
    public MastType mastType() {
        try {
            return MastType.fromMast(type);
        } catch (IllegalArgumentException e) {
            return MastType.fromMast(dbType);
        }
    }

    static String orNull(String s) {
        return s == null || s.isBlank() || s.trim().toUpperCase(Locale.ROOT).equals("NULL") ? null : s.trim();
    }
}
