package org.mastspark.connector.client.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The JVM's HTTP connection pools: one per endpoint (scheme, host and port), shared by every client
 * configuration. What differs between configurations (token, timeouts, attempts, concurrency) travels with
 * each request, so any number of reads with different tokens or timeouts use one pool per endpoint.
 *
 * <p>One daemon thread ({@value #REAPER_NAME}) closes connections idle for {@link #IDLE_CONNECTION} and
 * pools nobody has used for {@link #IDLE_ENDPOINT}; it ends when no pool is left and starts again with the
 * next one. HttpClient's own idle-connection evictor (a thread per client) is not used. Thread safe.
 */
final class HttpEndpoints {
    static final String REAPER_NAME = "mast-http-reaper";
    /** A pooled connection unused this long is closed (servers drop idle keep-alive connections too). */
    static final Duration IDLE_CONNECTION = Duration.ofSeconds(30);
    /** A pool with no request open for this long is closed, its connections with it. */
    static final Duration IDLE_ENDPOINT = Duration.ofMinutes(1);

    private static final long REAP_EVERY_MILLIS = 10_000;
    /** Connections per pool: above any request slot limit, so slots, not the pool, make requests wait. */
    private static final int MAX_CONNECTIONS = 512;

    private static final ConcurrentHashMap<String, Endpoint> ENDPOINTS = new ConcurrentHashMap<>();
    private static final Object REAPER_LOCK = new Object();
    private static Thread reaper; // guarded by REAPER_LOCK

    private HttpEndpoints() {}

    /** {@code scheme://host:port} of a URL, lower case, with the scheme's default port when none is given. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + host + ":" + port;
    }

    /** The endpoint of an origin, retained: the caller {@linkplain Endpoint#release() releases} it. */
    static Endpoint retain(String origin) {
        for (; ; ) {
            Endpoint e = ENDPOINTS.computeIfAbsent(origin, Endpoint::new);
            if (e.retain()) {
                startReaper();
                return e;
            }
            // closed meanwhile: a fresh one replaces it
            ENDPOINTS.remove(origin, e);
        }
    }

    /** The origins whose pools are open, sorted. */
    static List<String> origins() {
        return new ArrayList<>(new TreeSet<>(ENDPOINTS.keySet()));
    }

    /** Requests holding a slot of the endpoint of this origin now (0 when it has no pool). */
    static int openRequests(String origin) {
        Endpoint e = ENDPOINTS.get(origin);
        return e == null ? 0 : e.slots.open();
    }

    /**
     * Closes the pools nobody used for {@code idleFor} (none open, none waiting) and, in the others,
     * connections idle for {@link #IDLE_CONNECTION}.
     */
    static void closeIdle(Duration idleFor) {
        long now = System.nanoTime();
        for (Endpoint e : ENDPOINTS.values()) {
            if (e.retireIfIdle(idleFor.toNanos(), now)) {
                ENDPOINTS.remove(e.origin, e);
                e.closePool();
            } else {
                e.pool.closeIdle(TimeValue.of(IDLE_CONNECTION));
                e.pool.closeExpired();
            }
        }
    }

    private static void startReaper() {
        synchronized (REAPER_LOCK) {
            if (reaper == null) {
                reaper = new Thread(HttpEndpoints::reap, REAPER_NAME);
                reaper.setDaemon(true);
                reaper.start();
            }
        }
    }

    private static void reap() {
        for (; ; ) {
            try {
                Thread.sleep(REAP_EVERY_MILLIS);
            } catch (InterruptedException e) {
                synchronized (REAPER_LOCK) {
                    reaper = null;
                }
                return;
            }
            closeIdle(IDLE_ENDPOINT);
            synchronized (REAPER_LOCK) {
                // retain() adds its endpoint before it asks for the reaper, so none is left without one
                if (ENDPOINTS.isEmpty()) {
                    reaper = null;
                    return;
                }
            }
        }
    }

    /**
     * One endpoint's pool, HTTP client and request slots. Users (requests from their start until their
     * response is closed) retain it; it is closed once retired (idle, or broken by an {@link Error}) and
     * no user is left.
     */
    static final class Endpoint {
        final String origin;
        final RequestSlots slots = new RequestSlots();
        private final PoolingHttpClientConnectionManager pool;
        private final CloseableHttpClient client;
        private int users; // guarded by this
        private long idleSince = System.nanoTime(); // guarded by this
        private boolean retired; // guarded by this
        private boolean closed; // guarded by this

        private Endpoint(String origin) {
            this.origin = origin;
            this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                    .setConnectionFactory(RedactingConnectionFactory.INSTANCE)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(30))
                            .build())
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .build();
            // Redirects are followed by MastHttp, which decides per hop whether the token may go along.
            this.client = HttpClients.custom()
                    .setConnectionManager(pool)
                    .disableRedirectHandling()
                    .disableAutomaticRetries()
                    .disableCookieManagement()
                    .build();
        }

        private synchronized boolean retain() {
            if (retired) {
                return false;
            }
            users++;
            return true;
        }

        /** Ends one use; the last use of a retired endpoint closes it. */
        void release() {
            boolean close;
            synchronized (this) {
                users--;
                if (users == 0) {
                    idleSince = System.nanoTime();
                }
                close = retired && users == 0 && !closed;
                closed |= close;
            }
            if (close) {
                closePool();
            }
        }

        /**
         * No new users: later requests get a fresh endpoint. HttpClient closes a client's whole pool when an
         * {@link Error} passes through it, so the endpoint is retired then.
         */
        void retire() {
            boolean close;
            synchronized (this) {
                retired = true;
                close = users == 0 && !closed;
                closed |= close;
            }
            ENDPOINTS.remove(origin, this);
            if (close) {
                closePool();
            }
        }

        private synchronized boolean retireIfIdle(long idleNanos, long now) {
            if (retired || users > 0 || now - idleSince < idleNanos) {
                return false;
            }
            retired = true;
            closed = true;
            return true;
        }

        ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientContext context) throws IOException {
            return client.executeOpen(null, request, context);
        }

        private void closePool() {
            // closes the pool too; no request is open on it
            client.close(CloseMode.GRACEFUL);
        }

        @Override
        public String toString() {
            return "Endpoint{" + origin + "}";
        }
    }
}
