package org.mastspark.connector.client.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before trying a MAST request again: exponential backoff with jitter, and
 * MAST's own {@code Retry-After} when it sends one. Stateless and thread safe.
 */
public final class RetryPolicy {
    private final long initialMillis;
    private final long maxMillis;
    private final long maxRetryAfterMillis;

    /** The backoff settings of a client configuration. */
    public RetryPolicy(MastClientConfig config) {
        this(config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter());
    }

    RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.maxRetryAfterMillis = maxRetryAfter.toMillis();
    }

    /** HTTP statuses worth another attempt: throttling and server-side trouble, never client errors. */
    static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry). "Equal jitter": half the
     * exponential step is fixed, half random, so that many executors failing together do not retry in
     * lockstep, while each still backs off.
     */
    public long backoffMillis(int retry) {
        long exp = initialMillis << Math.min(20, Math.max(0, retry - 1));
        long capped = Math.min(maxMillis, exp < 0 ? maxMillis : exp);
        long half = capped / 2;
        return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    }

    /**
     * The wait before retry number {@code retry} given the server's {@code Retry-After} header (null if
     * absent): at least what the server asked, never less than our own backoff.
     *
     * @return the wait in milliseconds, or -1 when the server asks for longer than {@code maxRetryAfter}
     */
    long delayMillis(int retry, String retryAfterHeader, Instant now) {
        long backoff = backoffMillis(retry);
        long asked = parseRetryAfterMillis(retryAfterHeader, now);
        if (asked < 0) {
            return backoff;
        }
        if (asked > maxRetryAfterMillis) {
            return -1;
        }
        return Math.max(asked, backoff);
    }

    /** Parses {@code Retry-After} as delta-seconds or an HTTP date; -1 when absent or unreadable. */
    static long parseRetryAfterMillis(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? -1 : Math.multiplyExact(seconds, 1000L);
        } catch (NumberFormatException | ArithmeticException e) {
            // not delta-seconds; try an HTTP date below
        }
        try {
            Instant at =
                    ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0, Duration.between(now, at).toMillis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
