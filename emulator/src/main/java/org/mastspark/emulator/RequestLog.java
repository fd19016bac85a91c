package org.mastspark.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request the emulator answered, in order: tests assert on it (how many requests, which pages,
 * which services). Cookies and other headers are not recorded, so no token ever lands here: only whether
 * a {@code mast_token} cookie came with the request. Thread safe; bounded to the last 200,000 entries.
 */
public final class RequestLog {
    private static final int MAX = 200_000;

    /**
     * One answered request.
     *
     * @param method HTTP method
     * @param path request path
     * @param query raw query string, or ""
     * @param service the Portal service, or null for other endpoints
     * @param request the decoded Portal request JSON (or form body of other POSTs), or ""
     * @param status HTTP status sent (0 when the connection was dropped before a status)
     * @param rows data rows sent (Portal), or -1
     * @param withToken whether the request carried a {@code mast_token} cookie (its value is never kept)
     * @param cutoutService {@code tesscut}, {@code zcut} or {@code hapcut} for a request to a cutout service (whose
     *     limits apply), else null
     * @param startNanos when the request arrived ({@link System#nanoTime()})
     * @param admittedNanos when a cutout service's limits admitted the request ({@link System#nanoTime()}); -1 when
     *     they refused it (503) or it is not a cutout request
     * @param endNanos when its answer was over and, for an admitted cutout request, its slot released
     *     ({@link System#nanoTime()})
     */
    public record Entry(
            String method,
            String path,
            String query,
            String service,
            String request,
            int status,
            long rows,
            boolean withToken,
            String cutoutService,
            long startNanos,
            long admittedNanos,
            long endNanos) {
        /** An entry of a request that is not a cutout request, without times. */
        public Entry(
                String method,
                String path,
                String query,
                String service,
                String request,
                int status,
                long rows,
                boolean withToken) {
            this(method, path, query, service, request, status, rows, withToken, null, 0, -1, 0);
        }

        /** Whether a cutout service's limits admitted this request. */
        public boolean admitted() {
            return admittedNanos >= 0;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Requests being answered: their entries are added when the answer is over. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    void begin() {
        pending.incrementAndGet();
    }

    void add(Entry e) {
        synchronized (this) {
            if (entries.size() >= MAX) {
                entries.remove(0);
            }
            entries.add(e);
        }
        pending.decrementAndGet();
    }

    /**
     * A client can hold a whole answer a moment before the emulator has logged it; reading or clearing the
     * log first waits (up to 2 s) for requests still being answered, so a test sees the requests it made.
     */
    private void settle() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A copy of the entries so far. */
    public List<Entry> entries() {
        settle();
        synchronized (this) {
            return new ArrayList<>(entries);
        }
    }

    public long count(Predicate<Entry> which) {
        settle();
        synchronized (this) {
            return entries.stream().filter(which).count();
        }
    }

    public void clear() {
        settle();
        synchronized (this) {
            entries.clear();
        }
    }
}
