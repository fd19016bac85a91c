package org.mastspark.connector.client.cutout;

/**
 * Where a request to a cutout service takes its permit before it is sent: a limit of requests open at once
 * and of requests per second to each service. The client takes one permit per attempt (retries included)
 * and holds it until the answer is read to its end, so a limiter sees every request MAST sees (an answer of
 * at most 8 MB is read into memory first, and its permit returns before it is unpacked and written).
 *
 * <p>The job-wide limiter ({@code org.mastspark.connector.limits}) is one; {@link #NONE} is none.
 * Implementations are thread safe.
 */
public interface RequestPermits {
    /** No limit: every permit is granted at once. */
    RequestPermits NONE = service -> () -> {};

    /**
     * Waits for a permit to send one request to {@code service} ({@code tesscut}, {@code zcut},
     * {@code hapcut}).
     *
     * @throws org.mastspark.connector.client.MastException when none was granted in time, or the wait was
     *     interrupted
     */
    Permit acquire(String service);

    /** A granted permit; closing it (once) gives it back. */
    interface Permit extends AutoCloseable {
        /**
         * Says the permit's request is being sent now (called once, just before it is), so that a limiter can
         * count its rate by send times rather than grant times. Best effort: never throws.
         */
        default void sending() {}

        @Override
        void close();
    }
}
