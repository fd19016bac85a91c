package org.mastspark.connector.fits;

import java.io.Serializable;
import java.math.BigDecimal;
import nom.tam.fits.Header;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An IMAGE HDU (or a primary HDU with data) read whole as one row of two columns:
 *
 * <ul>
 *   <li>{@code naxis}: {@code array<long>}, the axis lengths as in the header, NAXIS1 first;
 *   <li>{@code data}: the pixels as nested arrays, slowest axis outermost, so a 2-D image is {@code data[y][x]}
 *       like numpy's {@code hdu.data[y, x]} (NAXIS1 = x is the innermost array). With {@code nestedArrays} off,
 *       one flat array in storage order (x fastest).
 * </ul>
 *
 * <table>
 * <caption>BITPIX to Spark element type</caption>
 * <tr><th>BITPIX</th><th>stored</th><th>Spark type</th><th>unsigned BZERO convention (applyScaling)</th>
 *     <th>other BSCALE/BZERO (applyScaling)</th></tr>
 * <tr><td>8</td><td>uint8</td><td>short</td><td>BZERO = -128: byte</td><td>double</td></tr>
 * <tr><td>16</td><td>int16</td><td>short</td><td>BZERO = 32768: int</td><td>double</td></tr>
 * <tr><td>32</td><td>int32</td><td>int</td><td>BZERO = 2147483648: long</td><td>double</td></tr>
 * <tr><td>64</td><td>int64</td><td>long</td><td>BZERO = 9223372036854775808: decimal(20,0)</td><td>double</td></tr>
 * <tr><td>-32</td><td>float32</td><td>float</td><td></td><td>float, scaled</td></tr>
 * <tr><td>-64</td><td>float64</td><td>double</td><td></td><td>double, scaled</td></tr>
 * </table>
 *
 * <p>Physical = BZERO + BSCALE x stored. BLANK (integer images) makes a pixel SQL NULL when {@code nullValues},
 * compared with the stored value before scaling; NaN pixels of float images stay NaN. The {@code data} field's
 * metadata holds {@code BITPIX}, {@code BUNIT}, {@code BSCALE}, {@code BZERO}, {@code BLANK} when present, and
 * {@code comment} = BUNIT. An HDU with NAXIS = 0 has no image: {@link #of} rejects it.
 */
public final class FitsImage implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final String[] METADATA_KEYS = {"BITPIX", "BUNIT", "BSCALE", "BZERO", "BLANK"};

    private final String where;
    private final FitsDecodeOptions options;
    private final int bitpix;
    private final long[] naxis;
    private final long dataBytes;
    private final BigDecimal bscale;
    private final BigDecimal bzero;
    private final Long blank;
    private final String[] cards;
    private transient StructType schema;

    private FitsImage(
            String where,
            FitsDecodeOptions options,
            int bitpix,
            long[] naxis,
            long dataBytes,
            BigDecimal bscale,
            BigDecimal bzero,
            Long blank,
            String[] cards) {
        this.where = where;
        this.options = options;
        this.bitpix = bitpix;
        this.naxis = naxis;
        this.dataBytes = dataBytes;
        this.bscale = bscale;
        this.bzero = bzero;
        this.blank = blank;
        this.cards = cards;
    }

    /** Reads the image's shape and type from its header; errors name {@code where}, keyword and value. */
    public static FitsImage of(Header header, FitsDecodeOptions options, String where) {
        return of(Cards.of(header), options, where);
    }

    /** The same from header values by keyword (a parsed header's or raw cards'). */
    static FitsImage of(Cards.Values header, FitsDecodeOptions options, String where) {
        String xtension = header.raw("XTENSION");
        if (xtension != null && !xtension.strip().equals("IMAGE")) {
            throw new IllegalArgumentException(where + ": XTENSION = '" + xtension + "' is not an image: expected"
                    + " 'IMAGE' or a primary HDU (tables are read with FitsTable)");
        }
        long bitpix = Cards.requiredLong(header, "BITPIX", where, "one of 8, 16, 32, 64, -32, -64");
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw Cards.bad(where, "BITPIX", Long.toString(bitpix), "one of 8, 16, 32, 64, -32, -64");
        }
        long n = Cards.requiredLong(header, "NAXIS", where, "the number of axes (0 to 999)");
        if (n < 0 || n > 999) {
            throw Cards.bad(where, "NAXIS", Long.toString(n), "a number of axes from 0 to 999");
        }
        if (n == 0) {
            throw new IllegalArgumentException(
                    where + ": HDU has no data (NAXIS = 0): expected an image HDU with NAXIS of 1 or more");
        }
        long[] naxis = new long[(int) n];
        long bytes = Math.abs(bitpix) / 8;
        for (int i = 0; i < n; i++) {
            String key = "NAXIS" + (i + 1);
            naxis[i] = Cards.requiredLong(header, key, where, "the length of axis " + (i + 1));
            if (naxis[i] < 0 || naxis[i] > Integer.MAX_VALUE) {
                throw Cards.bad(where, key, Long.toString(naxis[i]), "an axis length from 0 to " + Integer.MAX_VALUE);
            }
            try {
                bytes = Math.multiplyExact(bytes, naxis[i]);
            } catch (ArithmeticException e) {
                throw Cards.bad(where, key, Long.toString(naxis[i]), "an image of at most 2^63 bytes");
            }
        }
        BigDecimal bscale = Cards.optionalNumber(header, "BSCALE", where);
        BigDecimal bzero = Cards.optionalNumber(header, "BZERO", where);
        Long blank = null;
        if (bitpix > 0 && header.raw("BLANK") != null) {
            blank = Cards.parseLong(
                    header.raw("BLANK"), "BLANK", where, "an integer (the stored value that means null)");
        }
        String[] cards = new String[METADATA_KEYS.length];
        for (int k = 0; k < cards.length; k++) {
            cards[k] = header.raw(METADATA_KEYS[k]);
        }
        return new FitsImage(where, options, (int) bitpix, naxis, bytes, bscale, bzero, blank, cards);
    }

    /** Bytes of the data unit without padding (|BITPIX|/8 x NAXIS1 x ... x NAXISn). */
    public long dataBytes() {
        return dataBytes;
    }

    /** The axis lengths, NAXIS1 first. */
    public long[] naxis() {
        return naxis.clone();
    }

    private FitsElement element() {
        char letter = switch (bitpix) {
            case 8 -> 'B';
            case 16 -> 'I';
            case 32 -> 'J';
            case 64 -> 'K';
            case -32 -> 'E';
            default -> 'D';
        };
        return FitsElement.of(letter, bscale, bzero, options.nullValues() ? blank : null, options.applyScaling());
    }

    /** Array dimensions of {@code data}, outermost first. */
    private int[] shape() {
        if (!options.nestedArrays() || naxis.length == 1) {
            long count = 1;
            for (long a : naxis) {
                count *= a;
            }
            return new int[] {(int) Math.min(count, Integer.MAX_VALUE)};
        }
        int[] dims = new int[naxis.length];
        for (int i = 0; i < naxis.length; i++) {
            dims[naxis.length - 1 - i] = (int) naxis[i];
        }
        return dims;
    }

    /** The image's columns (documented shape, e.g. {@code data} as nested arrays, slowest axis outermost). */
    public StructType schema() {
        StructType s = schema;
        if (s == null) {
            FitsElement e = element();
            DataType t = DataTypes.createArrayType(e.type(), e.nullable());
            for (int i = 1; i < shape().length; i++) {
                t = DataTypes.createArrayType(t, false);
            }
            MetadataBuilder meta = new MetadataBuilder();
            for (int k = 0; k < cards.length; k++) {
                if (cards[k] != null) {
                    meta.putString(METADATA_KEYS[k], cards[k]);
                }
            }
            if (cards[1] != null) {
                meta.putString("comment", cards[1]);
            }
            s = new StructType(new StructField[] {
                new StructField(
                        "naxis",
                        DataTypes.createArrayType(DataTypes.LongType, false),
                        false,
                        new MetadataBuilder().build()),
                new StructField("data", t, false, meta.build())
            });
            schema = s;
        }
        return s;
    }

    /** Decodes the data unit {@code data[0, dataBytes())} into {@code out} from ordinal {@code outStart}. */
    public void decode(byte[] data, InternalRow out, int outStart) {
        if (data.length < dataBytes) {
            throw new IllegalArgumentException(where + ": the image needs " + dataBytes + " bytes of data but "
                    + data.length + " were given: expected the whole data unit (|BITPIX|/8 x NAXIS1 x ... x NAXISn)");
        }
        out.update(outStart, UnsafeArrayData.fromPrimitiveArray(naxis.clone()));
        FitsCells.Leaf leaf = new FitsCells.Elements(element());
        int[] dims = shape();
        out.update(
                outStart + 1,
                dims.length == 1 ? leaf.leaf(data, 0, 0, dims[0]) : FitsCells.nest(leaf, data, 0, dims, 0, 0));
    }
}
