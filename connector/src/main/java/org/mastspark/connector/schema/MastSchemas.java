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
 * strings because MAST declares them so (astroquery reads them as strings too). Each field's metadata
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

    private static final StructType OBSERVATIONS = new StructType(new StructField[] {
        col(
                "intentType",
                MastType.STRING,
                "Observation Type",
                "",
                "",
                "Whether observation is for science or calibration."),
        col("obs_collection", MastType.STRING, "Mission", "", ";", "Collection"),
        col("provenance_name", MastType.STRING, "Provenance Name", "", "", "Provenance name, or source of data"),
        col("instrument_name", MastType.STRING, "Instrument", "", "", "Instrument Name"),
        col("project", MastType.STRING, "Project", "", ";", "Processing project"),
        col("filters", MastType.STRING, "Filters", "", ";", "Instrument filters"),
        col("wavelength_region", MastType.STRING, "Waveband", "", ";", "Energy Band"),
        col("target_name", MastType.STRING, "Target Name", "", "", "Target Name"),
        col("target_classification", MastType.STRING, "Target Classification", "", ";", "Type of target"),
        col("obs_id", MastType.STRING, "Observation ID", "", "", "Observation identifier, given by mission"),
        col("s_ra", MastType.DOUBLE, "RA", "deg", "", "Observation Right Ascension"),
        col("s_dec", MastType.DOUBLE, "Dec", "deg", "", "Observation Declination"),
        col("dataproduct_type", MastType.STRING, "Product Type", "", "", "Type of product"),
        col("proposal_pi", MastType.STRING, "Principal Investigator", "", "", "Principal investigator's last name"),
        col("calib_level", MastType.LONG, "Calibration Level", "", "", "Calibration level"),
        col("t_min", MastType.DOUBLE, "Start Time", "d", "", "Observation start datetime"),
        col("t_max", MastType.DOUBLE, "End Time", "d", "", "Observation end datetime"),
        col("t_exptime", MastType.DOUBLE, "Exposure Length", "s", "", "Exposure time"),
        col("em_min", MastType.DOUBLE, "Min. Wavelength", "nm", "", "Minimum Wavelength"),
        col("em_max", MastType.DOUBLE, "Max. Wavelength", "nm", "", "Maximum Wavelength"),
        col("obs_title", MastType.STRING, "Observation Title", "", "", "Observation description from proposal"),
        col("t_obs_release", MastType.DOUBLE, "Release Date", "MJD", "", "Dataset release date"),
        col("proposal_id", MastType.STRING, "Proposal ID", "", "", "Proposal ID"),
        col("proposal_type", MastType.STRING, "Proposal Type", "", "", "Type of telescope proposal"),
        col(
                "sequence_number",
                MastType.LONG,
                "Sequence Number",
                "",
                "",
                "Sequence number, e.g. Kepler quarter or TESS sector"),
        col("s_region", MastType.STRING, "", "deg", "", "STC/S Footprint"),
        col("jpegURL", MastType.STRING, "", "", "", "Preview Image URL"),
        col("dataURL", MastType.STRING, "Data URL", "", "", "Data URL"),
        col("dataRights", MastType.STRING, "Data Rights", "", "", "Data Rights"),
        col("mtFlag", MastType.BOOLEAN, "Moving Target", "", "", "Moving Target Flag"),
        col(
                "srcDen",
                MastType.DOUBLE,
                "Associated Catalogs",
                "",
                "",
                "Number of cataloged objects found in observation"),
        col("obsid", MastType.STRING, "Product Group ID", "", "", "Database identifier for obs_id"),
        col("objID", MastType.STRING, "Object ID", "", "", "Plane ID of observation at given calibration level"),
        col(
                "distance",
                MastType.DOUBLE,
                "Distance (\")",
                "arcsec",
                "",
                "Angular separation between searched coordinates and center of obsevation")
    });

    private static final StructType PRODUCTS = new StructType(new StructField[] {
        col(
                "obsID",
                MastType.STRING,
                "Product Group ID",
                "",
                "",
                "Database identifier of the observation (the obsid of observations)"),
        col("obs_collection", MastType.STRING, "Mission", "", "", "Collection"),
        col("dataproduct_type", MastType.STRING, "Product Type", "", "", "Type of product"),
        col("obs_id", MastType.STRING, "Observation ID", "", "", "Observation identifier, given by mission"),
        col("description", MastType.STRING, "Description", "", "", "Product description"),
        col("type", MastType.STRING, "Type", "", "", "S (science) or C (calibration)"),
        col("dataURI", MastType.STRING, "Data URI", "", "", "URI of the product file, e.g. mast:HST/product/x.fits"),
        col(
                "productType",
                MastType.STRING,
                "Product Category",
                "",
                "",
                "SCIENCE, CALIBRATION, AUXILIARY, PREVIEW, INFO, THUMBNAIL"),
        col("productGroupDescription", MastType.STRING, "Product Group", "", "", "e.g. Minimum Recommended Products"),
        col("productSubGroupDescription", MastType.STRING, "Product Subgroup", "", "", "e.g. DRZ, FLT, LC"),
        col("productDocumentationURL", MastType.STRING, "Documentation", "", "", "Documentation URL"),
        col("project", MastType.STRING, "Project", "", "", "Processing project"),
        col("prvversion", MastType.STRING, "Provenance Version", "", "", "Pipeline version"),
        col("proposal_id", MastType.STRING, "Proposal ID", "", "", "Proposal ID"),
        col("productFilename", MastType.STRING, "Filename", "", "", "File name"),
        col("size", MastType.LONG, "Size", "byte", "", "File size in bytes"),
        col("parent_obsid", MastType.STRING, "Parent Observation ID", "", "", "obsid of the parent observation"),
        col("dataRights", MastType.STRING, "Data Rights", "", "", "PUBLIC or EXCLUSIVE_ACCESS"),
        col("calib_level", MastType.LONG, "Calibration Level", "", "", "Calibration level")
    });

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
        List<StructField> fields = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(MastSchemas.class.getResourceAsStream("catalogs.tsv"), "catalogs.tsv"),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c[0].equals(name)) {
                    fields.add(col(c[1], MastType.fromMast(c[2]), c[3], c[4], "", c[5]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("catalogs.tsv unreadable", e);
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
