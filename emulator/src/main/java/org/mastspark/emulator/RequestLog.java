package org.mastspark.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request the emulator answered, in order: tests assert on it (how many requests, which pages,
 * which services). Cookies and other headers are not recorded, so no token ever lands here. Thread safe;
 * bounded to the last 200,000 entries.
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
     */
    public record Entry(
            String method, String path, String query, String service, String request, int status, long rows) {}

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry e) {
        if (entries.size() >= MAX) {
            entries.remove(0);
        }
        entries.add(e);
    }

    /** A copy of the entries so far. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public synchronized long count(Predicate<Entry> which) {
        return entries.stream().filter(which).count();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
