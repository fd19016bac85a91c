package org.mastspark.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * MAST's limits on its cutout services, each service ({@code /tesscut/}, {@code /zcut/}, {@code /hapcut/})
 * counted on its own: at most {@code concurrent} requests being answered at once and at most {@code perSecond}
 * requests admitted in any sliding one-second window. A request over either limit is refused at once with
 * {@code 503 Service Temporarily Unavailable} and {@code Retry-After: 1}; refused requests take no slot and do not
 * count towards the rate. An admitted request holds its slot for the configured service time (the emulator
 * sleeps, as a busy MAST takes time) and while it is answered. 0 turns a limit off. Thread safe.
 */
final class CutoutLimits {
    /** A cutout service, by its path prefix. */
    enum Service {
        TESSCUT("/tesscut/"),
        ZCUT("/zcut/"),
        HAPCUT("/hapcut/");

        final String prefix;

        Service(String prefix) {
            this.prefix = prefix;
        }

        /** The service of a path, or null for the other endpoints. */
        static Service of(String path) {
            for (Service s : values()) {
                if (path.startsWith(s.prefix)) {
                    return s;
                }
            }
            return null;
        }

        String logName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String UNAVAILABLE_HTML = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
            + "<title>503 Service Temporarily Unavailable</title>\n</head><body>\n"
            + "<h1>Service Temporarily Unavailable</h1>\n"
            + "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\n"
            + "problems. Please try again later.</p>\n</body></html>\n";

    static final String GATEWAY_TIMEOUT_HTML =
            "<html>\n<head><title>504 Gateway Time-out</title></head>\n<body>\n<center><h1>504 Gateway Time-out</h1>"
                    + "</center>\n</body>\n</html>\n";

    private final int concurrent;
    private final int perSecond;
    private final long serviceTimeNanos;
    private final Map<Service, State> states = new EnumMap<>(Service.class);

    private static final class State {
        int inFlight;
        final ArrayDeque<Long> admitted = new ArrayDeque<>();
    }

    CutoutLimits(int concurrent, int perSecond, Duration serviceTime) {
        if (concurrent < 0) {
            throw new IllegalArgumentException("Invalid value " + concurrent
                    + " for cutoutLimits 'concurrent': expected 0 (no limit) or more requests at once, e.g. 10");
        }
        if (perSecond < 0) {
            throw new IllegalArgumentException("Invalid value " + perSecond
                    + " for cutoutLimits 'perSecond': expected 0 (no limit) or more requests per second, e.g. 5");
        }
        if (serviceTime == null || serviceTime.isNegative()) {
            throw new IllegalArgumentException("Invalid value " + serviceTime
                    + " for cutoutServiceTime: expected a duration of 0 or more, e.g. Duration.ofMillis(300)");
        }
        this.concurrent = concurrent;
        this.perSecond = perSecond;
        this.serviceTimeNanos = serviceTime.toNanos();
        for (Service s : Service.values()) {
            states.put(s, new State());
        }
    }

    int concurrent() {
        return concurrent;
    }

    int perSecond() {
        return perSecond;
    }

    long serviceTimeNanos() {
        return serviceTimeNanos;
    }

    /**
     * Admits a request arriving at {@code now} ({@link System#nanoTime()}) if both limits allow: true means it
     * holds a slot until {@link #release}.
     */
    boolean admit(Service s, long now) {
        State st = states.get(s);
        synchronized (st) {
            if (concurrent > 0 && st.inFlight >= concurrent) {
                return false;
            }
            if (perSecond > 0) {
                while (!st.admitted.isEmpty() && now - st.admitted.peekFirst() >= 1_000_000_000L) {
                    st.admitted.pollFirst();
                }
                if (st.admitted.size() >= perSecond) {
                    return false;
                }
                st.admitted.addLast(now);
            }
            st.inFlight++;
            return true;
        }
    }

    void release(Service s) {
        State st = states.get(s);
        synchronized (st) {
            st.inFlight--;
        }
    }

    /** Requests of a service being answered now. */
    int inFlight(Service s) {
        State st = states.get(s);
        synchronized (st) {
            return st.inFlight;
        }
    }
}
