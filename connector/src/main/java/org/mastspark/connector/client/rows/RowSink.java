package org.mastspark.connector.client.rows;

import java.nio.charset.StandardCharsets;

/**
 * Receives the values of one MAST row as a cursor parses them, by position in the cursor's
 * {@link RowLayout}, so a reader can build its own row representation without an intermediate array of
 * boxed values (the Spark reader writes straight into an {@code UnsafeRow}).
 *
 * <p>For each row the cursor calls {@link #startRow()}, then one {@code put} per key the layout names, in
 * the order MAST sent them. A position that gets no call is a missing key, which readers treat as null.
 * Values are already converted to the slot's {@link MastType}, as {@link MastType#read} converts them.
 * A sink that keeps values as objects implements only {@link #putValue} (and {@link #putNull}); one that
 * stores them unboxed overrides the typed calls.
 */
public interface RowSink {
    /** A new row begins; values of the previous row are no longer wanted. */
    void startRow();

    void putNull(int slot);

    /**
     * A {@link MastType#STRING} value as UTF-8 bytes, only valid during the call. By default decoded and
     * handed to {@link #putValue}.
     */
    default void putUtf8(int slot, byte[] bytes, int offset, int length) {
        putValue(slot, new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    /** A {@link MastType#DOUBLE} value. By default boxed and handed to {@link #putValue}. */
    default void putDouble(int slot, double value) {
        putValue(slot, value);
    }

    /** A {@link MastType#LONG} value. By default boxed and handed to {@link #putValue}. */
    default void putLong(int slot, long value) {
        putValue(slot, value);
    }

    /** A {@link MastType#BOOLEAN} value. By default boxed and handed to {@link #putValue}. */
    default void putBoolean(int slot, boolean value) {
        putValue(slot, value);
    }

    /**
     * Any other non-null value, as {@link MastType#read} returns it: {@code String}, {@code Double},
     * {@code Long}, {@code Boolean}, {@code Instant} (timestamps) or {@code LocalDate} (dates).
     */
    void putValue(int slot, Object value);
}
