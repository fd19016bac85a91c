package org.mastspark.connector.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.cutout.RequestPermits;
import org.mastspark.connector.testing.LogCapture;
import org.mastspark.connector.testing.RoundTrip;

/**
 * The job-wide limiter: the limits hold over every task of a job (not per task), leases of dead executors come
 * back, held ones are renewed, and the handle travels (Java, Kryo) without ever showing its secret.
 */
class JobLimiterTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.local(4);
    }

    @AfterAll
    static void stop() {
        SparkTestSession.endLocal();
    }

    /** One "request" a task made: the service, and when it started and ended (nanoTime, one JVM in local mode). */
    record Call(String service, long start, long end) {}

    /**
     * Four tasks at once (local[4]) each send requests to two services through the driver's limiter: tesscut
     * with 2 at once (its requests are long, so the 2 binds) and zcut with 3 per second (short requests, so
     * the rate binds). From the recorded times: never more than 2 tesscut requests overlap (a limit per task
     * would have allowed 4 x 2), and no one-second window holds more than 3 zcut starts.
     */
    @Test
    void theLimitsHoldAcrossEveryTaskOfTheJob() {
        try (JobLimiter limiter = JobLimiter.forSpark(
                spark.sparkContext(),
                JobLimiter.builder()
                        .limit("tesscut", new ServiceLimits(2, 100))
                        .limit("zcut", new ServiceLimits(100, 3))
                        .rateMargin(Duration.ofMillis(200)))) {
            LimiterHandle handle = limiter.handle();
            List<String> rows = new JavaSparkContext(spark.sparkContext())
                    .parallelize(IntStream.range(0, 4).boxed().toList(), 4)
                    .flatMap(task -> {
                        List<String> out = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            for (String service : List.of("tesscut", "zcut")) {
                                try (RequestPermits.Permit p = handle.acquire(service)) {
                                    p.sending();
                                    long start = System.nanoTime();
                                    Thread.sleep(service.equals("tesscut") ? 300 : 20);
                                    out.add(service + "," + start + "," + System.nanoTime());
                                }
                            }
                        }
                        return out.iterator();
                    })
                    .collect();

            List<Call> calls = rows.stream()
                    .map(r -> r.split(","))
                    .map(a -> new Call(a[0], Long.parseLong(a[1]), Long.parseLong(a[2])))
                    .toList();
            assertThat(calls).hasSize(40);
            assertThat(maxOverlap(calls, "tesscut")).isEqualTo(2);
            assertThat(maxStartsInOneSecond(calls, "zcut")).isLessThanOrEqualTo(3);
            assertThat(maxStartsInOneSecond(calls, "zcut")).isGreaterThanOrEqualTo(1);
            assertThat(limiter.openLeases("tesscut")).isZero();
            assertThat(limiter.openLeases("zcut")).isZero();
            assertThat(limiter.expiredLeases()).isZero();
        }
    }

    static int maxOverlap(List<Call> calls, String service) {
        List<long[]> events = new ArrayList<>();
        for (Call c : calls) {
            if (c.service().equals(service)) {
                events.add(new long[] {c.start(), 1});
                events.add(new long[] {c.end(), -1});
            }
        }
        // at equal times an end comes before a start: the slot was free again
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int open = 0;
        int max = 0;
        for (long[] e : events) {
            open += (int) e[1];
            max = Math.max(max, open);
        }
        return max;
    }

    static int maxStartsInOneSecond(List<Call> calls, String service) {
        List<Long> starts = calls.stream()
                .filter(c -> c.service().equals(service))
                .map(Call::start)
                .sorted()
                .toList();
        int max = 0;
        for (int i = 0; i < starts.size(); i++) {
            int n = 0;
            for (int j = i; j < starts.size() && starts.get(j) - starts.get(i) < 1_000_000_000L; j++) {
                n++;
            }
            max = Math.max(max, n);
        }
        return max;
    }

    /** An executor that died holding a permit (it never renews it, never returns it): the slot comes back. */
    @Test
    void aLeaseOfADeadExecutorIsTakenBack() {
        try (JobLimiter limiter = JobLimiter.builder()
                .limit("tesscut", new ServiceLimits(1, 100))
                .leaseTtl(Duration.ofMillis(300))
                .start()) {
            LimiterHandle handle = limiter.handle();
            long dead = handle.lease("tesscut", 0);
            assertThat(dead).isPositive();
            assertThat(handle.lease("tesscut", 0)).as("the one slot is taken").isEqualTo(-1);

            try (RequestPermits.Permit p = handle.acquire("tesscut")) {
                assertThat(limiter.expiredLeases()).isEqualTo(1);
                assertThat(limiter.openLeases("tesscut")).isEqualTo(1);
            }
            assertThat(limiter.openLeases("tesscut")).isZero();
        }
    }

    /** A permit held longer than the lease's time to live stays held: its executor renews it. */
    @Test
    void aHeldPermitIsRenewed() throws InterruptedException {
        try (JobLimiter limiter = JobLimiter.builder()
                .limit("tesscut", new ServiceLimits(1, 100))
                .leaseTtl(Duration.ofSeconds(1))
                .start()) {
            LimiterHandle handle = limiter.handle();
            try (RequestPermits.Permit p = handle.acquire("tesscut")) {
                Thread.sleep(3_000);
                assertThat(handle.lease("tesscut", 0)).isEqualTo(-1);
                assertThat(limiter.expiredLeases()).isZero();
            }
            assertThat(limiter.openLeases("tesscut")).isZero();
        }
    }

    @Test
    void aPermitNotGrantedInTimeFailsNamingTheOption() {
        try (JobLimiter limiter = JobLimiter.builder()
                .limit("tesscut", new ServiceLimits(1, 100))
                .acquireTimeout(Duration.ofMillis(500))
                .start()) {
            LimiterHandle handle = limiter.handle();
            try (RequestPermits.Permit p = handle.acquire("tesscut")) {
                assertThatThrownBy(() -> handle.acquire("tesscut"))
                        .isInstanceOf(MastException.class)
                        .hasMessage("No permit to call tesscut within 0.5 s from the job-wide limiter at 127.0.0.1:"
                                + handle.port()
                                + " (its limits are taken by other tasks); raise option 'permitTimeoutSeconds'");
            }
        }
    }

    @Test
    void aClosedLimiterIsReportedAsGone() {
        JobLimiter limiter = JobLimiter.builder().start();
        LimiterHandle handle = limiter.handle();
        limiter.close();
        assertThatThrownBy(() -> handle.acquire("tesscut"))
                .isInstanceOf(MastException.class)
                .hasMessageStartingWith("The job-wide limiter at 127.0.0.1:" + handle.port() + " is not reachable (")
                .hasMessageEndingWith("): it lives on the driver while the job runs; has the job ended?");
    }

    /**
     * The handle travels to executors by Java serialization or Kryo and still works; its secret is in no
     * rendering of it, no log line of the limiter, and no error of a call without it.
     */
    @Test
    void theHandleTravelsAndNeverShowsItsSecret() throws Exception {
        String secret;
        try (LogCapture logs = new LogCapture(List.of(), List.of("org.mastspark.connector.limits"), "imiter")) {
            try (JobLimiter limiter = JobLimiter.builder().start()) {
                LimiterHandle handle = limiter.handle();
                secret = handle.secret();
                assertThat(secret).hasSize(64);
                assertThat(handle.toString())
                        .isEqualTo("LimiterHandle{127.0.0.1:" + handle.port() + ", secret=<redacted>}")
                        .doesNotContain(secret);
                assertThat(limiter.toString()).doesNotContain(secret);

                LimiterHandle java = RoundTrip.java(handle);
                LimiterHandle viaKryo = RoundTrip.kryo(handle);
                for (LimiterHandle copy : List.of(java, viaKryo)) {
                    assertThat(copy).isEqualTo(handle);
                    assertThat(copy.secret()).isEqualTo(secret);
                    try (RequestPermits.Permit p = copy.acquire("tesscut")) {
                        assertThat(limiter.openLeases("tesscut")).isEqualTo(1);
                    }
                }

                LimiterHandle stranger = new LimiterHandle("127.0.0.1", handle.port(), "not-the-secret", 30_000, 1_000);
                assertThatThrownBy(() -> stranger.acquire("tesscut"))
                        .isInstanceOf(MastException.class)
                        .hasMessage("The job-wide limiter at 127.0.0.1:" + handle.port()
                                + " refused this executor's secret: the handle is not of this job's limiter");
                assertThat(limiter.openLeases("tesscut")).isZero();
            }
            logs.close();
            assertThat(logs.samples()).isNotEmpty().noneMatch(s -> s.contains(secret));
            assertThat(logs.count("org.mastspark.connector.limits")).isGreaterThanOrEqualTo(3);
        }
    }
}
