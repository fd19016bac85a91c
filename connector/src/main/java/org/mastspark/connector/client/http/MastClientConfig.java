package org.mastspark.connector.client.http;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.mastspark.connector.text.Echo;

/**
 * Immutable settings of a MAST HTTP client: where MAST is, how long to wait, how often to retry and how
 * many requests one JVM may have open at once. Serializable so that it can travel to Spark executors,
 * where clients are created lazily from it.
 *
 * <p>The MAST token is held here but never rendered: {@link #toString()} shows only whether one is set.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class MastClientConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The real MAST. The emulator is used only when a base URL is given explicitly. */
    public static final String DEFAULT_BASE_URL = "https://mast.stsci.edu";

    private final String baseUrl;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private final long queryTimeoutMillis;
    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final long maxRetryAfterMillis;
    private final int maxConcurrentRequests;
    private final String token;
    private final String userAgent;

    private MastClientConfig(Builder b) {
        this.baseUrl = stripTrailingSlash(b.baseUrl);
        this.connectTimeoutMillis = b.connectTimeout.toMillis();
        this.readTimeoutMillis = b.readTimeout.toMillis();
        this.queryTimeoutMillis = b.queryTimeout.toMillis();
        this.maxAttempts = b.maxAttempts;
        this.initialBackoffMillis = b.initialBackoff.toMillis();
        this.maxBackoffMillis = b.maxBackoff.toMillis();
        this.maxRetryAfterMillis = b.maxRetryAfter.toMillis();
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.token = b.token;
        this.userAgent = b.userAgent;
    }

    /** A builder with the defaults: real MAST, 30 s connect, 5 min read, 6 attempts, 8 concurrent requests. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults against the given base URL (for example the emulator's). */
    public static MastClientConfig forBaseUrl(String baseUrl) {
        return builder().baseUrl(baseUrl).build();
    }

    public Builder toBuilder() {
        return new Builder()
                .baseUrl(baseUrl)
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .readTimeout(Duration.ofMillis(readTimeoutMillis))
                .queryTimeout(Duration.ofMillis(queryTimeoutMillis))
                .maxAttempts(maxAttempts)
                .initialBackoff(Duration.ofMillis(initialBackoffMillis))
                .maxBackoff(Duration.ofMillis(maxBackoffMillis))
                .maxRetryAfter(Duration.ofMillis(maxRetryAfterMillis))
                .maxConcurrentRequests(maxConcurrentRequests)
                .token(token)
                .userAgent(userAgent);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(connectTimeoutMillis);
    }

    /** Longest silence on an open connection before the request is abandoned (and retried). */
    public Duration readTimeout() {
        return Duration.ofMillis(readTimeoutMillis);
    }

    /** Longest a query may stay in MAST's EXECUTING phase before the client gives up. */
    public Duration queryTimeout() {
        return Duration.ofMillis(queryTimeoutMillis);
    }

    /** Attempts per request, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return Duration.ofMillis(initialBackoffMillis);
    }

    public Duration maxBackoff() {
        return Duration.ofMillis(maxBackoffMillis);
    }

    /** A {@code Retry-After} longer than this is treated as a failure instead of a wait. */
    public Duration maxRetryAfter() {
        return Duration.ofMillis(maxRetryAfterMillis);
    }

    /**
     * Requests one JVM may have open against this base URL's endpoint at once (MAST limits concurrent
     * requests): a request waits while this many are open there, whatever the settings of the others.
     */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** The MAST API token, or null. Never log or render it. */
    String token() {
        return token;
    }

    public boolean hasToken() {
        return token != null;
    }

    public String userAgent() {
        return userAgent;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MastClientConfig other)) {
            return false;
        }
        return connectTimeoutMillis == other.connectTimeoutMillis
                && readTimeoutMillis == other.readTimeoutMillis
                && queryTimeoutMillis == other.queryTimeoutMillis
                && maxAttempts == other.maxAttempts
                && initialBackoffMillis == other.initialBackoffMillis
                && maxBackoffMillis == other.maxBackoffMillis
                && maxRetryAfterMillis == other.maxRetryAfterMillis
                && maxConcurrentRequests == other.maxConcurrentRequests
                && baseUrl.equals(other.baseUrl)
                && Objects.equals(token, other.token)
                && userAgent.equals(other.userAgent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(baseUrl, readTimeoutMillis, maxAttempts, maxConcurrentRequests, token);
    }

    @Override
    public String toString() {
        return "MastClientConfig{baseUrl=" + baseUrl + ", connectTimeout=" + connectTimeoutMillis + "ms, readTimeout="
                + readTimeoutMillis + "ms, queryTimeout=" + queryTimeoutMillis + "ms, maxAttempts=" + maxAttempts
                + ", backoff=" + initialBackoffMillis + ".." + maxBackoffMillis + "ms, maxConcurrentRequests="
                + maxConcurrentRequests + ", token=" + (token == null ? "none" : "<redacted>") + "}";
    }

    private static String stripTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** Builder; every setter validates its value and names it in the error. */
    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofMinutes(5);
        private Duration queryTimeout = Duration.ofMinutes(10);
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration maxRetryAfter = Duration.ofMinutes(2);
        private int maxConcurrentRequests = 8;
        private String token;
        private String userAgent = "mast-spark/0.1.0";

        private Builder() {}

        public Builder baseUrl(String value) {
            Objects.requireNonNull(value, "baseUrl");
            URI uri;
            try {
                uri = URI.create(value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Invalid value '" + Echo.of(value) + "' for option 'baseUrl': expected an http(s) URL such as "
                                + DEFAULT_BASE_URL,
                        e);
            }
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("Invalid value '" + Echo.of(value)
                        + "' for option 'baseUrl': expected an http(s) URL such as " + DEFAULT_BASE_URL);
            }
            this.baseUrl = value.trim();
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive("connectTimeout", value);
            return this;
        }

        public Builder readTimeout(Duration value) {
            this.readTimeout = positive("readTimeout", value);
            return this;
        }

        public Builder queryTimeout(Duration value) {
            this.queryTimeout = positive("queryTimeout", value);
            return this;
        }

        public Builder maxAttempts(int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option 'maxAttempts': expected 1 to 100");
            }
            this.maxAttempts = value;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            this.initialBackoff = nonNegative("initialBackoff", value);
            return this;
        }

        public Builder maxBackoff(Duration value) {
            this.maxBackoff = nonNegative("maxBackoff", value);
            return this;
        }

        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = nonNegative("maxRetryAfter", value);
            return this;
        }

        public Builder maxConcurrentRequests(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("Invalid value '" + value
                        + "' for option 'maxConcurrentRequests': expected 1 to 256 (MAST limits concurrent"
                        + " requests; keep it small)");
            }
            this.maxConcurrentRequests = value;
            return this;
        }

        /**
         * The MAST API token; null or blank for none. It is sent as the {@code mast_token} cookie only to the
         * base URL's endpoint (scheme, host and port), never to another host, not even after a redirect, and
         * never to SANTA or the catalogs API, which do not need it.
         */
        public Builder token(String value) {
            this.token = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        public Builder userAgent(String value) {
            this.userAgent = Objects.requireNonNull(value, "userAgent");
            return this;
        }

        public MastClientConfig build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("Invalid value '" + maxBackoff.toMillis()
                        + "ms' for option 'maxBackoff': must be at least initialBackoff ("
                        + initialBackoff.toMillis() + "ms)");
            }
            return new MastClientConfig(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option '" + name + "': expected a positive duration");
            }
            return value;
        }

        private static Duration nonNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for option '" + name + "': expected a duration of zero or more");
            }
            return value;
        }
    }
}
