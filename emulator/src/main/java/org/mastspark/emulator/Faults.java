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
    private volatile long resetAtByte = -1;
    private volatile boolean resetAnywhere;
    private volatile int resetLimit;
    private int resetsDrawn;
    private final java.util.List<Long> resetOffsets = new java.util.ArrayList<>();
    private volatile double truncatedJsonRate;
    private volatile int executingPolls;
    private volatile int maxConcurrentRequests;
    private volatile String pathPrefix = "/";
    private volatile String redirectTo;
    private int noFfis;
    private int gatewayTimeouts;
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
        resetAtByte = -1;
        resetAnywhere = false;
        resetLimit = 0;
        synchronized (this) {
            resetsDrawn = 0;
            resetOffsets.clear();
        }
        truncatedJsonRate = 0;
        executingPolls = 0;
        maxConcurrentRequests = 0;
        pathPrefix = "/";
        redirectTo = null;
        synchronized (this) {
            noFfis = 0;
            gatewayTimeouts = 0;
        }
        return this;
    }

    /**
     * The next {@code n} cutout requests ({@code astrocut}, {@code moving_target/astrocut} of TESScut) that would
     * return files answer {@code 200 {"msg": "No FFIs found for input target. Cutout not performed."}} instead,
     * as TESScut does while a sector is being cubed. Replaces any count left.
     */
    public synchronized Faults noFfisNext(int n) {
        this.noFfis = (int) nonNegative("noFfisNext", n);
        return this;
    }

    /** Cutout answers still to be turned into "No FFIs found". */
    public synchronized int noFfisLeft() {
        return noFfis;
    }

    /** Takes one "No FFIs found" answer if any is left. */
    synchronized boolean takeNoFfis() {
        if (noFfis > 0) {
            noFfis--;
            return true;
        }
        return false;
    }

    /**
     * The next {@code n} requests to a cutout service ({@code /tesscut/}, {@code /zcut/}, {@code /hapcut/}) that
     * the service limits admit answer {@code 504 Gateway Timeout} (an HTML body, as MAST's gateway sends), after the
     * configured {@linkplain #latencyMillis latency}. Replaces any count left.
     */
    public synchronized Faults gatewayTimeoutNext(int n) {
        this.gatewayTimeouts = (int) nonNegative("gatewayTimeoutNext", n);
        return this;
    }

    /** 504 answers still to come. */
    public synchronized int gatewayTimeoutsLeft() {
        return gatewayTimeouts;
    }

    synchronized boolean takeGatewayTimeout() {
        if (gatewayTimeouts > 0) {
            gatewayTimeouts--;
            return true;
        }
        return false;
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

    /**
     * Where a reset (drawn with {@link #resetMidBodyRate}) cuts the body: after exactly this many bytes, in
     * any answer (Portal pages, mission and Pan-STARRS answers, downloads and their ranges). A body of known
     * length that is not longer is not reset. -1 (default): half of a known length, 1 to 64 KiB into a
     * chunked answer.
     */
    public Faults resetAtByte(long offset) {
        if (offset < -1) {
            throw new IllegalArgumentException("Invalid value " + offset
                    + " for fault 'resetAtByte': expected a byte offset, 0 or more (-1: off)");
        }
        this.resetAtByte = offset;
        return this;
    }

    /**
     * Whether a reset cuts the body at a random byte anywhere in its whole length (from the emulator's seeded
     * generator, so reproducible for the same requests in the same order). A chunked answer (Portal page,
     * mission or Pan-STARRS answer) is then produced in full in memory first to learn its length, and sent
     * without a bandwidth cap. Ignored while {@link #resetAtByte} is set.
     */
    public Faults resetAnywhere(boolean on) {
        this.resetAnywhere = on;
        return this;
    }

    /**
     * At most this many resets in all (0, default: no limit), counted as they happen, so that for example
     * one deep reset can hit a request whose retry then succeeds.
     */
    public Faults resetLimit(int resets) {
        this.resetLimit = (int) nonNegative("resetLimit", resets);
        return this;
    }

    /** The byte offsets at which resets cut bodies so far (since the last {@link #reset()}), oldest first. */
    public synchronized java.util.List<Long> injectedResets() {
        return java.util.List.copyOf(resetOffsets);
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
                .resetAtByte(resetAtByte)
                .resetAnywhere(resetAnywhere)
                .resetLimit(resetLimit)
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

    /** A reset cut point drawn at the end of the body (reset anywhere in an answer of unknown length). */
    static final long CUT_AT_END = -2;

    /**
     * Where to reset a body of {@code length} bytes (0: chunked, unknown): a byte offset, {@link #CUT_AT_END}
     * (decide with {@link #drawOffset} once the whole body is known), or -1 for no reset.
     */
    synchronized long drawReset(long length) {
        if (!(resetMidBodyRate > 0 && random.nextDouble() < resetMidBodyRate)) {
            return -1;
        }
        long cut;
        if (resetAtByte >= 0) {
            if (length > 0 && resetAtByte >= length) {
                return -1;
            }
            cut = resetAtByte;
        } else if (resetAnywhere) {
            cut = length > 0 ? drawOffset(length) : CUT_AT_END;
        } else {
            cut = length > 0 ? Math.max(1, length / 2) : drawCutPoint();
        }
        return cut;
    }

    /**
     * Whether a drawn reset may happen now that its body reached the cut point (within {@link #resetLimit});
     * counts it if so. Counting at the cut, not at the draw, keeps a reset drawn for a body too short to reach
     * its point from using up the limit.
     */
    synchronized boolean claimReset() {
        if (resetLimit > 0 && resetsDrawn >= resetLimit) {
            return false;
        }
        resetsDrawn++;
        return true;
    }

    /** A uniform cut point inside a body of {@code length} bytes: at least one byte sent, at least one not. */
    synchronized long drawOffset(long length) {
        return length <= 1 ? 0 : 1 + (long) (random.nextDouble() * (length - 1));
    }

    /** Records a reset as it happens, after {@code offset} bytes of the body. */
    synchronized void resetInjected(long offset) {
        if (resetOffsets.size() < 10_000) {
            resetOffsets.add(offset);
        }
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
                + ", retryAfter=" + retryAfterSeconds + "s, reset=" + resetMidBodyRate + ", resetAtByte=" + resetAtByte
                + ", resetAnywhere=" + resetAnywhere + ", resetLimit=" + resetLimit + ", truncated="
                + truncatedJsonRate
                + ", executingPolls=" + executingPolls + ", maxConcurrent=" + maxConcurrentRequests + ", pathPrefix="
                + pathPrefix + (redirectTo == null ? "" : ", redirectTo=" + redirectTo) + "}";
    }
}
