package org.mastspark.connector.client.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.RateLimiter;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/** path_lookup in batches of 40 against the emulator. */
class PathLookupClientTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(3).scale(0.01).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @Test
    void asksAtMost40UrisPerRequestEachOnceAndKeepsOnlyCloudPaths() throws Exception {
        List<String> uris = new ArrayList<>();
        uris.add("mast:HST/product/u9o40504m_c3m.fits");
        uris.add("mast:HST/product/does_not_exist.fits");
        List<String> cloudCollections = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (long i = 0; uris.size() < 95; i++) {
            for (Map<String, Object> p : mast.sky().productsOf(100_000_000L + i)) {
                if (uris.size() < 95) {
                    String u = (String) p.get("dataURI");
                    uris.add(u);
                    String c = (String) p.get("obs_collection");
                    (List.of("HST", "TESS", "GALEX", "KEPLER", "K2", "PS1", "JWST")
                                            .contains(c)
                                    ? cloudCollections
                                    : elsewhere)
                            .add(u);
                }
            }
        }
        List<String> withDuplicates = new ArrayList<>(uris);
        withDuplicates.addAll(uris.subList(0, 7));
        mast.requestLog().clear();
        PathLookupClient client = new PathLookupClient(
                MastClientConfig.builder()
                        .baseUrl(mast.baseUrl())
                        .initialBackoff(Duration.ofMillis(1))
                        .build(),
                RateLimiter.perSecond(0));

        Map<String, String> paths = client.lookup(withDuplicates, new ClientMetrics());

        Thread.sleep(200); // the emulator logs just after answering
        List<RequestLog.Entry> requests = mast.requestLog().entries().stream()
                .filter(e -> e.path().startsWith("/api/v0.1/path_lookup"))
                .toList();
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(e -> e.request().split(",").length).toList())
                .containsExactly(40, 40, 15);
        List<String> asked = new ArrayList<>();
        requests.forEach(e -> asked.addAll(List.of(e.request().split(","))));
        assertThat(asked).containsExactlyElementsOf(uris);
        assertThat(requests).allMatch(e -> e.query().endsWith("&use_cloud_path=True"));

        // The recorded MAST answer: one in the cloud, one 404.
        assertThat(paths)
                .containsEntry("mast:HST/product/u9o40504m_c3m.fits", "/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits");
        assertThat(paths).doesNotContainKey("mast:HST/product/does_not_exist.fits");
        assertThat(cloudCollections).isNotEmpty();
        assertThat(elsewhere).isNotEmpty();
        for (String u : cloudCollections) {
            String collection = u.substring(5, u.indexOf('/')).toLowerCase(Locale.ROOT);
            // MAST keeps Pan-STARRS under panstarrs/ps1/, every other mission under <mission>/public/
            String root = collection.equals("ps1") ? "/panstarrs/ps1/public/" : "/" + collection + "/public/";
            assertThat(paths.get(u)).startsWith(root).endsWith(u.substring(u.lastIndexOf('/')));
        }
        assertThat(paths.keySet()).doesNotContainAnyElementsOf(elsewhere);
        assertThat(paths).hasSize(1 + cloudCollections.size());
    }
}
