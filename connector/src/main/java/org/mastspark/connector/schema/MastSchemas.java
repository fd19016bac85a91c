package org.mastspark.connector.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;

/**
 * The fixed schemas of the {@code observations} and {@code products} datasets, and the mapping between
 * MAST types and Spark types.
 *
 * <p>The observation columns are those MAST's CAOM services return (labels, units and descriptions from
 * MAST's own column configuration for {@code Mast.Caom.Cone}); {@code obsid} and {@code objID} are
 * strings because MAST declares them so (astroquery reads them as strings too). The columns are listed
 * in {@code datasets.tsv} beside this class. Each field's metadata
 * carries {@code comment} (shown by {@code DESCRIBE}), {@code label}, {@code unit} and, for columns
 * MAST matches by parts, {@code separator}.
 */
public final class MastSchemas {
    /** Field metadata key: MAST's human label for the column. */
    public static final String LABEL = "label";
    /** Field metadata key: unit, e.g. deg, nm, s, MJD. */
    public static final String UNIT = "unit";
    /** Field metadata key: the separator MAST splits multi-valued cells on (filters "F606W;F814W"). */
    public static final String SEPARATOR = "separator";

    /** Where the observation and product columns are declared, one line a column (see {@link #table}). */
    private static final String DATASETS = "datasets.tsv";

    private static final StructType OBSERVATIONS = table(DATASETS, "observations");

    private static final StructType PRODUCTS = table(DATASETS, "products");

    private MastSchemas() {}

    /** The observations schema (every CAOM column, plus {@code distance} for positional queries). */
    public static StructType observations() {
        return OBSERVATIONS;
    }

    /** The products schema ({@code Mast.Caom.Products}). */
    public static StructType products() {
        return PRODUCTS;
    }

    /** The Spark type a MAST type is read as. */
    public static DataType sparkType(MastType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case DOUBLE -> DataTypes.DoubleType;
            case LONG -> DataTypes.LongType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DATE -> DataTypes.DateType;
        };
    }

    /**
     * The MAST type to read into a Spark type (for user-given schemas).
     *
     * @throws IllegalArgumentException naming the field for a type a MAST value cannot become
     */
    public static MastType mastType(StructField field) {
        DataType t = field.dataType();
        if (t.equals(DataTypes.StringType)) {
            return MastType.STRING;
        }
        if (t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType)) {
            return MastType.DOUBLE;
        }
        if (t.equals(DataTypes.LongType)
                || t.equals(DataTypes.IntegerType)
                || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType)) {
            return MastType.LONG;
        }
        if (t.equals(DataTypes.BooleanType)) {
            return MastType.BOOLEAN;
        }
        if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
            return MastType.TIMESTAMP;
        }
        if (t.equals(DataTypes.DateType)) {
            return MastType.DATE;
        }
        throw new IllegalArgumentException("Invalid type " + t.simpleString() + " for field '" + field.name()
                + "' in the schema: MAST values can be read as string, double, float, long, int, short, byte,"
                + " boolean, timestamp or date");
    }

    /** The row layout that reads the given Spark schema's columns from MAST rows. */
    public static RowLayout layout(StructType schema) {
        RowLayout.Builder b = RowLayout.builder();
        for (StructField f : schema.fields()) {
            b.add(f.name(), mastType(f));
        }
        return b.build();
    }

    /** A schema from MAST's {@code fields} (name, type), skipping astroquery's {@code _selected_}. */
    public static StructType fromMastFields(List<String> names, List<String> types) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals("_selected_")) {
                continue;
            }
            MastType t;
            try {
                t = MastType.fromMast(types.get(i));
            } catch (IllegalArgumentException e) {
                t = MastType.STRING;
            }
            fields.add(new StructField(names.get(i), sparkType(t), true, Metadata.empty()));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The separator of a column MAST matches by parts, or null. */
    public static String separator(StructField field) {
        return field.metadata().contains(SEPARATOR) ? field.metadata().getString(SEPARATOR) : null;
    }

    private static StructField col(
            String name, MastType type, String label, String unit, String separator, String description) {
        MetadataBuilder m = new MetadataBuilder();
        String comment = description.isEmpty() ? label : description;
        if (!unit.isEmpty()) {
            comment = comment + " [" + unit + "]";
            m.putString(UNIT, unit);
        }
        m.putString("comment", comment);
        if (!label.isEmpty()) {
            m.putString(LABEL, label);
        }
        if (!separator.isEmpty()) {
            m.putString(SEPARATOR, separator);
        }
        return new StructField(name, sparkType(type), true, m.build());
    }

    /** The column the connector adds to catalog reads: distance from the search centre, in arcseconds. */
    public static final String DISTANCE_ARCSEC = "dstArcSec";
    /** The column option {@code healpix} adds: the nested HEALPix cell of the row's position. */
    public static final String HEALPIX = "healpix";

    /**
     * The recorded schema of a catalog ({@code tic}, {@code hsc}, {@code diskdetective}): the columns of
     * real MAST answers, in MAST's order, with labels and units from MAST's column configurations (see
     * {@code catalogs.tsv} beside this class), without the services' own distance columns.
     */
    public static StructType catalog(String name) {
        return table("catalogs.tsv", name);
    }

    /**
     * The columns of one table in a column list beside this class: lines of tab-separated table name,
     * column name, MAST type, label, unit, description and, optionally, separator; {@code #} starts a
     * comment line.
     *
     * @throws IllegalArgumentException when the list has no line for the table
     */
    private static StructType table(String resource, String name) {
        List<StructField> fields = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(MastSchemas.class.getResourceAsStream(resource), resource),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c[0].equals(name)) {
                    fields.add(col(c[1], MastType.fromMast(c[2]), c[3], c[4], c.length > 6 ? c[6] : "", c[5]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " unreadable", e);
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("No recorded schema for catalog " + name);
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /**
     * A catalog schema as the connector serves it: the service's columns without its own distance
     * columns ({@code dstArcSec}, {@code distance}, {@code Distance}, {@code distance_arcmin}, which are
     * relative to each request's cone, not to the user's centre) and {@code _selected_}, then
     * {@link #DISTANCE_ARCSEC}, then {@link #HEALPIX} when asked for.
     */
    public static StructType catalogRead(StructType service, boolean healpix, int healpixOrder) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : service.fields()) {
            String n = lower(f.name());
            if (!n.equals("dstarcsec")
                    && !n.equals("distance")
                    && !n.equals("distance_arcmin")
                    && !n.equals("_selected_")
                    && !n.equals(HEALPIX)) {
                fields.add(f);
            }
        }
        fields.add(col(
                DISTANCE_ARCSEC,
                MastType.DOUBLE,
                "Distance (\")",
                "arcsec",
                "",
                "Angular distance from the search centre (computed by the connector; null without a position)"));
        if (healpix) {
            fields.add(new StructField(
                    HEALPIX,
                    DataTypes.LongType,
                    true,
                    new MetadataBuilder()
                            .putString("comment", "Nested HEALPix cell of (ra, dec) at order " + healpixOrder)
                            .putLong("healpix_order", healpixOrder)
                            .build()));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
