package org.mastspark.connector.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60));

    @RepeatedTest(20)
    void backoffGrowsExponentiallyWithinJitterBoundsAndIsCapped() {
        assertThat(policy.backoffMillis(1)).isBetween(50L, 100L);
        assertThat(policy.backoffMillis(2)).isBetween(100L, 200L);
        assertThat(policy.backoffMillis(4)).isBetween(400L, 800L);
        assertThat(policy.backoffMillis(30)).isBetween(2500L, 5000L);
    }

    @Test
    void honoursRetryAfterSecondsWhenLongerThanBackoff() {
        assertThat(policy.delayMillis(1, "3", Instant.now())).isEqualTo(3000L);
    }

    @Test
    void honoursRetryAfterHttpDate() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(RetryPolicy.parseRetryAfterMillis("Tue, 24 Nov 2026 12:00:07 GMT", now))
                .isEqualTo(7000L);
    }

    @Test
    void refusesToWaitLongerThanTheConfiguredMaximum() {
        assertThat(policy.delayMillis(1, "3600", Instant.now())).isEqualTo(-1L);
    }

    @Test
    void ignoresUnreadableRetryAfter() {
        assertThat(RetryPolicy.parseRetryAfterMillis("soon", Instant.now())).isEqualTo(-1L);
        assertThat(policy.delayMillis(1, "soon", Instant.now())).isBetween(50L, 100L);
    }

    @Test
    void retriesThrottlingAndServerErrorsOnly() {
        assertThat(RetryPolicy.isRetryableStatus(429)).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(500)).isTrue();
        assertThat(RetryPolicy.isRetryableStatus(400)).isFalse();
        assertThat(RetryPolicy.isRetryableStatus(401)).isFalse();
        assertThat(RetryPolicy.isRetryableStatus(404)).isFalse();
    }
}
