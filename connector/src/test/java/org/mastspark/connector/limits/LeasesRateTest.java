package org.mastspark.connector.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rate is counted by send times: a request granted but not yet sent counts in every window, and once
 * reported it counts from its send, so a request that stalled between its grant and its send cannot bunch with
 * the next second's (counting grants, as before, would have let MAST see three requests in one second here).
 */
class LeasesRateTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static Leases leases() {
        return new Leases(Map.of("s", new ServiceLimits(10, 2)), ServiceLimits.MAST, 60 * SECOND, SECOND, 0);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    @Test
    void aRequestThatStalledBeforeItsSendCountsFromItsSend() throws InterruptedException {
        Leases l = leases();
        long t0 = System.nanoTime();
        long a = l.acquire("s", 0, t0);
        assertThat(l.sent(a, 0)).isTrue();
        long b = l.acquire("s", 0, t0);
        assertThat(b).isPositive();
        // a sent, b granted and not sent: the window is full
        assertThat(l.acquire("s", 0)).isEqualTo(-1);

        // b is sent 0.9 s after its acquire call (its executor stalled)
        sleepUntil(t0 + 900_000_000L);
        long bSent = System.nanoTime();
        assertThat(l.sent(b, bSent - t0)).isTrue();
        assertThat(l.sent(b, 0)).as("reported once").isFalse();

        // once a has left the window, one more request: b still counts, from its send
        sleepUntil(t0 + 1_050_000_000L);
        assertThat(l.acquire("s", 0)).isPositive();
        long refused = l.acquire("s", 0);
        assertThat(refused)
                .as("a grant-time count would have granted it: b, it and the one before in 0.2 s")
                .isEqualTo(-1);

        // the next is granted only when b's send leaves the window
        long d = l.acquire("s", 3 * SECOND);
        long granted = System.nanoTime();
        assertThat(d).isPositive();
        assertThat(granted - bSent).isGreaterThanOrEqualTo(SECOND);
    }

    @Test
    void aRequestNeverReportedCountsUntilItsLeaseEnds() throws InterruptedException {
        Leases l = leases();
        long a = l.acquire("s", 0);
        long b = l.acquire("s", 0);
        assertThat(a).isPositive();
        assertThat(b).isPositive();
        TimeUnit.MILLISECONDS.sleep(1_200);
        // a second has passed since both grants, but neither was reported sent: both still count
        assertThat(l.acquire("s", 0)).isEqualTo(-1);
        assertThat(l.release(a)).isTrue();
        long released = System.nanoTime();
        // a counts from its release, b still: no grant until a's release leaves the window
        assertThat(l.acquire("s", 0)).isEqualTo(-1);
        assertThat(l.release(b)).isTrue();
        long c = l.acquire("s", 3 * SECOND);
        assertThat(c).isPositive();
        assertThat(System.nanoTime() - released).isGreaterThanOrEqualTo(SECOND);
    }
}
