package org.mastspark.connector.client.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.util.Timeout;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport to MAST: pooled connections, timeouts, bounded retries with exponential backoff,
 * jitter and {@code Retry-After}, redirects, and a per-JVM cap on requests open at once against one
 * endpoint.
 *
 * <p>Cheap to create ({@link #shared}): connection pools and request slots belong to the endpoint
 * (scheme, host and port, {@link HttpEndpoints}) and are shared by every configuration, whose settings
 * (token, timeouts, attempts, concurrency) go with each request. Thread safe.
 *
 * <p>The token, when configured, is sent as the {@code mast_token} cookie only to the endpoint of the
 * configured base URL: never to another host, including after a redirect. It never appears in logs (the
 * connections redact it, {@link RedactingConnectionFactory}) or exception messages (those name the
 * endpoint, not the request headers).
 */
public final class MastHttp {
    private static final Logger LOG = LoggerFactory.getLogger(MastHttp.class);
    /** Parses MAST's answers, which may hold {@code NaN} and {@code Infinity} as numbers. */
    public static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Rows are mostly doubles: the fast parser roughly halves the cost of reading one.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    /** Redirects followed per request before it fails. */
    static final int MAX_REDIRECTS = 5;

    private final MastClientConfig config;
    private final RetryPolicy retry;
    /** The base URL's endpoint: where the request slots are taken, and the only one the token goes to. */
    private final String origin;

    private final RequestConfig requestConfig;

    @SuppressWarnings("deprecation") // the per-request connect timeout; the pool's applies without it
    private MastHttp(MastClientConfig config) {
        this.config = config;
        this.retry = new RetryPolicy(config);
        this.origin = HttpEndpoints.origin(URI.create(config.baseUrl()));
        this.requestConfig = RequestConfig.custom()
                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                .setResponseTimeout(Timeout.of(config.readTimeout()))
                .setRedirectsEnabled(false)
                .build();
    }

    /** The transport for this configuration, over the JVM's shared connection pools. */
    public static MastHttp shared(MastClientConfig config) {
        return new MastHttp(config);
    }

    /** The configuration this transport sends requests with. */
    public MastClientConfig config() {
        return config;
    }

    /** The endpoints ({@code scheme://host:port}) with an open connection pool (for tests). */
    static List<String> endpoints() {
        return HttpEndpoints.origins();
    }

    /** Requests open now against the endpoint of this base URL (for tests). */
    static int openRequests(String baseUrl) {
        return HttpEndpoints.openRequests(HttpEndpoints.origin(URI.create(baseUrl)));
    }

    /** Closes the connection pools nobody used for {@code idleFor} (for tests; a thread does it each minute). */
    static void closeIdleEndpoints(Duration idleFor) {
        HttpEndpoints.closeIdle(idleFor);
    }

    /** POSTs a form body to {@code baseUrl + path}. */
    public Response postForm(String what, String path, String formBody, ClientMetrics metrics) {
        return post(
                what,
                path,
                new StringEntity(formBody, ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8)),
                metrics);
    }

    /** POSTs a JSON body to {@code baseUrl + path} (the Mission Search and catalogs APIs). */
    public Response postJson(String what, String path, String jsonBody, ClientMetrics metrics) {
        return post(what, path, new StringEntity(jsonBody, ContentType.APPLICATION_JSON), metrics);
    }

    /** POSTs a body, the same (repeatable) entity on every attempt. */
    private Response post(String what, String path, HttpEntity body, ClientMetrics metrics) {
        return execute(
                what,
                () -> {
                    HttpPost post = new HttpPost(config.baseUrl() + path);
                    post.setEntity(body);
                    return post;
                },
                metrics);
    }

    /** GETs {@code baseUrl + pathAndQuery}; {@code rangeFrom} >= 0 adds {@code Range: bytes=rangeFrom-}. */
    public Response get(String what, String pathAndQuery, long rangeFrom, ClientMetrics metrics) {
        return execute(
                what,
                () -> {
                    HttpGet get = new HttpGet(config.baseUrl() + pathAndQuery);
                    if (rangeFrom > 0) {
                        get.setHeader("Range", "bytes=" + rangeFrom + "-");
                    }
                    return get;
                },
                metrics);
    }

    /** A HEAD request, retried like {@link #get}. */
    public Response head(String what, String pathAndQuery, ClientMetrics metrics) {
        return execute(what, () -> new HttpHead(config.baseUrl() + pathAndQuery), metrics);
    }

    /**
     * Sends a request, retrying what is worth retrying, and returns the open 2xx response, which holds one
     * of the endpoint's request slots until closed.
     *
     * @param what a description for messages, e.g. "Mast.Caom.Cone page 2"; must not contain secrets
     * @throws MastHttpException for an HTTP error that is not retried or outlasted the retries
     * @throws MastException when the connection failed on every attempt
     */
    Response execute(String what, Supplier<ClassicHttpRequest> factory, ClientMetrics metrics) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(what, factory.get(), metrics);
            } catch (Retryable r) {
                if (r.status() > 0 && attempt >= config.maxAttempts()) {
                    throw new MastHttpException(what + " (after " + attempt + " attempts)", r.status(), r.detail());
                }
                waitBeforeRetry(what, attempt, r.retryAfter(), r.reason(), metrics);
            }
        }
    }

    /**
     * One attempt of a request, following up to {@value #MAX_REDIRECTS} redirects (the token cookie only
     * to the base URL's endpoint): the open 2xx response, which holds one of the endpoint's request slots
     * until closed. Whatever happens short of that (an HTTP error, a failure, any {@link Throwable}), the
     * slot is returned.
     *
     * @throws Retryable when another attempt may succeed (connection failure, 408/429/5xx)
     * @throws MastHttpException for an HTTP error that retrying does not cure
     */
    public Response sendOnce(String what, ClassicHttpRequest request, ClientMetrics metrics) throws Retryable {
        Lease lease = new Lease(HttpEndpoints.retain(origin));
        try {
            takeSlot(lease.home, what);
            lease.slot = true;
            metrics.requests.increment();
            ClassicHttpResponse response = follow(what, request, lease);
            int status = response.getCode();
            if (status >= 200 && status < 300) {
                Response open = new Response(response, lease, metrics);
                lease = null; // the response releases it
                return open;
            }
            String retryAfter = headerValue(response, "Retry-After");
            String detail = errorSnippet(response);
            closeQuietly(response);
            if (!RetryPolicy.isRetryableStatus(status)) {
                throw new MastHttpException(what, status, detail);
            }
            throw new Retryable(status, retryAfter, "HTTP " + status, detail);
        } finally {
            if (lease != null) {
                lease.release();
            }
        }
    }

    /** Sends a request and the requests its redirects ask for; the last answer, open. */
    private ClassicHttpResponse follow(String what, ClassicHttpRequest first, Lease lease) throws Retryable {
        ClassicHttpRequest request = first;
        for (int hop = 0; ; hop++) {
            URI uri;
            try {
                uri = request.getUri();
            } catch (URISyntaxException e) {
                throw new MastException(what + ": not a valid URL: " + e.getMessage(), e);
            }
            String to = HttpEndpoints.origin(uri);
            HttpEndpoints.Endpoint via = lease.via(to);
            request.setHeader("Accept", "application/json, text/plain, */*");
            request.setHeader("User-Agent", config.userAgent());
            request.removeHeaders("Cookie");
            if (config.hasToken() && to.equals(origin)) {
                request.setHeader("Cookie", "mast_token=" + config.token());
            }
            HttpClientContext context = HttpClientContext.create();
            context.setRequestConfig(requestConfig);
            ClassicHttpResponse response;
            try {
                response = via.execute(request, context);
            } catch (IOException e) {
                throw new Retryable(0, null, failure(e), null);
            } catch (Error e) {
                // HttpClient has closed this pool (it does on any Error): later requests get a new one
                via.retire();
                throw e;
            }
            int status = response.getCode();
            String location = isRedirect(status) ? headerValue(response, "Location") : null;
            if (location == null) {
                return response;
            }
            closeQuietly(response);
            URI next;
            try {
                next = uri.resolve(new URI(location.trim()));
            } catch (URISyntaxException e) {
                throw new MastHttpException(what, status, "a redirect to something that is not a URL");
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
                throw new MastHttpException(what, status, "a redirect to a URL that is not http(s)");
            }
            if (hop >= MAX_REDIRECTS) {
                throw new MastHttpException(
                        what,
                        status,
                        "more than " + MAX_REDIRECTS + " redirects (the last to " + withoutQuery(next) + ")");
            }
            LOG.debug("{}: HTTP {}, redirected to {}", what, status, withoutQuery(next));
            request = redirected(request, status, next);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The request a redirect asks for: as browsers and HttpClient do, 303 (and 301/302 after a POST)
     * becomes a GET without a body; otherwise the method and body are kept. Headers go along (Range
     * included), except the cookie, which is set per hop.
     */
    static ClassicHttpRequest redirected(ClassicHttpRequest from, int status, URI to) {
        String method = from.getMethod();
        if ((status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"))) {
            method = "GET";
        }
        boolean sameMethod = method.equals(from.getMethod());
        BasicClassicHttpRequest next = new BasicClassicHttpRequest(method, to);
        for (Header h : from.getHeaders()) {
            String n = h.getName();
            if (n.equalsIgnoreCase("Cookie")
                    || n.equalsIgnoreCase("Authorization")
                    || n.equalsIgnoreCase("Host")
                    || n.equalsIgnoreCase("Content-Length")
                    || n.equalsIgnoreCase("Transfer-Encoding")
                    || (!sameMethod && n.equalsIgnoreCase("Content-Type"))) {
                continue;
            }
            next.addHeader(h);
        }
        if (sameMethod) {
            next.setEntity(from.getEntity());
        }
        return next;
    }

    /**
     * A URL for messages and logs: scheme, host, port and path; no user information or query, which may
     * carry credentials or a signature.
     */
    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** What went wrong with a request or its body; a read timeout names the option that sets it. */
    public String failure(IOException e) {
        String d = describe(e);
        if (e instanceof SocketTimeoutException) {
            String s = seconds(config.readTimeout());
            d += ": MAST sent nothing for " + s + " s; raise option 'readTimeoutSeconds' (now " + s + ")";
        }
        return d;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0
                ? Long.toString(ms / 1000)
                : BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    /** What one request holds until its response is closed: its endpoint and slot there, and where a redirect led. */
    private static final class Lease {
        final HttpEndpoints.Endpoint home;
        boolean slot;
        private HttpEndpoints.Endpoint away;
        private boolean released;

        Lease(HttpEndpoints.Endpoint home) {
            this.home = home;
        }

        /** The endpoint to send to {@code origin} through, retained until release. */
        HttpEndpoints.Endpoint via(String origin) {
            if (origin.equals(home.origin)) {
                releaseAway();
                return home;
            }
            if (away == null || !away.origin.equals(origin)) {
                releaseAway();
                away = HttpEndpoints.retain(origin);
            }
            return away;
        }

        private void releaseAway() {
            if (away != null) {
                away.release();
                away = null;
            }
        }

        void release() {
            if (released) {
                return;
            }
            released = true;
            try {
                releaseAway();
            } finally {
                if (slot) {
                    home.slots.release();
                }
                home.release();
            }
        }
    }

    /** An attempt that failed in a way another attempt may cure; carries no request headers (no token). */
    public static final class Retryable extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String retryAfter;
        private final String reason;
        private final String detail;

        Retryable(int status, String retryAfter, String reason, String detail) {
            super(reason, null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
            this.reason = reason;
            this.detail = detail;
        }

        /** The HTTP status, or 0 for a connection failure. */
        public int status() {
            return status;
        }

        /** MAST's {@code Retry-After} header, or null. */
        public String retryAfter() {
            return retryAfter;
        }

        /** Why the attempt failed, for messages (no secrets). */
        public String reason() {
            return reason;
        }

        /** The start of MAST's error body, or null. */
        public String detail() {
            return detail;
        }
    }

    /** Sleeps before the next attempt, or throws when the attempts are used up. */
    public void waitBeforeRetry(String what, int attempt, String retryAfter, String reason, ClientMetrics metrics) {
        if (attempt >= config.maxAttempts()) {
            throw new MastException(what + " failed after " + attempt + " attempts: " + reason);
        }
        long delay = retry.delayMillis(attempt, retryAfter, Instant.now());
        if (delay < 0) {
            throw new MastException(what + " failed: MAST asked to retry after " + retryAfter
                    + " s, longer than maxRetryAfter (" + config.maxRetryAfter().toSeconds() + " s)");
        }
        metrics.retries.increment();
        LOG.warn(
                "{} failed ({}); attempt {} of {}, retrying in {} ms",
                what,
                reason,
                attempt,
                config.maxAttempts(),
                delay);
        sleep(delay, what);
    }

    /**
     * Closes a parser over an answer's body, then the answer; a failure to close the parser does not
     * matter, since the response (and its connection's stream) is closed right after.
     */
    public static void release(JsonParser parser, Response response) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // the response is discarded below
            }
        }
        if (response != null) {
            response.close();
        }
    }

    /** Sleeps; an interrupt raises {@link MastException} naming {@code what} (the thread stays interrupted). */
    public static void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MastException(what + " was interrupted", e);
        }
    }

    private void takeSlot(HttpEndpoints.Endpoint endpoint, String what) {
        try {
            if (!endpoint.slots.acquire(
                    config.maxConcurrentRequests(), config.readTimeout().toNanos())) {
                throw new MastException(what + ": no request slot became free within "
                        + seconds(config.readTimeout()) + " s (maxConcurrentRequests="
                        + config.maxConcurrentRequests() + " per JVM)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MastException(what + " was interrupted", e);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String headerValue(ClassicHttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    private static String errorSnippet(ClassicHttpResponse response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            byte[] buf = in.readNBytes(300);
            return new String(buf, StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ")
                    .trim();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with a response we are discarding
        }
    }

    /** An open 2xx response. Closing it (idempotent) releases the connection and the request slot. */
    public static final class Response implements Closeable {
        private final ClassicHttpResponse response;
        private final Lease lease;
        private final ClientMetrics metrics;
        private boolean closed;

        private Response(ClassicHttpResponse response, Lease lease, ClientMetrics metrics) {
            this.response = response;
            this.lease = lease;
            this.metrics = metrics;
        }

        /** The HTTP status. */
        public int status() {
            return response.getCode();
        }

        /** The value of a response header, or null when absent. */
        public String header(String name) {
            return headerValue(response, name);
        }

        /** The body, counting bytes into the metrics; an empty stream for a body-less answer. */
        public InputStream body() throws IOException {
            HttpEntity entity = response.getEntity();
            InputStream raw = entity == null ? InputStream.nullInputStream() : entity.getContent();
            return new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        metrics.bytes.increment();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        metrics.bytes.add(n);
                    }
                    return n;
                }
            };
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // Closing without draining aborts the connection: right for a body we stop reading early.
                response.close();
            } catch (IOException e) {
                // the connection is discarded either way
            } finally {
                lease.release();
            }
        }
    }
}
