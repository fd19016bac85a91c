package org.mastspark.connector.client.http;

import org.mastspark.connector.client.MastException;

/**
 * Spaces requests evenly at a fixed rate (no bursts beyond one request): {@link #acquire()} blocks until
 * the next slot. A rate of zero or less means no limit. Thread safe.
 */
public final class RateLimiter {
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
