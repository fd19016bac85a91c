package org.mastspark.connector.fits;

import java.io.Serializable;
import nom.tam.fits.Header;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of one BINTABLE HDU: its columns as Spark fields, the row width, the row count and the heap
 * (CONTRACT between the decoder and the source: the decoder helper owns and implements this file; the
 * signatures stay).
 */
public final class FitsTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private FitsTable() {}

    /**
     * Reads the layout from a BINTABLE header. {@code where} names the file and HDU for error messages
     * ("s3a://b/x.fits HDU 1 (LIGHTCURVE)"); errors name the keyword, its value and what was expected.
     */
    public static FitsTable of(Header header, FitsDecodeOptions options, String where) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** NAXIS1: bytes per row. */
    public long rowBytes() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** NAXIS2: rows (64-bit). */
    public long rows() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Where the heap starts, in bytes from the start of the data unit (THEAP, default NAXIS1 x NAXIS2). */
    public long heapOffset() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** One field per table column, named by TTYPEn, with TUNITn/TDISPn/TFORMn/... in the field metadata. */
    public StructType schema() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** A decoder of the given columns (indexes into {@link #schema()}), only their bytes decoded. */
    public FitsRowDecoder decoder(int[] columns) {
        throw new UnsupportedOperationException("not built yet");
    }
}
