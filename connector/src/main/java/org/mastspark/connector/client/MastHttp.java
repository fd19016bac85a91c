package org.mastspark.connector.client;

import com.fasterxml.jackson.core.JsonParser;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport to MAST: pooled connections, timeouts, bounded retries with exponential backoff,
 * jitter and {@code Retry-After}, and a per-JVM cap on requests open at once against one base URL.
 *
 * <p>One instance per distinct {@link MastClientConfig} per JVM ({@link #shared}); thread safe. The
 * token, when configured, is sent as the {@code mast_token} cookie and never appears in logs or
 * exception messages (those name the endpoint, not the request headers).
 */
final class MastHttp {
    private static final Logger LOG = LoggerFactory.getLogger(MastHttp.class);
    private static final ConcurrentHashMap<MastClientConfig, MastHttp> SHARED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Semaphore> PERMITS = new ConcurrentHashMap<>();

    private final MastClientConfig config;
    private final CloseableHttpClient client;
    private final RetryPolicy retry;
    private final Semaphore permits;

    private MastHttp(MastClientConfig config) {
        this.config = config;
        this.retry = new RetryPolicy(config);
        this.permits =
                PERMITS.computeIfAbsent(config.baseUrl(), k -> new Semaphore(config.maxConcurrentRequests(), true));
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(Timeout.of(config.readTimeout()))
                        .build())
                .setMaxConnTotal(Math.max(4, config.maxConcurrentRequests() * 2))
                .setMaxConnPerRoute(Math.max(4, config.maxConcurrentRequests() * 2))
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.readTimeout()))
                        .setRedirectsEnabled(true)
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(config.userAgent())
                .evictIdleConnections(Timeout.ofSeconds(30))
                .build();
    }

    /** The JVM-wide transport for this configuration, created on first use. */
    static MastHttp shared(MastClientConfig config) {
        return SHARED.computeIfAbsent(config, MastHttp::new);
    }

    MastClientConfig config() {
        return config;
    }

    /** POSTs a form body to {@code baseUrl + path}. */
    Response postForm(String what, String path, String formBody, ClientMetrics metrics) {
        return execute(
                what,
                () -> {
                    HttpPost post = new HttpPost(config.baseUrl() + path);
                    post.setEntity(new StringEntity(
                            formBody, ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8)));
                    return post;
                },
                metrics);
    }

    /** POSTs a JSON body to {@code baseUrl + path} (the Mission Search and catalogs APIs). */
    Response postJson(String what, String path, String jsonBody, ClientMetrics metrics) {
        return execute(
                what,
                () -> {
                    HttpPost post = new HttpPost(config.baseUrl() + path);
                    post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
                    return post;
                },
                metrics);
    }

    /** GETs {@code baseUrl + pathAndQuery}; {@code rangeFrom} >= 0 adds {@code Range: bytes=rangeFrom-}. */
    Response get(String what, String pathAndQuery, long rangeFrom, ClientMetrics metrics) {
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

    Response head(String what, String pathAndQuery, ClientMetrics metrics) {
        return execute(what, () -> new HttpHead(config.baseUrl() + pathAndQuery), metrics);
    }

    /**
     * Sends a request, retrying what is worth retrying, and returns the open 2xx response, which holds one
     * of the JVM's request permits until closed.
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
     * One attempt of a request (with the token cookie when configured): the open 2xx response, which holds
     * one of the JVM's request permits until closed.
     *
     * @throws Retryable when another attempt may succeed (connection failure, 408/429/5xx)
     * @throws MastHttpException for an HTTP error that retrying does not cure
     */
    Response sendOnce(String what, ClassicHttpRequest request, ClientMetrics metrics) throws Retryable {
        acquire(what);
        ClassicHttpResponse response;
        request.setHeader("Accept", "application/json, text/plain, */*");
        if (config.hasToken()) {
            request.setHeader("Cookie", "mast_token=" + config.token());
        }
        metrics.requests.increment();
        try {
            response = client.executeOpen(null, request, null);
        } catch (IOException e) {
            permits.release();
            throw new Retryable(0, null, describe(e), null);
        }
        int status = response.getCode();
        if (status >= 200 && status < 300) {
            return new Response(response, permits, metrics);
        }
        String retryAfter = headerValue(response, "Retry-After");
        String detail = errorSnippet(response);
        closeQuietly(response);
        permits.release();
        if (!RetryPolicy.isRetryableStatus(status)) {
            throw new MastHttpException(what, status, detail);
        }
        throw new Retryable(status, retryAfter, "HTTP " + status, detail);
    }

    /** An attempt that failed in a way another attempt may cure; carries no request headers (no token). */
    static final class Retryable extends Exception {
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
        int status() {
            return status;
        }

        String retryAfter() {
            return retryAfter;
        }

        String reason() {
            return reason;
        }

        String detail() {
            return detail;
        }
    }

    /** Sleeps before the next attempt, or throws when the attempts are used up. */
    void waitBeforeRetry(String what, int attempt, String retryAfter, String reason, ClientMetrics metrics) {
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
    static void release(JsonParser parser, Response response) {
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

    static void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MastException(what + " was interrupted", e);
        }
    }

    private void acquire(String what) {
        try {
            if (!permits.tryAcquire(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MastException(what + ": no request slot became free within "
                        + config.readTimeout().toSeconds() + " s (maxConcurrentRequests="
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

    /** An open 2xx response. Closing it (idempotent) releases the connection and the request permit. */
    static final class Response implements Closeable {
        private final ClassicHttpResponse response;
        private final Semaphore permits;
        private final ClientMetrics metrics;
        private boolean closed;

        Response(ClassicHttpResponse response, Semaphore permits, ClientMetrics metrics) {
            this.response = response;
            this.permits = permits;
            this.metrics = metrics;
        }

        int status() {
            return response.getCode();
        }

        String header(String name) {
            return headerValue(response, name);
        }

        /** The body, counting bytes into the metrics; an empty stream for a body-less answer. */
        InputStream body() throws IOException {
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
                permits.release();
            }
        }
    }
}
