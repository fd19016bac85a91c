package org.mastspark.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
}
