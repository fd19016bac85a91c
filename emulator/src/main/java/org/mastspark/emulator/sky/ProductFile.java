package org.mastspark.emulator.sky;

import java.io.IOException;
import java.io.OutputStream;

/** The bytes behind one data product URI, generated deterministically on demand. */
public interface ProductFile {
    /** Total size in bytes (the {@code Content-Length} of a full download). */
    long size();

    /** True for exclusive-access data, which MAST serves only with a valid {@code mast_token}. */
    boolean exclusiveAccess();

    /** Writes bytes {@code [from, toExclusive)} of the file to {@code out}. */
    void write(long from, long toExclusive, OutputStream out) throws IOException;
}
