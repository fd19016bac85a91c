package org.mastspark.connector.fits;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import nom.tam.fits.HeaderCard;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What a read returns, decided on the driver: the data columns (the first file's, or the union with
 * {@code mergeSchema}), then the header-keyword columns, then {@code hdu} and {@code row} when asked, then
 * {@code path} last; in headers mode the fixed {@link #HEADERS} schema. Immutable and serializable.
 *
 * @param options the read's options
 * @param dataSchema the data columns (empty in headers mode)
 * @param schema every column, in order
 * @param firstFile the file the schema was taken from (for messages), or null in headers mode
 */
record FitsSpec(FitsOptions options, StructType dataSchema, StructType schema, String firstFile)
        implements Serializable {

    static final String PATH = "path";
    static final String HDU = "hdu";
    static final String ROW = "row";

    /** The columns of {@code headers=true}: one row per (file, HDU). */
    static final StructType HEADERS = new StructType()
            .add(PATH, DataTypes.StringType, false, comment("fully qualified URI of the file"))
            .add(HDU, DataTypes.IntegerType, false, comment("0-based index of the HDU in the file"))
            .add(
                    "xtension",
                    DataTypes.StringType,
                    true,
                    comment("XTENSION (BINTABLE, IMAGE, ...); null for the primary HDU"))
            .add("extname", DataTypes.StringType, true, comment("EXTNAME, or null"))
            .add("extver", DataTypes.IntegerType, true, comment("EXTVER, or null when absent"))
            .add("naxis", new ArrayType(DataTypes.LongType, false), false, comment("NAXIS1, NAXIS2, ..."))
            .add(
                    "cards",
                    DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
                    false,
                    comment("keyword -> value text (first card of each keyword; no COMMENT/HISTORY)"))
            .add("header", DataTypes.StringType, false, comment("the header's 80-character cards, one per line"));

    FitsSpec {
        Objects.requireNonNull(options);
    }

    private static Metadata comment(String text) {
        return new MetadataBuilder().putString("comment", text).build();
    }

    /** The spec of headers mode. */
    static FitsSpec headers(FitsOptions options) {
        return new FitsSpec(options, new StructType(), HEADERS, null);
    }

    /**
     * The full schema from the data columns and the keyword types.
     *
     * @throws IllegalArgumentException when an added column's name is a data column's
     */
    static FitsSpec of(FitsOptions options, StructType data, List<DataType> keywordTypes, String firstFile) {
        List<StructField> fields = new ArrayList<>(List.of(data.fields()));
        for (int i = 0; i < options.headerKeywords().size(); i++) {
            String k = options.headerKeywords().get(i);
            clash(
                    data,
                    k,
                    "option 'headerKeywords' adds column " + k,
                    firstFile,
                    "leave " + k + " out of headerKeywords");
            fields.add(new StructField(
                    k,
                    keywordTypes.get(i),
                    true,
                    comment("header keyword " + k + " (the HDU's card, else the primary header's)")));
        }
        if (options.includeHdu()) {
            clash(data, HDU, "option 'includeHdu' adds column hdu", firstFile, "leave includeHdu out");
            fields.add(new StructField(HDU, DataTypes.IntegerType, false, comment("0-based index of the HDU")));
        }
        if (options.includeRow()) {
            clash(data, ROW, "option 'includeRow' adds column row", firstFile, "leave includeRow out");
            fields.add(new StructField(
                    ROW, DataTypes.LongType, true, comment("0-based row in the HDU; null for an image HDU")));
        }
        clash(data, PATH, "format(\"fits\") adds column path", firstFile, "read the HDU with another reader");
        fields.add(new StructField(PATH, DataTypes.StringType, false, comment("fully qualified URI of the file")));
        return new FitsSpec(options, data, new StructType(fields.toArray(new StructField[0])), firstFile);
    }

    private static void clash(StructType data, String name, String what, String file, String fix) {
        for (String f : data.fieldNames()) {
            if (f.equalsIgnoreCase(name)) {
                throw new IllegalArgumentException(
                        what + ", but " + file + " has a data column named " + f + "; " + fix);
            }
        }
    }

    /** Whether {@code name} is a column whose value is the same for every row of a file. */
    boolean fileLevel(String name) {
        return name.equals(PATH)
                || (options.includeHdu() && name.equals(HDU))
                || options.headerKeywords().contains(name);
    }

    /**
     * A keyword column's type, from the card that sets it: logical -> boolean, integer -> long, real ->
     * double, string (or complex) -> string; a missing card or an empty value gives string.
     */
    static DataType keywordType(HeaderCard card) {
        if (card == null || empty(card)) {
            return DataTypes.StringType;
        }
        if (card.isStringValue()) {
            return DataTypes.StringType;
        }
        Class<?> t = card.valueType();
        if (t == Boolean.class) {
            return DataTypes.BooleanType;
        }
        if (card.isIntegerType()) {
            return DataTypes.LongType;
        }
        if (card.isDecimalType()) {
            return DataTypes.DoubleType;
        }
        return DataTypes.StringType;
    }

    /** Whether a card has no value ({@code PDC_VAR =  / comment}); a quoted empty string '' is a value. */
    static boolean empty(HeaderCard card) {
        String v = card.getValue();
        if (v == null) {
            return true;
        }
        if (!v.isBlank()) {
            return false;
        }
        String image = card.toString();
        return image.length() <= 10 || !image.substring(10).stripLeading().startsWith("'");
    }

    /**
     * A keyword's value in the column's type (Spark's internal form: Boolean, Long, Double, UTF8String), or
     * null for a missing card or an empty value.
     *
     * @throws FitsFileException when the card's type does not fit the column's (typed from the first file)
     */
    Object keywordValue(HeaderCard card, DataType type, String file, String key) throws FitsFileException {
        if (card == null || empty(card)) {
            return null;
        }
        String text = card.getValue();
        if (type == DataTypes.StringType) {
            return UTF8String.fromString(card.isStringValue() ? text.stripTrailing() : text.trim());
        }
        DataType found = keywordType(card);
        try {
            if (type == DataTypes.BooleanType && found == DataTypes.BooleanType) {
                return card.getValue(Boolean.class, null);
            }
            if (type == DataTypes.LongType && found == DataTypes.LongType) {
                return card.getValue(Long.class, null);
            }
            if (type == DataTypes.DoubleType && (found == DataTypes.DoubleType || found == DataTypes.LongType)) {
                return card.getValue(Double.class, null);
            }
        } catch (RuntimeException e) {
            // reported below with the value
        }
        throw new FitsFileException(file + ": header keyword " + key + " = " + text.trim() + " is "
                + found.simpleString().toLowerCase(Locale.ROOT) + " but column " + key + " is "
                + type.simpleString() + " (typed from the first file, " + firstFile + "); list the files with"
                + " consistent cards, or leave " + key + " out of option 'headerKeywords'");
    }

    /**
     * How a file's data columns differ from the first file's (names and types, in order), or null when they
     * are the same.
     */
    static String difference(StructType first, StructType file) {
        int n = Math.max(first.size(), file.size());
        for (int i = 0; i < n; i++) {
            if (i >= file.size()) {
                StructField f = first.fields()[i];
                return "it lacks column " + f.name() + " (" + f.dataType().simpleString() + ")";
            }
            if (i >= first.size()) {
                StructField f = file.fields()[i];
                return "it has an extra column " + f.name() + " ("
                        + f.dataType().simpleString() + ")";
            }
            StructField a = first.fields()[i];
            StructField b = file.fields()[i];
            if (!a.name().equals(b.name())) {
                return "its column " + (i + 1) + " is " + b.name() + " where the first file has " + a.name();
            }
            if (!a.dataType().catalogString().equals(b.dataType().catalogString())) {
                return "its column " + a.name() + " is " + b.dataType().simpleString() + " where the first file's is "
                        + a.dataType().simpleString();
            }
        }
        return null;
    }
}
