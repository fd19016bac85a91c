package org.mastspark.connector.client.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mastspark.connector.client.MastException;

/**
 * Spaces requests evenly at a fixed rate (no bursts beyond one request): {@link #acquire()} blocks until
 * the next slot. A rate of zero or less means no limit. Thread safe.
 */
public final class RateLimiter {
    /**
     * Most per-JVM limiters {@link #shared} keeps; a JVM talks to few services at few rates, so this bound is
     * never reached in practice and only keeps a long-lived executor from accumulating limiters.
     */
    static final int MAX_SHARED = 64;

    /** The per-JVM limiters by service and rate, least recently used first (evicted beyond {@link #MAX_SHARED}). */
    private static final Map<String, RateLimiter> SHARED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_SHARED;
        }
    };

    private final long intervalNanos;
    private long next;

    private RateLimiter(double perSecond) {
        this.intervalNanos = perSecond > 0 ? Math.max(1L, (long) (1e9 / perSecond)) : 0;
        this.next = System.nanoTime();
    }

    /** A limiter allowing {@code perSecond} requests per second; 0 or less for no limit. */
    public static RateLimiter perSecond(double perSecond) {
        return new RateLimiter(perSecond);
    }

    /**
     * The limiter every caller in this JVM shares for one service URL and rate, so that all the threads and
     * tasks of an executor asking {@code url} together keep to {@code perSecond}. Bounded: the least recently
     * used of more than {@value #MAX_SHARED} limiters is dropped (its users keep it; new callers get a fresh one).
     */
    public static RateLimiter shared(String url, double perSecond) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(url + "|" + perSecond, k -> new RateLimiter(perSecond));
        }
    }

    /** Limiters {@link #shared} holds now (tests). */
    static int sharedCount() {
        synchronized (SHARED) {
            return SHARED.size();
        }
    }

    public boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Waits for the next request slot. */
    public void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MastException("interrupted while waiting for a request slot", e);
            }
        }
    }
}
