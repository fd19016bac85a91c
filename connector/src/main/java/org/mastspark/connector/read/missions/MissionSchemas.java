package org.mastspark.connector.read.missions;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.missions.MissionColumn;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Schemas of mission reads: a mission's search table from its {@code column_list} (each field's metadata
 * carries MAST's description as {@code comment}, its label, {@code qual_type} and whether it is
 * queryable), and the fixed products schema of {@code post_list_products}.
 */
public final class MissionSchemas {
    /** Field metadata key: MAST's search qualifier (string, substring, integer, float, datetime, boolean, ra, dec). */
    public static final String QUAL_TYPE = "qual_type";
    /** Field metadata key: whether MAST accepts conditions on the column. */
    public static final String QUERYABLE = "queryable";

    private static final StructType PRODUCTS = new StructType(new StructField[] {
        str("product_key", "Unique product key: dataset and file name"),
        str("access", "PUBLIC or an exclusive-access state"),
        str("dataset", "The dataset the product belongs to"),
        str("instrument_name", "Instrument"),
        str("filters", "Filters or elements"),
        str("filename", "File name"),
        str("uri", "Product URI, the product_name of retrieve_product"),
        str("authz_primary_identifier", "Authorization identifier (dataset)"),
        str("authz_secondary_identifier", "Authorization identifier (product class)"),
        str("file_suffix", "File suffix, e.g. SHF, TRL"),
        str("category", "Product category, e.g. UNCALIBRATED, CALIBRATED, AUX"),
        new StructField("size", DataTypes.LongType, true, comment("File size in bytes")),
        str("type", "science or calibration")
    });

    private MissionSchemas() {}

    /** The products schema of {@code post_list_products}. */
    public static StructType products() {
        return PRODUCTS;
    }

    /** A search table's schema from its column list, in MAST's order. */
    public static StructType fromColumns(List<MissionColumn> columns) {
        List<StructField> fields = new ArrayList<>();
        for (MissionColumn c : columns) {
            MetadataBuilder m = new MetadataBuilder();
            m.putString("comment", c.description().isEmpty() ? c.label() : c.description());
            if (!c.label().isEmpty()) {
                m.putString(MastSchemas.LABEL, c.label());
            }
            m.putString(QUAL_TYPE, c.qualType());
            m.putBoolean(QUERYABLE, c.queryable());
            fields.add(new StructField(c.name(), MastSchemas.sparkType(c.type()), true, m.build()));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The qual_type of a field, or "" when the schema is the user's own. */
    static String qualType(StructField f) {
        return f.metadata().contains(QUAL_TYPE) ? f.metadata().getString(QUAL_TYPE) : "";
    }

    static boolean queryable(StructField f) {
        return !f.metadata().contains(QUERYABLE) || f.metadata().getBoolean(QUERYABLE);
    }

    private static StructField str(String name, String comment) {
        return new StructField(name, DataTypes.StringType, true, comment(comment));
    }

    private static Metadata comment(String text) {
        return new MetadataBuilder().putString("comment", text).build();
    }
}
