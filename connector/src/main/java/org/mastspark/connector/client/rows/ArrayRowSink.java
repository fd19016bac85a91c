package org.mastspark.connector.client.rows;

/** A sink that makes each row a fresh array of the values {@link MastType#read} gives. Not thread safe. */
public final class ArrayRowSink implements RowSink {
    private final int width;
    private Object[] row;

    /** A sink for rows of {@code width} columns. */
    public ArrayRowSink(int width) {
        this.width = width;
    }

    /** The last row started. */
    public Object[] row() {
        return row;
    }

    @Override
    public void startRow() {
        row = new Object[width];
    }

    @Override
    public void putNull(int slot) {
        row[slot] = null;
    }

    @Override
    public void putValue(int slot, Object value) {
        row[slot] = value;
    }
}
