package org.mastspark.connector.client.http;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests open at once against one MAST endpoint. Each request brings its own limit (its
 * configuration's {@code maxConcurrentRequests}) and waits while that many are open, so the limit is the
 * one each read set, not the first a JVM saw: with mixed settings no request runs beside more than its own
 * limit allows. Waiters are served first come, first served (one behind a waiting request waits too), so
 * a request with a small limit is not starved by a stream of requests with a large one. Thread safe.
 */
final class RequestSlots {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int open;

    /**
     * Takes a slot once fewer than {@code limit} requests are open and no earlier request is waiting.
     *
     * @return false when none became free within the timeout
     */
    boolean acquire(int limit, long timeoutNanos) throws InterruptedException {
        Object ticket = new Object();
        lock.lock();
        try {
            queue.addLast(ticket);
            try {
                long left = timeoutNanos;
                while (queue.peekFirst() != ticket || open >= limit) {
                    if (left <= 0) {
                        return false;
                    }
                    left = changed.awaitNanos(left);
                }
                open++;
                return true;
            } finally {
                queue.remove(ticket);
                // the next in line may go now (or, if this one gave up, may be first in line)
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns a slot taken with {@link #acquire}. */
    void release() {
        lock.lock();
        try {
            open--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Slots taken now. */
    int open() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }
}
