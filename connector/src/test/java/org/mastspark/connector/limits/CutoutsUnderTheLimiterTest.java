package org.mastspark.connector.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.CutoutMember;
import org.mastspark.connector.client.cutout.CutoutResult;
import org.mastspark.connector.client.cutout.CutoutSize;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;
import org.mastspark.emulator.sky.TessFootprints;

/**
 * Four tasks at once (local[4]) ask TESScut for the sectors of 24 targets and a cutout of each through the
 * job-wide limiter at its defaults (MAST's 10 at once, 5 per second), from an emulator enforcing the same limits
 * with 300 ms per request: MAST refuses none of them (no 503 in its request log; without the limiter the four
 * tasks send about 13 requests per second and are refused), and the log's admission times never show more
 * than the limits.
 */
class CutoutsUnderTheLimiterTest {
    private static SparkSession spark;
    private static MastEmulator mast;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.local(4);
        mast = MastEmulator.builder()
                .seed(7)
                .scale(0.05)
                .cutoutLimits(10, 5)
                .cutoutServiceTime(Duration.ofMillis(300))
                .build();
    }

    @AfterAll
    static void stop() {
        SparkTestSession.endLocal();
        mast.close();
    }

    /** Writes member n to part-n in its directory, renamed to its name when complete. */
    private record DirSink(Path into) implements CutoutClient.Sink {
        @Override
        public OutputStream open(int ordinal) throws IOException {
            return Files.newOutputStream(into.resolve("part-" + ordinal));
        }

        @Override
        public void completed(CutoutMember m) throws IOException {
            Files.move(into.resolve("part-" + m.ordinal()), into.resolve(m.fileName()));
        }

        @Override
        public void abandon(int ordinal) throws IOException {
            Files.deleteIfExists(into.resolve("part-" + ordinal));
        }
    }

    @Test
    void noCutoutRequestIsRefusedAndNoneExceedsTheLimits() {
        List<double[]> targets = new ArrayList<>();
        for (int dec = -80; dec <= 80 && targets.size() < 24; dec += 3) {
            for (int ra = 5; ra < 360 && targets.size() < 24; ra += 41) {
                if (!TessFootprints.sectors(ra, dec, 0).isEmpty()) {
                    targets.add(new double[] {ra, dec});
                }
            }
        }
        assertThat(targets).hasSize(24);
        MastClientConfig config = MastClientConfig.forBaseUrl(mast.baseUrl());
        String out = dir.toString();
        try (JobLimiter limiter = JobLimiter.forSpark(spark.sparkContext(), JobLimiter.builder())) {
            LimiterHandle handle = limiter.handle();
            List<String> names = new JavaSparkContext(spark.sparkContext())
                    .parallelize(IntStream.range(0, targets.size()).boxed().toList(), 4)
                    .map(i -> {
                        double[] t = targets.get(i);
                        Path into = Files.createDirectories(Path.of(out, "t" + i));
                        CutoutClient client = new CutoutClient(config, handle, new ClientMetrics());
                        int sector = client.sectors(t[0], t[1], 0).get(0).sector();
                        CutoutResult r = client.tesscut(t[0], t[1], CutoutSize.parse("3"), sector, new DirSink(into));
                        return r instanceof CutoutResult.Files f
                                ? f.attempts() + " " + f.members().size()
                                : "no result " + r;
                    })
                    .collect();

            assertThat(names).hasSize(24).allSatisfy(s -> assertThat(s).isEqualTo("1 1"));
            assertThat(limiter.openLeases(CutoutClient.TESSCUT)).isZero();
        }

        List<RequestLog.Entry> log = mast.requestLog().entries().stream()
                .filter(e -> "tesscut".equals(e.cutoutService()))
                .toList();
        assertThat(log).hasSize(48).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        List<JobLimiterTest.Call> calls = log.stream()
                .map(e -> new JobLimiterTest.Call("tesscut", e.admittedNanos(), e.endNanos()))
                .toList();
        assertThat(JobLimiterTest.maxOverlap(calls, "tesscut")).isBetween(1, 10);
        assertThat(JobLimiterTest.maxStartsInOneSecond(calls, "tesscut")).isBetween(1, 5);
    }
}
