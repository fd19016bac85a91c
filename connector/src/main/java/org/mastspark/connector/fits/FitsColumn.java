package org.mastspark.connector.fits;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * One BINTABLE column as read from its TTYPEn/TFORMn/TDIMn/TSCALn/TZEROn/TNULLn/... cards, with its byte offset
 * in the row. Holds only plain values (no Spark types) so Java and Kryo serialization both work; the Spark type
 * and the decoder are derived from it with the read options.
 */
final class FitsColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The card values recorded in the field metadata, in this order. */
    static final String[] METADATA_KEYS = {"TFORM", "TUNIT", "TDISP", "TUCD", "TNULL", "TSCAL", "TZERO", "TDIM"};

    private static final Pattern TDIM = Pattern.compile("\\s*\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)*\\)\\s*");

    final int number;
    final String name;
    final Tform tform;
    final int offset;
    /** TDIMn in FITS order (fastest axis first), or null. */
    final int[] tdim;

    final BigDecimal tscal;
    final BigDecimal tzero;
    final Long tnull;
    /** Card values by {@link #METADATA_KEYS} index, null when absent. */
    final String[] cards;

    private FitsColumn(
            int number,
            String name,
            Tform tform,
            int offset,
            int[] tdim,
            BigDecimal tscal,
            BigDecimal tzero,
            Long tnull,
            String[] cards) {
        this.number = number;
        this.name = name;
        this.tform = tform;
        this.offset = offset;
        this.tdim = tdim;
        this.tscal = tscal;
        this.tzero = tzero;
        this.tnull = tnull;
        this.cards = cards;
    }

    /** Reads column {@code n} (1-based) whose bytes start at {@code offset} in the row. */
    static FitsColumn read(Cards.Values header, int n, long offset, String where) {
        String[] cards = new String[METADATA_KEYS.length];
        for (int k = 0; k < METADATA_KEYS.length; k++) {
            cards[k] = header.raw(METADATA_KEYS[k] + n);
        }
        String tformKey = "TFORM" + n;
        if (cards[0] == null) {
            throw new IllegalArgumentException(where + ": keyword " + tformKey + " is missing: expected a TFORM"
                    + " for each of the TFIELDS columns, such as '1E' or '20A'");
        }
        Tform tform = Tform.parse(cards[0], tformKey, where);
        String ttype = header.raw("TTYPE" + n);
        // astropy names a column without TTYPEn 'col<n>' (1-based); so do we, so both read the same names.
        String name = ttype == null || ttype.isBlank() ? "col" + n : ttype;
        BigDecimal tscal = Cards.optionalNumber(header, "TSCAL" + n, where);
        BigDecimal tzero = Cards.optionalNumber(header, "TZERO" + n, where);
        Long tnull = null;
        if (cards[4] != null) {
            tnull = Cards.parseLong(cards[4], "TNULL" + n, where, "an integer (the stored value that means null)");
        }
        int[] tdim = null;
        if (cards[7] != null) {
            tdim = parseTdim(cards[7], n, tform, cards[0], where);
        }
        return new FitsColumn(n, name, tform, (int) offset, tdim, tscal, tzero, tnull, cards);
    }

    private static int[] parseTdim(String raw, int n, Tform tform, String tformRaw, String where) {
        String key = "TDIM" + n;
        if (!TDIM.matcher(raw).matches()) {
            throw Cards.bad(where, key, raw, "axis lengths in parentheses, fastest axis first, such as '(3,2)'");
        }
        String[] parts = raw.strip().substring(1, raw.strip().length() - 1).split(",");
        int[] dims = new int[parts.length];
        long product = 1;
        for (int i = 0; i < parts.length; i++) {
            long d = Cards.parseLong(parts[i], key, where, "axis lengths below 2^31");
            if (d > Integer.MAX_VALUE) {
                throw Cards.bad(where, key, raw, "axis lengths below 2^31");
            }
            dims[i] = (int) d;
            product *= d;
        }
        if (!tform.heap() && product != tform.repeat) {
            throw new IllegalArgumentException(where + ": " + key + " = '" + raw + "' has " + product
                    + " elements but TFORM" + n + " = '" + tformRaw + "' has " + tform.repeat
                    + ": expected the product of the " + key + " axes to equal the TFORM" + n + " repeat count");
        }
        return dims;
    }

    private char letter() {
        return tform.heap() ? tform.heapElement : tform.type;
    }

    private boolean numeric() {
        char c = letter();
        return c != 'A' && c != 'X';
    }

    FitsElement element(FitsDecodeOptions options) {
        return FitsElement.of(letter(), tscal, tzero, options.nullValues() ? tnull : null, options.applyScaling());
    }

    /**
     * The array dimensions of a fixed-size cell, outermost first (the reverse of TDIM), or null for a scalar
     * (numeric repeat 1 without TDIM; A without a second TDIM axis).
     */
    int[] shape(FitsDecodeOptions options) {
        int repeat = (int) tform.repeat;
        if (letter() == 'A') {
            if (tdim == null || tdim.length < 2) {
                return null;
            }
            int[] axes = new int[tdim.length - 1];
            int count = 1;
            for (int i = 1; i < tdim.length; i++) {
                axes[axes.length - i] = tdim[i];
                count *= tdim[i];
            }
            return options.nestedArrays() ? axes : new int[] {count};
        }
        if (tdim == null) {
            return repeat == 1 && letter() != 'X' ? null : new int[] {repeat};
        }
        if (!options.nestedArrays()) {
            return new int[] {repeat};
        }
        int[] axes = new int[tdim.length];
        for (int i = 0; i < tdim.length; i++) {
            axes[axes.length - 1 - i] = tdim[i];
        }
        return axes;
    }

    private boolean elementNullable(FitsDecodeOptions options) {
        return numeric() && element(options).nullable();
    }

    private DataType elementType(FitsDecodeOptions options) {
        return switch (letter()) {
            case 'A' -> DataTypes.StringType;
            case 'X' -> DataTypes.BooleanType;
            default -> element(options).type();
        };
    }

    DataType type(FitsDecodeOptions options) {
        DataType element = elementType(options);
        boolean nullable = elementNullable(options);
        if (tform.heap()) {
            return letter() == 'A' ? element : DataTypes.createArrayType(element, nullable);
        }
        int[] shape = shape(options);
        if (shape == null) {
            return element;
        }
        DataType t = DataTypes.createArrayType(element, nullable);
        for (int i = 1; i < shape.length; i++) {
            t = DataTypes.createArrayType(t, false);
        }
        return t;
    }

    StructField field(FitsDecodeOptions options) {
        MetadataBuilder meta = new MetadataBuilder();
        for (int k = 0; k < METADATA_KEYS.length; k++) {
            if (cards[k] != null) {
                meta.putString(METADATA_KEYS[k], cards[k]);
            }
        }
        if (cards[1] != null) {
            // Spark's DESCRIBE shows the 'comment' key: the unit is what users look for there.
            meta.putString("comment", cards[1]);
        }
        Metadata metadata = meta.build();
        boolean nullable = tform.heap() || elementNullable(options);
        return new StructField(name, type(options), nullable, metadata);
    }

    FitsCells.Cell cell(FitsDecodeOptions options, String where) {
        char c = letter();
        FitsCells.Leaf leaf = switch (c) {
            case 'A' -> new FitsCells.Strings(tdim == null ? 0 : tdim[0]);
            case 'X' -> new FitsCells.Bits();
            default -> new FitsCells.Elements(element(options));
        };
        if (tform.heap()) {
            return new FitsCells.Heap(
                    offset,
                    tform.type == 'Q',
                    c,
                    leaf,
                    where + ": column " + name + " (TFORM" + number + " = '" + cards[0] + "')");
        }
        int[] shape = shape(options);
        if (shape == null) {
            return c == 'A'
                    ? new FitsCells.Text(offset, (int) tform.repeat)
                    : element(options).scalarCell(offset);
        }
        return new FitsCells.Array(leaf, offset, shape);
    }
}
