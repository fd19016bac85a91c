package org.mastspark.connector.fits;

import java.io.Serializable;
import nom.tam.fits.Header;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * An IMAGE HDU (or a primary HDU with data) read whole as one row (CONTRACT: the decoder helper owns and
 * implements this file; the signatures stay).
 */
public final class FitsImage implements Serializable {
    private static final long serialVersionUID = 1L;

    private FitsImage() {}

    /** Reads the image's shape and type from its header; errors name {@code where}, keyword and value. */
    public static FitsImage of(Header header, FitsDecodeOptions options, String where) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Bytes of the data unit without padding (|BITPIX|/8 x NAXIS1 x ... x NAXISn). */
    public long dataBytes() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The image's columns (documented shape, e.g. {@code data} as nested arrays, slowest axis outermost). */
    public StructType schema() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Decodes the data unit {@code data[0, dataBytes())} into {@code out} from ordinal {@code outStart}. */
    public void decode(byte[] data, InternalRow out, int outStart) {
        throw new UnsupportedOperationException("not built yet");
    }
}
