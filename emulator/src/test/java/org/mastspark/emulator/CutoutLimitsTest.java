package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The cutout services' limits: 503 with {@code Retry-After: 1} past the concurrent requests and past the requests
 * per sliding second, each service counted on its own, and the request log's admission times showing both limits
 * held.
 */
class CutoutLimitsTest {
    static final String SECTOR = "/tesscut/api/v0.1/sector?ra=90.0&dec=-66.56";

    /** Sends n GETs of path at once and returns their responses in order. */
    static List<HttpResponse<byte[]>> burst(MastEmulator mast, List<String> paths) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(paths.size());
        try {
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            for (String p : paths) {
                futures.add(pool.submit(() -> Http.get(mast.baseUrl() + p)));
            }
            List<HttpResponse<byte[]>> out = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> times(int n, String path) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(path);
        }
        return out;
    }

    @Test
    void requestsBeyondTheConcurrencyLimitAre503WithRetryAfter() throws Exception {
        // Each admitted request holds its slot for 3 s, so all 5 sent at once overlap: 2 admitted, 3 refused.
        try (MastEmulator mast = MastEmulator.builder()
                .scale(0.01)
                .cutoutLimits(2, 0)
                .cutoutServiceTime(Duration.ofSeconds(3))
                .build()) {
            List<HttpResponse<byte[]>> rs = burst(mast, times(5, SECTOR));
            assertThat(rs.stream().filter(r -> r.statusCode() == 200)).hasSize(2);
            List<HttpResponse<byte[]>> refused =
                    rs.stream().filter(r -> r.statusCode() == 503).toList();
            assertThat(refused).hasSize(3);
            for (HttpResponse<byte[]> r : refused) {
                assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(new String(r.body(), StandardCharsets.ISO_8859_1))
                        .contains("<title>503 Service Temporarily Unavailable</title>");
            }
            List<RequestLog.Entry> log = mast.requestLog().entries();
            assertThat(log).hasSize(5).allMatch(e -> "tesscut".equals(e.cutoutService()));
            assertThat(log.stream().filter(RequestLog.Entry::admitted))
                    .hasSize(2)
                    .allMatch(e -> e.status() == 200);
            assertThat(log.stream().filter(e -> !e.admitted())).hasSize(3).allMatch(e -> e.status() == 503);
            // The admitted ones held their slots for the service time.
            log.stream()
                    .filter(RequestLog.Entry::admitted)
                    .forEach(e -> assertThat(e.endNanos() - e.admittedNanos()).isGreaterThanOrEqualTo(3_000_000_000L));
            assertThat(maxOverlap(log)).isEqualTo(2);
        }
    }

    @Test
    void requestsBeyondTheRateLimitAre503UntilTheSecondHasPassed() throws Exception {
        try (MastEmulator mast =
                MastEmulator.builder().scale(0.01).cutoutLimits(0, 3).build()) {
            List<HttpResponse<byte[]>> rs = burst(mast, times(8, SECTOR));
            long ok = rs.stream().filter(r -> r.statusCode() == 200).count();
            assertThat(ok).isBetween(1L, 3L);
            assertThat(rs.stream().filter(r -> r.statusCode() == 503))
                    .hasSize((int) (8 - ok))
                    .allMatch(r ->
                            r.headers().firstValue("Retry-After").orElse("").equals("1"));
            Thread.sleep(1100);
            assertThat(Http.get(mast.baseUrl() + SECTOR).statusCode()).isEqualTo(200);
            List<RequestLog.Entry> log = mast.requestLog().entries();
            assertThat(maxPerSecond(log)).isLessThanOrEqualTo(3);
            assertThat(log.stream().filter(RequestLog.Entry::admitted)).hasSize((int) ok + 1);
        }
    }

    @Test
    void eachCutoutServiceHasItsOwnLimitsAndOtherEndpointsNone() throws Exception {
        try (MastEmulator mast = MastEmulator.builder()
                .scale(0.01)
                .cutoutLimits(1, 0)
                .cutoutServiceTime(Duration.ofSeconds(2))
                .build()) {
            List<HttpResponse<byte[]>> rs = burst(
                    mast,
                    List.of(
                            SECTOR,
                            SECTOR,
                            "/zcut/api/v0.1/survey?ra=189.49206&dec=62.20615",
                            "/hapcut/api/v0.1/astrocut?ra=1&dec=2&x=3&y=3&units=px",
                            "/whoami"));
            assertThat(rs.subList(0, 2).stream().filter(r -> r.statusCode() == 503))
                    .hasSize(1);
            // Admitted by their own service's limit (what they answer is the Zcut/Hapcut handlers' business).
            assertThat(rs.get(2).statusCode()).isNotEqualTo(503);
            assertThat(rs.get(3).statusCode()).isNotEqualTo(503);
            assertThat(rs.get(4).statusCode()).isEqualTo(200);
            List<RequestLog.Entry> log = mast.requestLog().entries();
            assertThat(log.stream().filter(e -> "zcut".equals(e.cutoutService())))
                    .singleElement()
                    .matches(RequestLog.Entry::admitted);
            assertThat(log.stream().filter(e -> "hapcut".equals(e.cutoutService())))
                    .singleElement()
                    .matches(RequestLog.Entry::admitted);
            assertThat(log.stream().filter(e -> e.path().equals("/whoami")))
                    .singleElement()
                    .matches(e -> e.cutoutService() == null && !e.admitted());
        }
    }

    @Test
    void zeroTurnsTheLimitsOffAndBadValuesAreRefused() throws Exception {
        try (MastEmulator mast =
                MastEmulator.builder().scale(0.01).cutoutLimits(0, 0).build()) {
            assertThat(burst(mast, times(12, SECTOR))).allMatch(r -> r.statusCode() == 200);
        }
        assertThatThrownBy(() -> MastEmulator.builder().cutoutLimits(-1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -1 for cutoutLimits 'concurrent': expected 0 (no limit) or more requests at"
                        + " once, e.g. 10");
        assertThatThrownBy(() -> MastEmulator.builder().cutoutServiceTime(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value PT-0.005S for cutoutServiceTime: expected a duration of 0 or more, e.g."
                        + " Duration.ofMillis(300)");
    }

    @Test
    void theDefaultsAreMastsTenAtOnceAndFivePerSecond() throws Exception {
        try (MastEmulator mast = MastEmulator.builder().scale(0.01).build()) {
            List<HttpResponse<byte[]>> rs = burst(mast, times(9, SECTOR));
            long ok = rs.stream().filter(r -> r.statusCode() == 200).count();
            assertThat(ok).isBetween(1L, 5L);
            assertThat(maxPerSecond(mast.requestLog().entries())).isLessThanOrEqualTo(5);
        }
    }

    /** The most admitted requests whose [admitted, end] intervals overlap at one instant. */
    static int maxOverlap(List<RequestLog.Entry> log) {
        int max = 0;
        for (RequestLog.Entry e : log) {
            if (!e.admitted()) {
                continue;
            }
            long t = e.admittedNanos();
            int n = 0;
            for (RequestLog.Entry o : log) {
                if (o.admitted() && o.admittedNanos() <= t && o.endNanos() > t) {
                    n++;
                }
            }
            max = Math.max(max, n);
        }
        return max;
    }

    /** The most admissions within any one second (a window starting at each admission). */
    static int maxPerSecond(List<RequestLog.Entry> log) {
        int max = 0;
        for (RequestLog.Entry e : log) {
            if (!e.admitted()) {
                continue;
            }
            int n = 0;
            for (RequestLog.Entry o : log) {
                if (o.admitted()
                        && o.admittedNanos() >= e.admittedNanos()
                        && o.admittedNanos() - e.admittedNanos() < 1_000_000_000L) {
                    n++;
                }
            }
            max = Math.max(max, n);
        }
        return max;
    }
}
