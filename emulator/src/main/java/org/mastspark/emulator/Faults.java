package org.mastspark.emulator;

import java.util.Random;

/**
 * Fault injection of one emulator: latency, bandwidth caps, HTTP errors, connection resets in the middle
 * of a body, truncated JSON, extra EXECUTING polls, a cap on concurrent requests and redirects. All off by default;
 * settings can be changed at any time from any thread (tests change them while the emulator runs). Draws
 * come from one seeded generator, so a run with the same requests in the same order is reproducible.
 *
 * <p>Faults apply to requests whose path starts with {@link #pathPrefix(String)} (default: every path).
 */
public final class Faults {
    private volatile long latencyMillis;
    private volatile long bandwidthBytesPerSecond;
    private volatile double serviceUnavailableRate;
    private volatile double serverErrorRate;
    private volatile double tooManyRequestsRate;
    private volatile int retryAfterSeconds = 1;
    private volatile double resetMidBodyRate;
    private volatile double truncatedJsonRate;
    private volatile int executingPolls;
    private volatile int maxConcurrentRequests;
    private volatile String pathPrefix = "/";
    private volatile String redirectTo;
    private final Random random;

    Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Turns every fault off. */
    public Faults reset() {
        latencyMillis = 0;
        bandwidthBytesPerSecond = 0;
        serviceUnavailableRate = 0;
        serverErrorRate = 0;
        tooManyRequestsRate = 0;
        retryAfterSeconds = 1;
        resetMidBodyRate = 0;
        truncatedJsonRate = 0;
        executingPolls = 0;
        maxConcurrentRequests = 0;
        pathPrefix = "/";
        redirectTo = null;
        return this;
    }

    /** Delay before answering each request. */
    public Faults latencyMillis(long millis) {
        this.latencyMillis = nonNegative("latencyMillis", millis);
        return this;
    }

    /** Cap on the body bytes per second of each response (0: no cap). */
    public Faults bandwidthBytesPerSecond(long bytesPerSecond) {
        this.bandwidthBytesPerSecond = nonNegative("bandwidthBytesPerSecond", bytesPerSecond);
        return this;
    }

    /** Probability of answering 503 with {@code Retry-After}. */
    public Faults serviceUnavailableRate(double p) {
        this.serviceUnavailableRate = probability("serviceUnavailableRate", p);
        return this;
    }

    /** Probability of answering 500. */
    public Faults serverErrorRate(double p) {
        this.serverErrorRate = probability("serverErrorRate", p);
        return this;
    }

    /** Probability of answering 429 with {@code Retry-After}. */
    public Faults tooManyRequestsRate(double p) {
        this.tooManyRequestsRate = probability("tooManyRequestsRate", p);
        return this;
    }

    /** The {@code Retry-After} seconds sent with 429 and 503. */
    public Faults retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = (int) nonNegative("retryAfterSeconds", seconds);
        return this;
    }

    /** Probability of dropping the connection after part of the body was sent. */
    public Faults resetMidBodyRate(double p) {
        this.resetMidBodyRate = probability("resetMidBodyRate", p);
        return this;
    }

    /** Probability of a JSON body that ends early while the HTTP exchange completes normally. */
    public Faults truncatedJsonRate(double p) {
        this.truncatedJsonRate = probability("truncatedJsonRate", p);
        return this;
    }

    /** How many times a Portal query (per cacheBreaker) answers EXECUTING before COMPLETE. */
    public Faults executingPolls(int polls) {
        this.executingPolls = (int) nonNegative("executingPolls", polls);
        return this;
    }

    /** Requests served at once; beyond it the emulator answers 503 (0: no cap). */
    public Faults maxConcurrentRequests(int max) {
        this.maxConcurrentRequests = (int) nonNegative("maxConcurrentRequests", max);
        return this;
    }

    /**
     * Answers every request (under the {@linkplain #pathPrefix(String) path prefix}) with {@code 302 Found}
     * and {@code Location: <baseUrl><path>[?<query>]}, as a server that moved would; null turns it off.
     * {@code baseUrl} may be another emulator's, or this emulator's own followed by
     * {@link MastEmulator#MOVED_PREFIX}: the emulator answers {@code /emulator/moved/<path>} as
     * {@code <path>} and never redirects it, so a same-host redirect ends there.
     */
    public Faults redirectTo(String baseUrl) {
        this.redirectTo = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
        return this;
    }

    /** Only paths starting with this prefix get faults (latency, errors, resets, caps). */
    public Faults pathPrefix(String prefix) {
        this.pathPrefix = prefix == null ? "/" : prefix;
        return this;
    }

    /** Copies the probabilities and the path prefix (for the command line, which collects them first). */
    void copyRatesTo(Faults to) {
        to.serviceUnavailableRate(serviceUnavailableRate)
                .serverErrorRate(serverErrorRate)
                .tooManyRequestsRate(tooManyRequestsRate)
                .resetMidBodyRate(resetMidBodyRate)
                .truncatedJsonRate(truncatedJsonRate)
                .pathPrefix(pathPrefix);
    }

    long latencyMillis() {
        return latencyMillis;
    }

    String redirectTo() {
        return redirectTo;
    }

    long bandwidthBytesPerSecond() {
        return bandwidthBytesPerSecond;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    int executingPolls() {
        return executingPolls;
    }

    int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    boolean applies(String path) {
        return path.startsWith(pathPrefix);
    }

    /** The HTTP error to inject for this request, or 0. */
    synchronized int drawError() {
        double u = random.nextDouble();
        if (u < serviceUnavailableRate) {
            return 503;
        }
        u -= serviceUnavailableRate;
        if (u < serverErrorRate) {
            return 500;
        }
        u -= serverErrorRate;
        return u < tooManyRequestsRate ? 429 : 0;
    }

    synchronized boolean drawReset() {
        return resetMidBodyRate > 0 && random.nextDouble() < resetMidBodyRate;
    }

    synchronized boolean drawTruncation() {
        return truncatedJsonRate > 0 && random.nextDouble() < truncatedJsonRate;
    }

    /** Where in a body of unknown length to cut: after 1 to 64 KiB. */
    synchronized long drawCutPoint() {
        return 1 + random.nextInt(64 * 1024);
    }

    private static long nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("Invalid value " + v + " for fault '" + name + "': expected 0 or more");
        }
        return v;
    }

    private static double probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(
                    "Invalid value " + p + " for fault '" + name + "': expected a probability from 0 to 1");
        }
        return p;
    }

    @Override
    public String toString() {
        return "Faults{latencyMillis=" + latencyMillis + ", bandwidthBytesPerSecond=" + bandwidthBytesPerSecond
                + ", 503=" + serviceUnavailableRate + ", 500=" + serverErrorRate + ", 429=" + tooManyRequestsRate
                + ", retryAfter=" + retryAfterSeconds + "s, reset=" + resetMidBodyRate + ", truncated="
                + truncatedJsonRate
                + ", executingPolls=" + executingPolls + ", maxConcurrent=" + maxConcurrentRequests + ", pathPrefix="
                + pathPrefix + (redirectTo == null ? "" : ", redirectTo=" + redirectTo) + "}";
    }
}
