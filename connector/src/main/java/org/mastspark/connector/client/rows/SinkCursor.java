package org.mastspark.connector.client.rows;

/**
 * A cursor that hands each row to the {@link RowSink} it was opened with or, opened without one, makes
 * each row a fresh array read with {@link #current()}.
 */
public abstract class SinkCursor implements RowCursor {
    /** Where rows go: the sink given at open, or the array maker. */
    protected final RowSink sink;

    private final ArrayRowSink arrays;

    /** @param sink where rows go, or null for arrays read with {@link #current()} */
    protected SinkCursor(RowSink sink, int width) {
        this.arrays = sink == null ? new ArrayRowSink(width) : null;
        this.sink = sink == null ? arrays : sink;
    }

    /**
     * The current row, in the layout's column order. The array is fresh for every row.
     *
     * @throws IllegalStateException when the cursor was opened with a {@link RowSink}, which got the row
     */
    @Override
    public final Object[] current() {
        if (arrays == null) {
            throw new IllegalStateException("this cursor hands its rows to a RowSink");
        }
        return arrays.row();
    }
}
