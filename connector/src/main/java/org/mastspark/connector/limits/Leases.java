package org.mastspark.connector.limits;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The driver's book of permits: per service, the leases granted and not yet returned (at most
 * {@link ServiceLimits#maxConcurrent()}) and the times of recent grants (at most
 * {@link ServiceLimits#perSecond()} in any window of one second plus the margin). A lease not renewed
 * within its time to live is taken back, so an executor that died holding one cannot keep its slot.
 * Thread safe.
 */
final class Leases {
    private final Map<String, ServiceLimits> limits;
    private final ServiceLimits defaults;
    private final long ttlNanos;
    private final long windowNanos;
    private final long coldNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Book> books = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    /** One service's leases (id to expiry) and recent grant times, oldest first. */
    private static final class Book {
        final Map<Long, Long> open = new HashMap<>();
        final ArrayDeque<Long> grants = new ArrayDeque<>();
        long first = Long.MIN_VALUE;
    }

    /**
     * @param windowNanos the rate's window: one second plus the margin
     * @param coldNanos how long after a service's first grant the window is twice as long: executors' first
     *     requests reach MAST up to half a second after their grant (class loading, first connections), which
     *     would bunch them with the next second's requests
     */
    Leases(Map<String, ServiceLimits> limits, ServiceLimits defaults, long ttlNanos, long windowNanos, long coldNanos) {
        this.limits = Map.copyOf(limits);
        this.defaults = defaults;
        this.ttlNanos = ttlNanos;
        this.windowNanos = windowNanos;
        this.coldNanos = coldNanos;
    }

    ServiceLimits limitsOf(String service) {
        return limits.getOrDefault(service, defaults);
    }

    /**
     * Grants a lease on {@code service} once one is free and the rate allows, waiting at most
     * {@code waitNanos}.
     *
     * @return the lease id, or -1 when none was granted within the wait
     */
    long acquire(String service, long waitNanos) throws InterruptedException {
        ServiceLimits l = limitsOf(service);
        long deadline = System.nanoTime() + waitNanos;
        lock.lock();
        try {
            Book b = books.computeIfAbsent(service, s -> new Book());
            for (; ; ) {
                long now = System.nanoTime();
                expire(b, now);
                long window = b.first != Long.MIN_VALUE && now - b.first < coldNanos ? 2 * windowNanos : windowNanos;
                while (!b.grants.isEmpty() && now - b.grants.peekFirst() >= window) {
                    b.grants.removeFirst();
                }
                boolean slot = b.open.size() < l.maxConcurrent();
                boolean rate = b.grants.size() < l.perSecond();
                if (slot && rate) {
                    long id = ids.incrementAndGet();
                    b.open.put(id, now + ttlNanos);
                    b.grants.addLast(now);
                    if (b.first == Long.MIN_VALUE) {
                        b.first = now;
                    }
                    return id;
                }
                long left = deadline - now;
                if (left <= 0) {
                    return -1;
                }
                // Wake for a release, else when the oldest grant leaves the window or a lease expires.
                long next = left;
                if (!rate) {
                    next = Math.min(next, b.grants.peekFirst() + window - now);
                }
                if (!slot) {
                    next = Math.min(next, earliestExpiry(b) - now);
                }
                changed.awaitNanos(Math.max(1_000_000L, next));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Extends the leases still open by a time to live; returns how many were still open. */
    int renew(Iterable<Long> leaseIds) {
        lock.lock();
        try {
            long until = System.nanoTime() + ttlNanos;
            int n = 0;
            for (Long id : leaseIds) {
                for (Book b : books.values()) {
                    if (b.open.replace(id, until) != null) {
                        n++;
                        break;
                    }
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Returns a lease; false when it was not open (returned before, or expired). */
    boolean release(long leaseId) {
        lock.lock();
        try {
            for (Book b : books.values()) {
                if (b.open.remove(leaseId) != null) {
                    changed.signalAll();
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Leases open now on a service (expired ones taken back first). */
    int open(String service) {
        lock.lock();
        try {
            Book b = books.get(service);
            if (b == null) {
                return 0;
            }
            expire(b, System.nanoTime());
            return b.open.size();
        } finally {
            lock.unlock();
        }
    }

    /** Leases taken back because they were not renewed in time. */
    long expired() {
        return expired.get();
    }

    private void expire(Book b, long now) {
        for (Iterator<Long> it = b.open.values().iterator(); it.hasNext(); ) {
            if (it.next() - now <= 0) {
                it.remove();
                expired.incrementAndGet();
            }
        }
    }

    private static long earliestExpiry(Book b) {
        long min = Long.MAX_VALUE;
        for (long e : b.open.values()) {
            min = Math.min(min, e);
        }
        return min;
    }
}
