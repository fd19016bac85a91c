package org.mastspark.connector.limits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The driver's book of permits: per service, the leases granted and not yet returned (at most
 * {@link ServiceLimits#maxConcurrent()}) and the requests of the rate's window (at most
 * {@link ServiceLimits#perSecond()} in any window of one second plus the margin). A lease not renewed
 * within its time to live is taken back, so an executor that died holding one cannot keep its slot.
 *
 * <p>The rate counts requests by when they were sent, not when their permits were granted: a granted request
 * counts in every window until its executor reports it sent ({@link #sent}); then it counts at a time no earlier
 * than its send (when the driver received the acquire call, plus the time the executor measured from making that
 * call to sending). An executor that stalls between its grant and its send (a busy machine, a long pause) then
 * cannot bunch its request with the next second's. A request never reported counts from its release or expiry.
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

    /**
     * One service's leases (id to expiry); the requests granted and not yet reported sent (id to the time the
     * driver received their acquire call), which count in every window; and the times of the requests sent.
     */
    private static final class Book {
        final Map<Long, Long> open = new HashMap<>();
        final Map<Long, Long> unsent = new HashMap<>();
        final List<Long> sent = new ArrayList<>();
        long first = Long.MIN_VALUE;

        int inWindow() {
            return unsent.size() + sent.size();
        }

        long oldestSent() {
            long min = Long.MAX_VALUE;
            for (long t : sent) {
                min = Math.min(min, t);
            }
            return min;
        }
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
        return acquire(service, waitNanos, System.nanoTime());
    }

    /**
     * As {@link #acquire(String, long)}, for an acquire call the driver received at {@code receivedNanos}
     * ({@link System#nanoTime()}), from which the request's send time is reckoned ({@link #sent}).
     */
    long acquire(String service, long waitNanos, long receivedNanos) throws InterruptedException {
        ServiceLimits l = limitsOf(service);
        long deadline = System.nanoTime() + waitNanos;
        lock.lock();
        try {
            Book b = books.computeIfAbsent(service, s -> new Book());
            for (; ; ) {
                long now = System.nanoTime();
                expire(b, now);
                long window = b.first != Long.MIN_VALUE && now - b.first < coldNanos ? 2 * windowNanos : windowNanos;
                final long w = window;
                b.sent.removeIf(t -> now - t >= w);
                boolean slot = b.open.size() < l.maxConcurrent();
                boolean rate = b.inWindow() < l.perSecond();
                if (slot && rate) {
                    long id = ids.incrementAndGet();
                    b.open.put(id, now + ttlNanos);
                    b.unsent.put(id, receivedNanos);
                    if (b.first == Long.MIN_VALUE) {
                        b.first = now;
                    }
                    return id;
                }
                long left = deadline - now;
                if (left <= 0) {
                    return -1;
                }
                // Wake for a release or a send report, else when the oldest send leaves the window or a lease
                // expires.
                long next = left;
                if (!rate && !b.sent.isEmpty()) {
                    next = Math.min(next, b.oldestSent() + window - now);
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

    /**
     * Takes an executor's report that the request of a lease is being sent.
     *
     * @param sinceAcquireNanos the time the executor measured from making its acquire call to sending
     * @return whether the lease was granted and not yet reported
     */
    boolean sent(long leaseId, long sinceAcquireNanos) {
        lock.lock();
        try {
            long now = System.nanoTime();
            for (Book b : books.values()) {
                Long received = b.unsent.remove(leaseId);
                if (received != null) {
                    // no earlier than the send (the call left the executor before the driver received it), and
                    // never later than now
                    long at = received + Math.max(0, sinceAcquireNanos);
                    b.sent.add(at - now > 0 ? now : at);
                    changed.signalAll();
                    return true;
                }
            }
            return false;
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
                    unsentEndsAt(b, leaseId, System.nanoTime());
                    changed.signalAll();
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** A lease never reported sent counts in the window from when it ended (its request was sent before). */
    private static void unsentEndsAt(Book b, long leaseId, long at) {
        if (b.unsent.remove(leaseId) != null) {
            b.sent.add(at);
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
        for (Iterator<Map.Entry<Long, Long>> it = b.open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (e.getValue() - now <= 0) {
                it.remove();
                unsentEndsAt(b, e.getKey(), now);
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
