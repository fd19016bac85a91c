package org.mastspark.connector.fits;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import nom.tam.fits.Header;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of one BINTABLE HDU: its columns as Spark fields, the row width, the row count and the heap.
 * Header cards are read through nom-tam-fits; rows are decoded by {@link #decoder} from the raw row bytes
 * (nom-tam-fits' {@code BinaryTable} is not used for rows: it counts rows in an {@code int} and boxes values).
 *
 * <h2>Type mapping (FITS Standard 4.0 §7.3)</h2>
 *
 * <table>
 * <caption>TFORMn letter to Spark type</caption>
 * <tr><th>TFORM</th><th>stored</th><th>Spark type</th><th>unsigned TZERO convention (applyScaling)</th>
 *     <th>other TSCAL/TZERO (applyScaling)</th></tr>
 * <tr><td>L</td><td>logical</td><td>boolean ('T' true, 'F' false, anything else (0) NULL)</td><td></td><td></td></tr>
 * <tr><td>X</td><td>bits</td><td>array&lt;boolean&gt; of the r bits, most significant bit first</td><td></td><td></td></tr>
 * <tr><td>B</td><td>uint8</td><td>short</td><td>TZERO = -128: byte</td><td>double</td></tr>
 * <tr><td>I</td><td>int16</td><td>short</td><td>TZERO = 32768: int</td><td>double</td></tr>
 * <tr><td>J</td><td>int32</td><td>int</td><td>TZERO = 2147483648: long</td><td>double</td></tr>
 * <tr><td>K</td><td>int64</td><td>long</td><td>TZERO = 9223372036854775808: decimal(20,0)</td><td>double</td></tr>
 * <tr><td>E</td><td>float32</td><td>float</td><td></td><td>float, scaled</td></tr>
 * <tr><td>D</td><td>float64</td><td>double</td><td></td><td>double, scaled</td></tr>
 * <tr><td>C / M</td><td>complex</td><td>struct&lt;re,im&gt; of float / double (TSCAL/TZERO not applied)</td>
 *     <td></td><td></td></tr>
 * <tr><td>A</td><td>characters</td><td>string, ended at the first NUL, trailing blanks removed; with a TDIMn of
 *     two or more axes, (nested) arrays of strings of TDIM's first axis as width</td><td></td><td></td></tr>
 * <tr><td>P / Q</td><td>heap descriptor</td><td>array of the element type read from the heap (PA/QA: string);
 *     count 0 gives an empty array</td><td></td><td></td></tr>
 * </table>
 *
 * <p>Repeat r &gt; 1 gives an array of r elements (X always gives an array); with TDIMn nested arrays, slowest
 * FITS axis outermost ({@code TDIM = '(3,2)'}: an array of 2 arrays of 3, like numpy's shape (2, 3)); with
 * {@code nestedArrays} off, one flat array in storage order. Repeat 0 gives an empty array (A: an empty string).
 * Scaling: physical = TZERO + TSCAL x stored, applied only when {@code applyScaling}; TSCAL = 1 with TZERO = 0
 * changes nothing. TNULLn (integer columns, also in arrays and heap arrays) makes the value SQL NULL when
 * {@code nullValues}, compared with the stored integer before scaling; NaN in E/D columns stays NaN.
 *
 * <p>Names: TTYPEn; a column without one is named {@code col<n>} (1-based), as astropy names it. Two names equal
 * ignoring case are an error (Spark resolves column names case-insensitively, so one would hide the other).
 *
 * <p>Field metadata (strings, the card values as written): {@code TFORM}, {@code TUNIT}, {@code TDISP},
 * {@code TUCD}, {@code TNULL}, {@code TSCAL}, {@code TZERO}, {@code TDIM} when present, and {@code comment} = the
 * unit (shown by DESCRIBE). A field is nullable only for L, P/Q, and columns with a TNULLn (when
 * {@code nullValues}), including arrays of those.
 */
public final class FitsTable implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The largest row the decoder handles: row offsets are Java array indexes. */
    static final long MAX_ROW_BYTES = Integer.MAX_VALUE - 16;

    private final String where;
    private final FitsDecodeOptions options;
    private final long rowBytes;
    private final long rows;
    private final long heapOffset;
    private final long heapSize;
    private final FitsColumn[] columns;
    private transient StructType schema;

    private FitsTable(
            String where,
            FitsDecodeOptions options,
            long rowBytes,
            long rows,
            long heapOffset,
            long heapSize,
            FitsColumn[] columns) {
        this.where = where;
        this.options = options;
        this.rowBytes = rowBytes;
        this.rows = rows;
        this.heapOffset = heapOffset;
        this.heapSize = heapSize;
        this.columns = columns;
    }

    /**
     * Reads the layout from a BINTABLE header. {@code where} names the file and HDU for error messages
     * ("s3a://b/x.fits HDU 1 (LIGHTCURVE)"); errors name the keyword, its value and what was expected.
     */
    public static FitsTable of(Header header, FitsDecodeOptions options, String where) {
        return of(Cards.of(header), options, where);
    }

    /** The same from header values by keyword (a parsed header's or raw cards'). */
    static FitsTable of(Cards.Values header, FitsDecodeOptions options, String where) {
        String xtension = header.raw("XTENSION");
        if (xtension == null
                || !(xtension.strip().equals("BINTABLE") || xtension.strip().equals("A3DTABLE"))) {
            throw new IllegalArgumentException(where + ": XTENSION = '" + (xtension == null ? "" : xtension)
                    + "' is not a binary table: expected 'BINTABLE' (images are read with FitsImage)");
        }
        long naxis1 = Cards.requiredLong(header, "NAXIS1", where, "the row width in bytes");
        if (naxis1 < 0 || naxis1 > MAX_ROW_BYTES) {
            throw Cards.bad(
                    where, "NAXIS1", Long.toString(naxis1), "a row width from 0 to " + MAX_ROW_BYTES + " bytes");
        }
        long naxis2 = Cards.requiredLong(header, "NAXIS2", where, "the number of rows");
        if (naxis2 < 0) {
            throw Cards.bad(where, "NAXIS2", Long.toString(naxis2), "a row count of 0 or more");
        }
        long pcount = Cards.optionalLong(header, "PCOUNT", 0, where, "the heap size in bytes");
        if (pcount < 0) {
            throw Cards.bad(where, "PCOUNT", Long.toString(pcount), "a heap size of 0 or more bytes");
        }
        long table;
        try {
            table = Math.multiplyExact(naxis1, naxis2);
        } catch (ArithmeticException e) {
            throw Cards.bad(where, "NAXIS2", Long.toString(naxis2), "at most 2^63 bytes of rows of NAXIS1 bytes");
        }
        long theap = Cards.optionalLong(header, "THEAP", table, where, "the heap's byte offset in the data unit");
        if (theap < table) {
            throw Cards.bad(
                    where,
                    "THEAP",
                    Long.toString(theap),
                    "a heap offset of at least NAXIS1 x NAXIS2 = " + table + " (the heap follows the rows)");
        }
        long tfields = Cards.requiredLong(header, "TFIELDS", where, "the number of columns (0 to 999)");
        if (tfields < 0 || tfields > 999) {
            throw Cards.bad(where, "TFIELDS", Long.toString(tfields), "a number of columns from 0 to 999");
        }
        FitsColumn[] columns = new FitsColumn[(int) tfields];
        Map<String, FitsColumn> names = new HashMap<>();
        long offset = 0;
        for (int n = 1; n <= tfields; n++) {
            FitsColumn c = FitsColumn.read(header, n, Math.min(offset, MAX_ROW_BYTES), where);
            FitsColumn earlier = names.putIfAbsent(c.name.toLowerCase(Locale.ROOT), c);
            if (earlier != null) {
                throw new IllegalArgumentException(where + ": TTYPE" + n + " = '" + c.name + "' repeats TTYPE"
                        + earlier.number + " = '" + earlier.name + "' (Spark column names ignore case): expected"
                        + " distinct column names; rename one of them in the file");
            }
            columns[n - 1] = c;
            offset += c.tform.width();
            if (offset < 0 || offset > MAX_ROW_BYTES + 1) {
                offset = MAX_ROW_BYTES + 1;
            }
        }
        if (offset != naxis1) {
            throw new IllegalArgumentException(where + ": NAXIS1 = " + naxis1 + " but the " + tfields
                    + " TFORMn widths add up to " + (offset > MAX_ROW_BYTES ? "more than " + MAX_ROW_BYTES : offset)
                    + " bytes: expected NAXIS1 to equal the sum of the column widths");
        }
        return new FitsTable(where, options, naxis1, naxis2, theap, pcount, columns);
    }

    /** NAXIS1: bytes per row. */
    public long rowBytes() {
        return rowBytes;
    }

    /** NAXIS2: rows (64-bit). */
    public long rows() {
        return rows;
    }

    /** Where the heap starts, in bytes from the start of the data unit (THEAP, default NAXIS1 x NAXIS2). */
    public long heapOffset() {
        return heapOffset;
    }

    /**
     * PCOUNT: bytes after the rows (the gap before THEAP plus the heap); the data unit holds NAXIS1 x NAXIS2 +
     * PCOUNT bytes before its padding.
     */
    public long heapSize() {
        return heapSize;
    }

    /** One field per table column, named by TTYPEn, with TUNITn/TDISPn/TFORMn/... in the field metadata. */
    public StructType schema() {
        StructType s = schema;
        if (s == null) {
            StructField[] fields = new StructField[columns.length];
            for (int i = 0; i < columns.length; i++) {
                fields[i] = columns[i].field(options);
            }
            s = new StructType(fields);
            schema = s;
        }
        return s;
    }

    /**
     * A decoder of the given columns (indexes into {@link #schema()}), only their bytes decoded. A decoder reuses
     * a scratch buffer for heap arrays: use one per thread.
     */
    public FitsRowDecoder decoder(int[] columns) {
        FitsCells.Cell[] cells = new FitsCells.Cell[columns.length];
        for (int i = 0; i < columns.length; i++) {
            int c = columns[i];
            if (c < 0 || c >= this.columns.length) {
                throw new IllegalArgumentException(
                        where + ": column index " + c + " is out of range: expected 0 to " + (this.columns.length - 1));
            }
            cells[i] = this.columns[c].cell(options, where);
        }
        return new TableRowDecoder(cells, where);
    }

    /** Runs the chosen columns' cells over one row. */
    static final class TableRowDecoder implements FitsRowDecoder {
        private static final long serialVersionUID = 1L;
        private final FitsCells.Cell[] cells;
        private final String where;

        TableRowDecoder(FitsCells.Cell[] cells, String where) {
            this.cells = cells;
            this.where = where;
        }

        @Override
        public void decode(
                byte[] buf, int offset, HeapReader heap, org.apache.spark.sql.catalyst.InternalRow out, int outStart)
                throws java.io.IOException {
            FitsCells.Cell[] cs = cells;
            for (int i = 0; i < cs.length; i++) {
                cs[i].decode(buf, offset, heap, out, outStart + i);
            }
        }

        /**
         * Decodes the chosen columns of {@code n} rows, the first at {@code buf[first]}, into rows
         * {@code [at, at + n)} of {@code out} (one vector per chosen column, in the order given to
         * {@link FitsTable#decoder}), a column at a time. {@code scratch} holds one one-field row per column for
         * the cells without a columnar loop; the caller keeps it between calls.
         */
        void decodeColumns(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector[] out,
                int at,
                org.apache.spark.sql.catalyst.InternalRow[] scratch)
                throws java.io.IOException {
            FitsCells.Cell[] cs = cells;
            for (int i = 0; i < cs.length; i++) {
                cs[i].decodeColumn(buf, first, rowBytes, n, heap, out[i], at, scratch[i]);
            }
        }

        @Override
        public String toString() {
            return "FitsRowDecoder[" + where + ", " + cells.length + " columns]";
        }
    }
}
