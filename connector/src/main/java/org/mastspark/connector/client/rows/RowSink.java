package org.mastspark.connector.client.rows;

/**
 * Receives the values of one MAST row as a cursor parses them, by position in the cursor's
 * {@link RowLayout}, so a reader can build its own row representation without an intermediate array of
 * boxed values (the Spark reader writes straight into an {@code UnsafeRow}).
 *
 * <p>For each row the cursor calls {@link #startRow()}, then one {@code put} per key the layout names, in
 * the order MAST sent them. A position that gets no call is a missing key, which readers treat as null.
 * Values are already converted to the slot's {@link MastType}, as {@link MastType#read} converts them.
 */
public interface RowSink {
    /** A new row begins; values of the previous row are no longer wanted. */
    void startRow();

    void putNull(int slot);

    /** A {@link MastType#STRING} value as UTF-8 bytes, only valid during the call. */
    void putUtf8(int slot, byte[] bytes, int offset, int length);

    /** A {@link MastType#DOUBLE} value. */
    void putDouble(int slot, double value);

    /** A {@link MastType#LONG} value. */
    void putLong(int slot, long value);

    /** A {@link MastType#BOOLEAN} value. */
    void putBoolean(int slot, boolean value);

    /**
     * Any other non-null value, as {@link MastType#read} returns it: {@code String}, {@code Double},
     * {@code Long}, {@code Boolean}, {@code Instant} (timestamps) or {@code LocalDate} (dates).
     */
    void putValue(int slot, Object value);
}
