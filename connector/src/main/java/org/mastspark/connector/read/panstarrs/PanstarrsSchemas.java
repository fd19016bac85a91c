package org.mastspark.connector.read.panstarrs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.panstarrs.PanstarrsColumn;
import org.mastspark.connector.schema.MastSchemas;

/**
 * A Pan-STARRS table's schema from its {@code metadata.json}: each field's metadata carries MAST's
 * description ({@code comment}), {@code unit} and {@code ucd}. Types as everywhere in the connector:
 * char → string, float/double → double, int/short/long/unsignedByte → long.
 */
final class PanstarrsSchemas {
    /** Field metadata key: the IVOA UCD (e.g. {@code pos.eq.ra;meta.main}). */
    static final String UCD = "ucd";

    private PanstarrsSchemas() {}

    static StructType fromColumns(List<PanstarrsColumn> columns) {
        List<StructField> fields = new ArrayList<>();
        for (PanstarrsColumn c : columns) {
            MetadataBuilder m = new MetadataBuilder();
            String comment = c.description() == null ? "" : c.description().trim();
            if (c.unit() != null) {
                comment = comment + " [" + c.unit() + "]";
                m.putString(MastSchemas.UNIT, c.unit());
            }
            m.putString("comment", comment);
            if (c.ucd() != null) {
                m.putString(UCD, c.ucd());
            }
            fields.add(new StructField(c.name(), MastSchemas.sparkType(c.mastType()), true, m.build()));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    static String ucd(StructField f) {
        return f.metadata().contains(UCD) ? f.metadata().getString(UCD) : "";
    }
}
