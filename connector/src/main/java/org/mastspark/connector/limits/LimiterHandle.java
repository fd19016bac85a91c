package org.mastspark.connector.limits;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.cutout.RequestPermits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an executor reaches the job's {@link JobLimiter}: its address and secret. Serializable (Java and Kryo,
 * in the same form) and immutable; {@link #toString()} shows the address only, never the secret.
 *
 * <p>{@link #acquire} waits for a permit (asking the driver again every few seconds, so an interrupted task
 * stops waiting) for at most the limiter's acquire timeout. While a permit is held, a daemon thread of the
 * executor renews it; closing the permit gives it back. A permit's send is reported to the driver by another
 * daemon thread, so the request does not wait for the report. Thread safe.
 */
@DefaultSerializer(JavaSerializer.class)
public final class LimiterHandle implements RequestPermits, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LimiterHandle.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int CALL_ATTEMPTS = 3;

    /** Renewals of the permits held in this JVM, per limiter (address and secret). */
    private static final Map<String, Renewer> RENEWERS = new ConcurrentHashMap<>();

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mast-limiter-renewal");
        t.setDaemon(true);
        return t;
    });

    /**
     * Send reports of this JVM, in order, off the requests' threads: a request goes out without waiting for its
     * report's round trip to the driver (until the report arrives the driver counts it in every window).
     */
    private static final java.util.concurrent.ExecutorService REPORTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mast-limiter-report");
        t.setDaemon(true);
        return t;
    });

    private final String host;
    private final int port;
    private final String secret;
    private final long leaseTtlMillis;
    private final long acquireTimeoutMillis;

    LimiterHandle(String host, int port, String secret, long leaseTtlMillis, long acquireTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.secret = secret;
        this.leaseTtlMillis = leaseTtlMillis;
        this.acquireTimeoutMillis = acquireTimeoutMillis;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The secret (tests only: never render it). */
    String secret() {
        return secret;
    }

    /**
     * Waits for a permit to send one request to {@code service}, then keeps it renewed until closed.
     *
     * @throws MastException when none was granted within the acquire timeout, the limiter is gone (the job
     *     ended) or refused the secret, or the thread was interrupted
     */
    @Override
    public RequestPermits.Permit acquire(String service) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(acquireTimeoutMillis);
        for (; ; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw new MastException("Interrupted while waiting for a permit to call " + service);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new MastException("No permit to call " + service + " within " + acquireTimeoutMillis / 1000.0
                        + " s from the job-wide limiter at " + host + ":" + port
                        + " (its limits are taken by other tasks); raise option 'permitTimeoutSeconds'");
            }
            long asked = System.nanoTime();
            long id = lease(service, Math.min(left, JobLimiter.MAX_WAIT_MILLIS));
            if (id > 0) {
                Renewer r = renewer();
                r.add(id);
                return new Held(this, r, id, asked);
            }
        }
    }

    /** One acquire call: the lease id, or -1 when none was granted within {@code waitMillis}. Not renewed. */
    long lease(String service, long waitMillis) {
        String body = call(
                "/acquire?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "&wait=" + waitMillis,
                null,
                (int) (waitMillis + 30_000));
        return body == null ? -1 : Long.parseLong(body.strip());
    }

    /**
     * Reports a lease's request as being sent, {@code sinceAskedNanos} after its acquire call was made (best
     * effort: a lease not reported counts in the rate's window until it is given back).
     */
    void sent(long id, long sinceAskedNanos) {
        try {
            call("/sent?lease=" + id + "&since=" + sinceAskedNanos, null, 30_000);
        } catch (MastException e) {
            LOG.debug("Could not report lease {} sent to {}:{}: {}", id, host, port, e.getMessage());
        }
    }

    /** Gives a lease back (best effort: one not given back expires). */
    void release(long id) {
        try {
            call("/release?lease=" + id, null, 30_000);
        } catch (MastException e) {
            LOG.debug("Could not give lease {} back to {}:{} (it expires): {}", id, host, port, e.getMessage());
        }
    }

    /** Renews leases; how many were still open. */
    int renew(Set<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            sb.append(sb.length() == 0 ? "" : ",").append(id);
        }
        String body = call("/renew", sb.toString(), 30_000);
        return body == null ? 0 : Integer.parseInt(body.strip());
    }

    /** A call to the limiter: its answer (a header), or null for 204; retried briefly on connection failures. */
    private String call(String pathAndQuery, String body, int readTimeoutMillis) {
        IOException last = null;
        for (int attempt = 1; attempt <= CALL_ATTEMPTS; attempt++) {
            HttpURLConnection c = null;
            try {
                c = (HttpURLConnection) URI.create("http://" + host + ":" + port + pathAndQuery)
                        .toURL()
                        .openConnection();
                c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
                c.setReadTimeout(readTimeoutMillis);
                c.setRequestMethod("POST");
                c.setRequestProperty(JobLimiter.SECRET_HEADER, secret);
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    if (body != null) {
                        out.write(body.getBytes(StandardCharsets.US_ASCII));
                    }
                }
                int status = c.getResponseCode();
                if (status == 204) {
                    return null;
                }
                if (status == 403) {
                    throw new MastException("The job-wide limiter at " + host + ":" + port
                            + " refused this executor's secret: the handle is not of this job's limiter");
                }
                if (status != 200) {
                    throw new IOException("HTTP " + status);
                }
                String answer = c.getHeaderField(JobLimiter.ANSWER_HEADER);
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes();
                }
                if (answer == null) {
                    throw new IOException("HTTP 200 without " + JobLimiter.ANSWER_HEADER);
                }
                return answer;
            } catch (IOException e) {
                last = e;
                if (c != null) {
                    c.disconnect();
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new MastException("Interrupted while calling the job-wide limiter", ie);
                }
            }
        }
        throw new MastException("The job-wide limiter at " + host + ":" + port + " is not reachable (" + last
                + "): it lives on the driver while the job runs; has the job ended?");
    }

    private Renewer renewer() {
        return RENEWERS.computeIfAbsent(key(), k -> new Renewer(this));
    }

    private String key() {
        return host + ":" + port + "#" + secret;
    }

    /** The permits of one limiter held in this JVM, renewed every third of their time to live. */
    private static final class Renewer implements Runnable {
        private final LimiterHandle handle;
        private final Set<Long> held = ConcurrentHashMap.newKeySet();
        private ScheduledFuture<?> task; // guarded by this

        Renewer(LimiterHandle handle) {
            this.handle = handle;
        }

        synchronized void add(long id) {
            held.add(id);
            if (task == null) {
                long every = Math.max(30, handle.leaseTtlMillis / 3);
                task = TIMER.scheduleWithFixedDelay(this, every, every, TimeUnit.MILLISECONDS);
            }
        }

        void remove(long id) {
            held.remove(id);
        }

        @Override
        public void run() {
            synchronized (this) {
                if (held.isEmpty()) {
                    task.cancel(false);
                    task = null;
                    RENEWERS.remove(handle.key(), this);
                    return;
                }
            }
            try {
                handle.renew(Set.copyOf(held));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Could not renew permits at the job-wide limiter {}:{}: {}",
                        handle.host,
                        handle.port,
                        e.getMessage());
            }
        }
    }

    /** A permit held; closing it (once) stops its renewal and gives it back. */
    private static final class Held implements RequestPermits.Permit {
        private final LimiterHandle handle;
        private final Renewer renewer;
        private final long id;
        private final long asked;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean reported = new AtomicBoolean();

        Held(LimiterHandle handle, Renewer renewer, long id, long asked) {
            this.handle = handle;
            this.renewer = renewer;
            this.id = id;
            this.asked = asked;
        }

        /**
         * Reports the send in the background: the time is taken now, just before the request goes out, and the
         * driver reckons the send from it no earlier than it was.
         */
        @Override
        public void sending() {
            if (!closed.get() && reported.compareAndSet(false, true)) {
                long since = System.nanoTime() - asked;
                REPORTS.execute(() -> handle.sent(id, since));
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                renewer.remove(id);
                handle.release(id);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LimiterHandle h
                && port == h.port
                && leaseTtlMillis == h.leaseTtlMillis
                && acquireTimeoutMillis == h.acquireTimeoutMillis
                && host.equals(h.host)
                && secret.equals(h.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port);
    }

    /** The address only: the secret is never rendered. */
    @Override
    public String toString() {
        return "LimiterHandle{" + host + ":" + port + ", secret=<redacted>}";
    }
}
