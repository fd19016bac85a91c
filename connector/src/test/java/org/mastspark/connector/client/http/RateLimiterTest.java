package org.mastspark.connector.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Request spacing of the download rate limit. */
class RateLimiterTest {
    @Test
    void spacesRequestsAtTheRateAcrossThreads() throws Exception {
        RateLimiter limiter = RateLimiter.perSecond(200);
        long t0 = System.nanoTime();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 10; k++) {
                    limiter.acquire();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // 40 slots 5 ms apart from the limiter's creation: the last one cannot come before 39 x 5 ms (195 ms) after it.
        assertThat((System.nanoTime() - t0) / 1_000_000L).isGreaterThanOrEqualTo(190);
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter none = RateLimiter.perSecond(0);
        assertThat(none.unlimited()).isTrue();
        for (int i = 0; i < 100_000; i++) {
            none.acquire();
        }
    }

    @Test
    void sharedLimitersAreOnePerUrlAndRate() {
        RateLimiter a = RateLimiter.shared("http://santa.test", 5);
        assertThat(RateLimiter.shared("http://santa.test", 5)).isSameAs(a);
        assertThat(RateLimiter.shared("http://santa.test", 6)).isNotSameAs(a);
        assertThat(RateLimiter.shared("http://other.test", 5)).isNotSameAs(a);
    }

    @Test
    void sharedLimitersAreBoundedKeepingTheRecentlyUsed() {
        RateLimiter kept = RateLimiter.shared("http://kept.test", 1);
        for (int i = 0; i < 3 * RateLimiter.MAX_SHARED; i++) {
            RateLimiter.shared("http://host" + i + ".test", 1);
            assertThat(RateLimiter.shared("http://kept.test", 1)).isSameAs(kept);
        }
        assertThat(RateLimiter.sharedCount()).isEqualTo(RateLimiter.MAX_SHARED);
    }
}
