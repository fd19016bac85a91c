package org.mastspark.connector.client.rows;

import java.io.Closeable;

/**
 * Rows streamed from a MAST answer, one at a time, in a {@link RowLayout}'s column order. Not thread
 * safe; {@link #close()} is idempotent.
 */
public interface RowCursor extends Closeable {
    /** Advances to the next row; false at the end. */
    boolean next();

    /**
     * The current row in the layout's order; a fresh array for every row. Only for a cursor opened without
     * a {@link RowSink} (the array form).
     *
     * @throws IllegalStateException when the cursor was opened with a {@link RowSink}, which got the row
     */
    Object[] current();

    @Override
    void close();
}
