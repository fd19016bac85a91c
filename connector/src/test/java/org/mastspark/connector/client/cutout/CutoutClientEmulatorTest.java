package org.mastspark.connector.client.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.limits.JobLimiter;
import org.mastspark.connector.limits.ServiceLimits;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;
import org.mastspark.emulator.sky.TessFootprints;

/**
 * The cutout client end to end against the emulator's TESScut, Zcut and Hapcut: the exact sectors of its
 * footprint model, zips unpacked into files named from their headers (checked by reading each file back with
 * nom-tam-fits), "No FFIs found" retried, 503 with {@code Retry-After} retried under the emulator's cutout
 * limits (and none at all when the job-wide limiter keeps to them), sizes refused before anything is sent.
 */
class CutoutClientEmulatorTest {
    private static final String NO_FFIS = "No FFIs found for input target. Cutout not performed.";

    @TempDir
    Path dir;

    private MastEmulator mast;

    @AfterEach
    void stop() {
        if (mast != null) {
            mast.close();
        }
    }

    private MastEmulator emulator(MastEmulator.Builder b) {
        mast = b.seed(7).scale(0.05).build();
        return mast;
    }

    private MastClientConfig config() {
        return MastClientConfig.builder()
                .baseUrl(mast.baseUrl())
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .build();
    }

    private CutoutClient client(RequestPermits permits) {
        return new CutoutClient(config(), permits, new ClientMetrics());
    }

    /** Writes member n to part-n in {@code into}, renamed to its name when complete. */
    private static CutoutClient.Sink sink(Path into) {
        return new CutoutClient.Sink() {
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
        };
    }

    private static List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The first position of a coarse grid whose sector count satisfies {@code wanted}. */
    private static double[] position(java.util.function.IntPredicate wanted) {
        for (int dec = -80; dec <= 80; dec += 7) {
            for (int ra = 3; ra < 360; ra += 17) {
                if (wanted.test(TessFootprints.sectors(ra + 0.25, dec + 0.5, 0).size())) {
                    return new double[] {ra + 0.25, dec + 0.5};
                }
            }
        }
        throw new IllegalStateException("no such position in the footprint model");
    }

    private static List<TessSector> expectedSectors(double ra, double dec) {
        return TessFootprints.sectors(ra, dec, 0).stream()
                .map(c -> new TessSector(c.sectorName(), c.sector(), c.camera(), c.ccd()))
                .toList();
    }

    @Test
    void sectorsAreExactlyThoseOfTheFootprintModel() {
        emulator(MastEmulator.builder());
        double[] p = position(n -> n >= 2);

        List<TessSector> sectors = client(RequestPermits.NONE).sectors(p[0], p[1], 0);

        assertThat(sectors).isEqualTo(expectedSectors(p[0], p[1])).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aCutoutOfEverySectorIsUnpackedIntoFilesNamedFromTheirHeaders() throws Exception {
        emulator(MastEmulator.builder());
        double[] p = position(n -> n >= 2);
        List<TessSector> sectors = expectedSectors(p[0], p[1]);

        CutoutResult result = client(RequestPermits.NONE).tesscut(p[0], p[1], CutoutSize.parse("5x4"), null, sink(dir));

        List<String> expected = new ArrayList<>();
        for (TessSector s : sectors) {
            expected.add(String.format(
                    Locale.ROOT,
                    "tess-s%04d-%d-%d_%.6f_%.6f_5x4_astrocut.fits",
                    s.sector(),
                    s.camera(),
                    s.ccd(),
                    p[0],
                    p[1]));
        }
        assertThat(((CutoutResult.Files) result).members().stream().map(CutoutMember::fileName))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(files(dir)).containsExactlyInAnyOrderElementsOf(expected);
        // each file is what its name says: read back independently
        for (TessSector s : sectors) {
            String name = expected.get(sectors.indexOf(s));
            try (Fits f = new Fits(dir.resolve(name).toFile())) {
                Header h = f.getHDU(0).getHeader();
                assertThat(List.of(h.getIntValue("SECTOR"), h.getIntValue("CAMERA"), h.getIntValue("CCD")))
                        .as(name)
                        .containsExactly(s.sector(), s.camera(), s.ccd());
                assertThat(f.getHDU(1).getHeader().getStringValue("TDIM5")).isEqualTo("(4, 5)");
            }
        }

        // an answer larger than what is read whole is unpacked as it arrives, into the same files
        Path streamed = Files.createDirectory(dir.resolve("streamed"));
        CutoutResult large = client(RequestPermits.NONE)
                .withHeldAnswerBytes(1024)
                .tesscut(p[0], p[1], CutoutSize.parse("5x4"), null, sink(streamed));
        assertThat(((CutoutResult.Files) large).members()).isEqualTo(((CutoutResult.Files) result).members());
        for (String name : expected) {
            assertThat(Files.readAllBytes(streamed.resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(dir.resolve(name)));
        }

        // one sector asked: one file
        Path one = Files.createDirectory(dir.resolve("one"));
        TessSector first = sectors.get(0);
        client(RequestPermits.NONE).tesscut(p[0], p[1], CutoutSize.parse("5x4"), first.sector(), sink(one));
        assertThat(files(one)).containsExactly(expected.get(0));
    }

    @Test
    void aPositionInNoSectorIsANoResultAfterTheNoFfisRetries() {
        emulator(MastEmulator.builder());
        double[] p = position(n -> n == 0);

        CutoutResult result = client(RequestPermits.NONE).tesscut(p[0], p[1], CutoutSize.parse("5"), null, sink(dir));

        assertThat(result).isEqualTo(new CutoutResult.NoResult(NO_FFIS, 3));
        assertThat(mast.requestLog().count(e -> e.path().equals("/tesscut/api/v0.1/astrocut")))
                .isEqualTo(3);
        assertThat(client(RequestPermits.NONE).sectors(p[0], p[1], 0)).isEmpty();
    }

    @Test
    void aTransientNoFfisFoundIsAskedAgain() throws IOException {
        emulator(MastEmulator.builder());
        mast.faults().noFfisNext(1);
        double[] p = position(n -> n >= 1);

        CutoutResult result = client(RequestPermits.NONE).tesscut(p[0], p[1], CutoutSize.parse("5"), null, sink(dir));

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(files(dir)).hasSize(expectedSectors(p[0], p[1]).size());
    }

    /**
     * Three requests at once against a service admitting one at a time: the others get 503 with
     * {@code Retry-After: 1}, wait and succeed.
     */
    @Test
    void a503OverTheServiceLimitsIsRetriedAfterItsRetryAfter() throws Exception {
        emulator(MastEmulator.builder().cutoutLimits(1, 100).cutoutServiceTime(Duration.ofMillis(300)));
        double[] p = position(n -> n >= 1);

        List<CutoutResult> results = concurrently(
                3,
                i -> client(RequestPermits.NONE)
                        .tesscut(
                                p[0],
                                p[1],
                                CutoutSize.parse("5"),
                                null,
                                sink(Files.createDirectory(dir.resolve("t" + i)))));

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(CutoutResult.Files.class));
        List<RequestLog.Entry> log = mast.requestLog().entries();
        assertThat(log.stream().filter(e -> e.status() == 503).count()).isGreaterThanOrEqualTo(1);
        assertThat(log.stream().filter(e -> e.status() == 200).count()).isEqualTo(3);
    }

    /** The same three requests through the job-wide limiter set to the service's limit: MAST refuses none. */
    @Test
    void theLimiterKeepsToTheServiceLimits() throws Exception {
        emulator(MastEmulator.builder().cutoutLimits(1, 100).cutoutServiceTime(Duration.ofMillis(300)));
        double[] p = position(n -> n >= 1);
        try (JobLimiter limiter = JobLimiter.builder()
                .limit(CutoutClient.TESSCUT, new ServiceLimits(1, 100))
                .start()) {
            List<CutoutResult> results = concurrently(
                    3,
                    i -> client(limiter.handle())
                            .tesscut(
                                    p[0],
                                    p[1],
                                    CutoutSize.parse("5"),
                                    null,
                                    sink(Files.createDirectory(dir.resolve("t" + i)))));

            assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(CutoutResult.Files.class));
        }
        assertThat(mast.requestLog().entries().stream().map(RequestLog.Entry::status))
                .containsExactly(200, 200, 200);
    }

    @Test
    void aGatewayTimeoutIsRetried() throws IOException {
        emulator(MastEmulator.builder());
        mast.faults().gatewayTimeoutNext(1);
        double[] p = position(n -> n >= 1);

        CutoutResult result = client(RequestPermits.NONE).tesscut(p[0], p[1], CutoutSize.parse("5"), null, sink(dir));

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(mast.requestLog().entries().stream().map(RequestLog.Entry::status))
                .containsExactly(504, 200);
    }

    @Test
    void badSizesAreRefusedBeforeSending() {
        emulator(MastEmulator.builder());
        CutoutClient client = client(RequestPermits.NONE);

        assertThatThrownBy(() -> client.tesscut(107.27, -70.0, CutoutSize.parse("120x120"), null, sink(dir)))
                .hasMessage("Invalid value '120x120' for 'size': 14400 pixels is above MAST's limit of 10000 pixels"
                        + " per TESScut cutout; use a smaller size (at most 10000 pixels, e.g. '100x100')");
        assertThatThrownBy(
                        () -> client.movingTargetTesscut("Eleonora", null, CutoutSize.parse("1deg"), null, sink(dir)))
                .hasMessageStartingWith("Invalid value '1deg' for 'size': 29584 pixels at 21 arcsec per pixel");
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    @Test
    void zcutSurveysAndFitsNamedFromTheirHeaders() throws Exception {
        emulator(MastEmulator.builder());
        CutoutClient client = client(RequestPermits.NONE);
        // GOODS-N, the position of astroquery's Zcut tests
        double ra = 189.49206;
        double dec = 62.20615;
        List<String> surveys = client.surveys(ra, dec, 0);
        assertThat(surveys).isNotEmpty();
        String survey = surveys.get(0);

        CutoutResult.Files files =
                (CutoutResult.Files) client.zcut(ra, dec, CutoutSize.parse("20x10"), survey, "fits", sink(dir));

        String name = survey + "_189.492060_62.206150_20x10_astrocut.fits";
        assertThat(files.members().stream().map(CutoutMember::fileName)).containsExactly(name);
        try (Fits f = new Fits(dir.resolve(name).toFile())) {
            assertThat(f.getHDU(0).getHeader().getDoubleValue("RA_OBJ")).isEqualTo(ra);
            assertThat(f.getHDU(1).getHeader().getIntValue("NAXIS1")).isEqualTo(10);
            assertThat(f.getHDU(1).getHeader().getIntValue("NAXIS2")).isEqualTo(20);
        }
        assertThatThrownBy(() -> client.zcut(ra, dec, CutoutSize.parse("20"), "hudf", "fits", sink(dir)))
                .hasMessage("Invalid value 'hudf' for 'survey': Zcut has no such survey at 189.49206, 62.20615; the"
                        + " surveys there are " + String.join(", ", surveys));
    }

    @Test
    void hapcutFilesAreNamedFromTheirHeaders() throws Exception {
        emulator(MastEmulator.builder());

        CutoutResult result =
                client(RequestPermits.NONE).hapcut(351.347812, 28.497808, CutoutSize.parse("5"), sink(dir));

        List<CutoutMember> members = ((CutoutResult.Files) result).members();
        assertThat(members).isNotEmpty();
        for (CutoutMember m : members) {
            try (Fits f = new Fits(dir.resolve(m.fileName()).toFile())) {
                Header h = f.getHDU(0).getHeader();
                assertThat(m.fileName())
                        .startsWith("hapcut_HST_" + h.getStringValue("INSTRUME") + "_" + h.getStringValue("DETECTOR")
                                + "_" + h.getStringValue("FILTER") + "_351.347812_28.497808_");
            }
        }
        assertThat(mast.requestLog().entries().get(0).query())
                .isEqualTo("ra=351.347812&dec=28.497808&x=5&y=5&units=px");
    }

    private interface Call {
        CutoutResult run(int i) throws Exception;
    }

    private static List<CutoutResult> concurrently(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<CutoutResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> call.run(k)));
            }
            List<CutoutResult> out = Collections.synchronizedList(new ArrayList<>());
            for (Future<CutoutResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
