package org.mastspark.connector.client.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.emulator.MastEmulator;

/** Batched SANTA resolution against the emulator. */
class SantaClientTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(2).scale(0.01).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static SantaClient client() {
        return new SantaClient(MastClientConfig.builder()
                .baseUrl(mast.baseUrl())
                .initialBackoff(Duration.ofMillis(1))
                .maxAttempts(20)
                .build());
    }

    @Test
    void sendsAtMost30DistinctNamesPerRequestAndMatchesAnswersByName() {
        List<String> names = new ArrayList<>();
        String[] known = {"M101", "m1", "M103", "Vega", "Sirius", "M31", "M42", "M51", "M13", "M15"};
        for (int i = 0; i < 70; i++) {
            names.add("Galaxy That Is Not " + i);
        }
        for (int rep = 0; rep < 3; rep++) {
            for (String k : known) {
                names.add(rep == 1 ? k.toUpperCase() : k);
            }
        }
        mast.requestLog().clear();
        Map<String, List<SantaClient.Resolution>> got = client().resolve(names, List.of(), false, new ClientMetrics());

        // 80 distinct names -> 3 requests of at most 30.
        var requests = mast.requestLog().entries();
        assertThat(requests).hasSize(3);
        assertThat(requests)
                .allSatisfy(
                        e -> assertThat(e.query().split("&name=").length - 1).isLessThanOrEqualTo(30));
        assertThat(got.keySet())
                .containsExactlyInAnyOrder("m101", "m1", "m103", "vega", "sirius", "m31", "m42", "m51", "m13", "m15");
        assertThat(got.get("m101")).singleElement().satisfies(r -> {
            assertThat(r.resolver()).isEqualTo("SIMBAD");
            assertThat(r.ra()).isEqualTo(210.802429);
            assertThat(r.dec()).isEqualTo(54.34875);
        });
    }

    @Test
    void resolveAllReturnsEveryResolversAnswer() {
        Map<String, List<SantaClient.Resolution>> got =
                client().resolve(List.of("TIC 307210830"), List.of(), true, new ClientMetrics());
        assertThat(got.get("tic 307210830"))
                .extracting(SantaClient.Resolution::resolver)
                .containsExactly("TIC", "SIMBAD", "SIMBADCFA");
    }

    @Test
    void retriesThrough503sWithoutLosingNames() {
        mast.faults().serviceUnavailableRate(0.5).retryAfterSeconds(0);
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                names.addAll(List.of("M101", "M1", "M8", "M10", "Vega", "Barnard's Star"));
            }
            ClientMetrics metrics = new ClientMetrics();
            Map<String, List<SantaClient.Resolution>> got = client().resolve(names, List.of("SIMBAD"), false, metrics);
            assertThat(got).hasSize(6);
            assertThat(metrics.retries()).isEqualTo(mast.requestLog().count(e -> e.status() == 503));
        } finally {
            mast.faults().reset();
        }
    }
    /** The first synthetic TIC star the emulator has, found through the emulator's own answer. */
    private static long someTicId() {
        for (long cell = 100_000; cell < 200_000; cell++) {
            long id = 20_000_000_001L + cell * 100_000L;
            if (mast.sky().ticPosition(Long.toString(id)).isPresent()) {
                return id;
            }
        }
        throw new AssertionError("no synthetic TIC star found");
    }

    @Test
    void aPinnedResolverIsAskedWithTheCatalogResolverOfTicKicAndEpicNames() {
        long tic = someTicId();
        long kic = tic - 20_000_000_000L;
        List<String> names = List.of("TIC " + tic, "M101", "KIC " + kic);
        mast.requestLog().clear();
        var got = client().resolve(names, List.of("SIMBAD"), false, new ClientMetrics());
        assertThat(mast.requestLog().entries())
                .singleElement()
                .satisfies(
                        e -> assertThat(e.query())
                                .startsWith(
                                        "outputFormat=json&resolveAll=False&resolver=SIMBAD&resolver=TIC&resolver=KEPLER&name="));

        // SIMBAD does not know the synthetic stars: the catalog positions are used, with a warning
        SantaClient.Choice star = SantaClient.choose("TIC " + tic, got.get("tic " + tic), "SIMBAD");
        double[] position = mast.sky().ticPosition(Long.toString(tic)).orElseThrow();
        assertThat(star.resolution().resolver()).isEqualTo("TIC");
        assertThat(star.resolution().ra()).isEqualTo(position[0]);
        assertThat(star.resolution().dec()).isEqualTo(position[1]);
        assertThat(star.warning())
                .isEqualTo("SIMBAD does not know 'TIC " + tic + "'; the TIC catalog position is used");
        SantaClient.Choice keplerStar = SantaClient.choose("KIC " + kic, got.get("kic " + kic), "SIMBAD");
        assertThat(keplerStar.resolution().resolver()).isEqualTo("KEPLER");
        assertThat(keplerStar.resolution().ra()).isEqualTo(position[0]);
        // a name SIMBAD knows comes from SIMBAD, without warning
        SantaClient.Choice galaxy = SantaClient.choose("M101", got.get("m101"), "SIMBAD");
        assertThat(galaxy.resolution().resolver()).isEqualTo("SIMBAD");
        assertThat(galaxy.resolution().ra()).isEqualTo(210.802429);
        assertThat(galaxy.warning()).isNull();
        // resolveAll asks no specific resolver
        mast.requestLog().clear();
        client().resolve(names, List.of(), true, new ClientMetrics());
        assertThat(mast.requestLog().entries().get(0).query()).doesNotContain("resolver=");
    }

    @Test
    void aPinnedPositionFarFromTheCatalogsIsUsedWithAWarning() {
        var simbad = new SantaClient.Resolution("TIC 5", "SIMBAD", "HD 1", 10.0, 20.0, "Star");
        var tic = new SantaClient.Resolution("TIC 5", "TIC", "TIC 5", 10.0, 20.0 + 2.5 / 3600, null);
        SantaClient.Choice c = SantaClient.choose("TIC 5", List.of(tic, simbad), "simbad");
        assertThat(c.resolution()).isSameAs(simbad);
        assertThat(c.warning())
                .isEqualTo(
                        "SIMBAD and the TIC catalog disagree on 'TIC 5' by 2.50 arcsec; the SIMBAD position is used");
        var close = new SantaClient.Resolution("TIC 5", "TIC", "TIC 5", 10.0, 20.0 + 0.5 / 3600, null);
        assertThat(SantaClient.choose("TIC 5", List.of(close, simbad), "SIMBAD").warning())
                .isNull();
        // without a pinned resolver SANTA's first answer wins; nothing found gives null
        assertThat(SantaClient.choose("TIC 5", List.of(tic, simbad), null).resolution())
                .isSameAs(tic);
        assertThat(SantaClient.choose("TIC 5", List.of(simbad), "NED")).isNull();
        assertThat(SantaClient.choose("TIC 5", null, null)).isNull();
    }
}
