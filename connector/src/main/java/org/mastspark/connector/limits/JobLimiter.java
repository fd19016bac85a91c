package org.mastspark.connector.limits;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job-wide limit of requests to MAST's cutout services: how many may be open at once and how many may start
 * per second, per service, counted over every executor of the job.
 *
 * <p><b>Why job-wide.</b> MAST counts the requests of a user, not of a task: its cutout services allow 10
 * simultaneous requests and 5 per second, and answer 503 beyond. A limit per task (or per executor) would be
 * multiplied by the number of tasks running at once: 100 tasks each keeping to 5 per second send 500. So the
 * driver holds the one book of permits ({@code Leases}) and serves it over a small HTTP service (the JDK's
 * {@code com.sun.net.httpserver}) on {@code spark.driver.host}, on an ephemeral port unless one is given.
 * Executors reach it through a {@link LimiterHandle}: serializable, immutable, carrying the address and a
 * random secret the service demands of every call (the secret is never logged and never in
 * {@code toString}, so not in plans either).
 *
 * <p><b>Permits.</b> A request takes a permit (waiting, up to a timeout) and gives it back when its answer is
 * read. A permit is a lease: the executor renews it while the request runs; one not renewed within
 * {@link Builder#leaseTtl} is taken back, so an executor killed mid-request cannot keep its slot for the rest
 * of the job. The rate is kept by counting requests by when they are sent: at most {@code perSecond} in any
 * window of one second plus {@link Builder#rateMargin}. A granted request counts in every window until its
 * executor reports it sent, then at a time no earlier than its send (the driver's receipt of its acquire call
 * plus the time the executor measured from that call to the send), so an executor that stalls between grant
 * and send cannot bunch requests; the margin absorbs the rest (the request's way to MAST). In the first seconds
 * of a service's use the window is twice as long ({@link Builder#coldStart}), as cold executors' first requests
 * reach MAST late.
 *
 * <p>Created by the driver before the job and {@linkplain #close() closed} when it ends ({@link #forSpark}
 * also closes it when the application ends). Defaults: {@link ServiceLimits#MAST} (10 at once, 5 per
 * second) for every service.
 */
public final class JobLimiter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLimiter.class);
    /** Longest one acquire call waits on the driver before the executor asks again (so interrupts are seen). */
    static final long MAX_WAIT_MILLIS = 5_000;

    static final String SECRET_HEADER = "X-Mast-Limiter-Secret";

    /** The header carrying a call's answer (the responses have no body). */
    static final String ANSWER_HEADER = "X-Mast-Limiter-Answer";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Leases leases;
    private final LimiterHandle handle;
    private final byte[] secret;
    private volatile Runnable onClose = () -> {};
    private volatile boolean closed;

    private JobLimiter(Builder b) throws IOException {
        Map<String, ServiceLimits> limits = new LinkedHashMap<>(b.limits);
        this.leases = new Leases(
                limits,
                b.defaults,
                b.leaseTtl.toNanos(),
                Duration.ofSeconds(1).plus(b.rateMargin).toNanos(),
                b.coldStart.toNanos());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secretText = HexFormat.of().formatHex(random);
        this.secret = secretText.getBytes(StandardCharsets.US_ASCII);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(b.bindHost), b.port), 64);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mast-job-limiter-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/acquire", this::acquire);
        server.createContext("/renew", this::renew);
        server.createContext("/release", this::release);
        server.createContext("/sent", this::sent);
        server.start();
        this.handle = new LimiterHandle(
                b.advertisedHost,
                server.getAddress().getPort(),
                secretText,
                b.leaseTtl.toMillis(),
                b.acquireTimeout.toMillis());
        LOG.info(
                "Job-wide MAST request limiter listening on {}:{} (limits {}, others {})",
                b.advertisedHost,
                handle.port(),
                limits,
                b.defaults);
    }

    /** A builder with MAST's limits for every service, the limiter bound to the loopback address. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A limiter on the driver of {@code sc}: listening on {@code spark.driver.bindAddress} (else
     * {@code spark.driver.host}), advertised to executors as {@code spark.driver.host}, closed when the
     * application ends if not before.
     */
    public static JobLimiter forSpark(SparkContext sc, Builder settings) {
        String host = sc.getConf().get("spark.driver.host", "localhost");
        String bind = sc.getConf().get("spark.driver.bindAddress", host);
        JobLimiter limiter = settings.advertisedHost(host).bindHost(bind).start();
        SparkListener listener = new SparkListener() {
            @Override
            public void onApplicationEnd(SparkListenerApplicationEnd end) {
                limiter.close();
            }
        };
        sc.addSparkListener(listener);
        limiter.onClose = () -> sc.removeSparkListener(listener);
        return limiter;
    }

    /** What executors use to take permits: serializable, safe to print. */
    public LimiterHandle handle() {
        return handle;
    }

    /** Leases open now on a service (for tests and progress). */
    public int openLeases(String service) {
        return leases.open(service);
    }

    /** Leases taken back because their executor stopped renewing them. */
    public long expiredLeases() {
        return leases.expired();
    }

    /** Stops the service; executors asking afterwards fail, naming the limiter. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            onClose.run();
        } catch (RuntimeException e) {
            LOG.debug("Could not remove the limiter's Spark listener: {}", e.toString());
        }
        LOG.info("Job-wide MAST request limiter on {}:{} closed", handle.host(), handle.port());
    }

    @Override
    public String toString() {
        return "JobLimiter{" + handle.host() + ":" + handle.port() + (closed ? ", closed" : "") + "}";
    }

    // ------------------------------------------------------------------------------------------- service

    private void acquire(HttpExchange x) throws IOException {
        long received = System.nanoTime();
        try (x) {
            if (!authorized(x)) {
                return;
            }
            Map<String, String> q = query(x.getRequestURI());
            String service = q.get("service");
            if (service == null || service.isBlank()) {
                answer(x, 400, "missing service");
                return;
            }
            long wait = Math.min(MAX_WAIT_MILLIS, parse(q.get("wait"), MAX_WAIT_MILLIS));
            long id;
            try {
                id = leases.acquire(service, TimeUnit.MILLISECONDS.toNanos(Math.max(0, wait)), received);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(x, 503, "closing");
                return;
            }
            if (id < 0) {
                answer(x, 204, null);
            } else {
                answer(x, 200, Long.toString(id));
            }
        }
    }

    private void renew(HttpExchange x) throws IOException {
        try (x) {
            if (!authorized(x)) {
                return;
            }
            String body;
            try (InputStream in = x.getRequestBody()) {
                body = new String(in.readNBytes(1 << 20), StandardCharsets.US_ASCII);
            }
            List<Long> ids = new ArrayList<>();
            for (String s : body.split(",")) {
                if (!s.isBlank()) {
                    long id = parse(s.strip(), -1);
                    if (id > 0) {
                        ids.add(id);
                    }
                }
            }
            answer(x, 200, Integer.toString(leases.renew(ids)));
        }
    }

    private void sent(HttpExchange x) throws IOException {
        try (x) {
            if (!authorized(x)) {
                return;
            }
            Map<String, String> q = query(x.getRequestURI());
            long id = parse(q.get("lease"), -1);
            long since = parse(q.get("since"), -1);
            answer(x, 200, Boolean.toString(id > 0 && since >= 0 && leases.sent(id, since)));
        }
    }

    private void release(HttpExchange x) throws IOException {
        try (x) {
            if (!authorized(x)) {
                return;
            }
            long id = parse(query(x.getRequestURI()).get("lease"), -1);
            answer(x, 200, Boolean.toString(id > 0 && leases.release(id)));
        }
    }

    /** Whether the call carries the secret; answers 403 (without echoing anything) when not. */
    private boolean authorized(HttpExchange x) throws IOException {
        String given = x.getRequestHeaders().getFirst(SECRET_HEADER);
        if (given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.US_ASCII))) {
            return true;
        }
        LOG.warn("Job-wide limiter: refused a call from {} without the job's secret", x.getRemoteAddress());
        answer(x, 403, "forbidden");
        return false;
    }

    /**
     * Answers in the headers alone ({@link #ANSWER_HEADER}), so the answer leaves in one write. The JDK's HTTP
     * server writes its headers and its body separately, and without TCP_NODELAY (off unless the JVM-wide
     * {@code sun.net.httpserver.nodelay} is set) the body's packet waits for the acknowledgement of the headers',
     * which the executor's kernel delays by up to 40 ms: measured at 88 ms per acquire and release on one machine,
     * 1 ms in one write.
     */
    private static void answer(HttpExchange x, int status, String body) throws IOException {
        if (body != null) {
            x.getResponseHeaders().set(ANSWER_HEADER, body);
        }
        x.sendResponseHeaders(status, -1);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return m;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(
                        java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static long parse(String s, long dflt) {
        if (s == null) {
            return dflt;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** Settings of a limiter; every setter validates its value and names it in the error. */
    public static final class Builder {
        private final Map<String, ServiceLimits> limits = new LinkedHashMap<>();
        private ServiceLimits defaults = ServiceLimits.MAST;
        private Duration leaseTtl = Duration.ofSeconds(30);
        private Duration rateMargin = Duration.ofMillis(100);
        private Duration acquireTimeout = Duration.ofMinutes(10);
        private Duration coldStart = Duration.ofSeconds(3);
        private String bindHost = "127.0.0.1";
        private String advertisedHost = "127.0.0.1";
        private int port;

        private Builder() {}

        /** The limits of one service ({@code tesscut}, {@code zcut}, {@code hapcut}). */
        public Builder limit(String service, ServiceLimits value) {
            limits.put(service, value);
            return this;
        }

        /** The limits of services not given by {@link #limit}; {@link ServiceLimits#MAST} unless set. */
        public Builder defaults(ServiceLimits value) {
            this.defaults = value;
            return this;
        }

        /**
         * How long a permit lives without renewal (executors renew theirs three times per period): after an
         * executor dies, its permits come back within this time.
         */
        public Builder leaseTtl(Duration value) {
            if (value == null || value.toMillis() < 100) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option 'limiterLeaseSeconds': expected at least 0.1 s");
            }
            this.leaseTtl = value;
            return this;
        }

        /**
         * Added to the one-second window of the rate, to absorb the jitter between a grant and its request (default
         * 100 ms: at 5 per second the job then starts 4.5 requests per second, 91% of the rate; with 50 ms, busy
         * executors' requests still bunched enough for the emulator's strict one-second window to refuse some).
         */
        public Builder rateMargin(Duration value) {
            if (value == null || value.isNegative() || value.toMillis() > 1000) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option 'rateMargin': expected 0 to 1 s");
            }
            this.rateMargin = value;
            return this;
        }

        /**
         * How long after a service's first permit the rate's window is twice as long (default 3 s; zero for
         * never): executors' first requests reach MAST up to half a second after their permits (class loading,
         * first connections), bunching with the requests of the next second, which MAST would refuse.
         */
        public Builder coldStart(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option 'coldStart': expected a duration of 0 or more");
            }
            this.coldStart = value;
            return this;
        }

        /** How long a request waits for its permit before it fails. */
        public Builder acquireTimeout(Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("Invalid value '" + value
                        + "' for option 'permitTimeoutSeconds': expected a positive duration");
            }
            this.acquireTimeout = value;
            return this;
        }

        /** The address to listen on (default the loopback address). */
        public Builder bindHost(String value) {
            this.bindHost = value;
            return this;
        }

        /** The host executors connect to (default the loopback address). */
        public Builder advertisedHost(String value) {
            this.advertisedHost = value;
            return this;
        }

        /** The port; 0 (the default) for an ephemeral one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option 'limiterPort': expected 0 (any free port) to 65535");
            }
            this.port = value;
            return this;
        }

        /**
         * Starts the limiter's service.
         *
         * @throws IllegalStateException when it cannot listen (port taken, unknown host), naming the address
         */
        public JobLimiter start() {
            try {
                return new JobLimiter(this);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "The job-wide MAST request limiter cannot listen on " + bindHost + ":" + port + ": " + e
                                + "; set option 'limiterPort' to a free port, or 0 for any",
                        e);
            }
        }
    }
}
