package org.mastspark.connector.fits;

import java.io.IOException;

/** Positioned reads in a binary table's heap (the P/Q variable-length array area). CONTRACT. */
@FunctionalInterface
public interface HeapReader {
    /**
     * Reads exactly {@code len} bytes at {@code heapPosition} (bytes from the start of the heap, i.e. the
     * descriptor's offset) into {@code dst[off, off + len)}.
     */
    void readFully(long heapPosition, byte[] dst, int off, int len) throws IOException;
}
