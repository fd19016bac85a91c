package org.mastspark.connector.read.meta;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The fixed schemas of the metadata tables; each field's {@code comment} says what it holds and where from. */
final class MetaSchemas {
    static final StructType MISSIONS = new StructType(new StructField[] {
        field(
                "mission",
                DataTypes.StringType,
                "A mission (obs_collection value) MAST's Portal archives, as Observations.list_missions() lists it")
    });

    static final StructType COLUMNS = new StructType(new StructField[] {
        field(
                "table_name",
                DataTypes.StringType,
                "The table, as SQL names it without 'mast.': observations, products, catalogs.<name>,"
                        + " missions.<mission>, catalogs.panstarrs.<release>.<table>"),
        field("column_name", DataTypes.StringType, "The column's name in MAST's answers and in the table"),
        field("ordinal", DataTypes.LongType, "1-based position of the column in MAST's metadata for the table"),
        field(
                "label",
                DataTypes.StringType,
                "MAST's human label (Portal: text; Mission Search: field_name); null when MAST gives none"),
        field(
                "data_type",
                DataTypes.StringType,
                "MAST's type as astroquery shows it (Portal: parse_type of type or vot.datatype, e.g. string, float,"
                        + " integer; Mission Search: qual_type; Pan-STARRS: datatype)"),
        field(
                "spark_type",
                DataTypes.StringType,
                "The column's type in the connector's table (e.g. string, double, bigint, timestamp); null for a"
                        + " column its fixed schema does not read, and for catalogs whose schema MAST's answer"
                        + " declares (gaia, galex, plato)"),
        field("units", DataTypes.StringType, "Unit (Portal: unit or vot.unit; Pan-STARRS: unit); null when none"),
        field("description", DataTypes.StringType, "MAST's description of the column"),
        field("examples", DataTypes.StringType, "Examples or valid values (Portal: example); null when none"),
        field("ucd", DataTypes.StringType, "IVOA UCD (Portal: vot.ucd; Pan-STARRS: ucd); null when none"),
        field(
                "queryable",
                DataTypes.BooleanType,
                "Mission Search: whether MAST accepts a condition on the column; null for other tables"),
        field(
                "default_output",
                DataTypes.BooleanType,
                "Mission Search: whether MAST returns the column when no columns are selected; null for other tables")
    });

    static final StructType SESSION = new StructType(new StructField[] {
        field(
                "user",
                DataTypes.StringType,
                "MAST's user id (whoami ezid); 'anonymous' when MAST did not accept the token"),
        field("eppn", DataTypes.StringType, "The user's principal name (whoami eppn)"),
        field("display_name", DataTypes.StringType, "whoami attrib.display_name"),
        field("first_name", DataTypes.StringType, "whoami attrib.first_name"),
        field("last_name", DataTypes.StringType, "whoami attrib.last_name"),
        field("email", DataTypes.StringType, "whoami attrib.email"),
        field("anonymous", DataTypes.BooleanType, "whoami anon: true when MAST did not accept the token"),
        field("scopes", DataTypes.StringType, "The token's scopes, space-separated (whoami scopes)"),
        field(
                "exclusive_access",
                DataTypes.BooleanType,
                "Whether the scopes include mast:exclusive_access (exclusive-access data can be read)"),
        field("attributes", DataTypes.StringType, "Every whoami attrib member, as JSON"),
        field("session", DataTypes.StringType, "whoami session, as JSON; null when MAST gives none")
    });

    private MetaSchemas() {}

    private static StructField field(String name, DataType type, String comment) {
        return new StructField(
                name,
                type,
                true,
                new MetadataBuilder().putString("comment", comment).build());
    }
}
