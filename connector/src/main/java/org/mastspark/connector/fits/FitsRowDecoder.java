package org.mastspark.connector.fits;

import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/** Decodes the chosen columns of binary-table rows into Spark's internal values. CONTRACT. */
public interface FitsRowDecoder extends Serializable {
    /**
     * Decodes one row whose {@code rowBytes} bytes start at {@code buf[offset]}, writing the chosen columns'
     * values (in the order given to {@link FitsTable#decoder}) into {@code out} at ordinals {@code outStart},
     * {@code outStart + 1}, ... Heap (P/Q) columns read their arrays through {@code heap}.
     */
    void decode(byte[] buf, int offset, HeapReader heap, InternalRow out, int outStart) throws IOException;
}
