package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The emulator's copy of s3://stpubdata as a plain anonymous S3 client sees it (path-style GET/HEAD), and
 * path_lookup's answers against what the bucket holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudBucketTest {
    private MastEmulator mast;
    private long publicHst;
    private long exclusiveHst;
    private long publicSwift;

    @BeforeAll
    void start() {
        long t0 = System.nanoTime();
        mast = MastEmulator.builder().seed(9).scale(0.01).cloud(true).build();
        System.out.printf("emulator with cloud bucket started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        publicHst = observation("HST", false);
        exclusiveHst = observation("HST", true);
        publicSwift = observation("SWIFT", false);
    }

    @AfterAll
    void stop() {
        mast.close();
    }

    private long observation(String collection, boolean exclusive) {
        for (long i = 0; i < mast.sky().observationCount(); i++) {
            Map<String, Object> o = mast.sky().observation(i);
            if (collection.equals(o.get("obs_collection"))
                    && exclusive == "EXCLUSIVE_ACCESS".equals(o.get("dataRights"))) {
                return Long.parseLong(o.get("obsid").toString());
            }
        }
        throw new IllegalStateException("no " + collection + " observation");
    }

    private List<String> uris(long obsid) {
        return mast.sky().productsOf(obsid).stream()
                .map(p -> (String) p.get("dataURI"))
                .toList();
    }

    private byte[] download(String uri) throws Exception {
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + "/api/v0.1/Download/file?uri=" + Http.quote(uri));
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<byte[]> s3Get(String s3Uri) throws Exception {
        String key = s3Uri.substring(("s3://" + CloudBucket.NAME + "/").length());
        return Http.get(mast.cloud().endpoint() + "/" + CloudBucket.NAME + "/" + key);
    }

    private JsonNode pathLookup(List<String> uris) throws Exception {
        StringBuilder q = new StringBuilder();
        for (String u : uris) {
            q.append(q.length() == 0 ? "?" : "&").append("uri=").append(Http.quote(u));
        }
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + "/api/v0.1/path_lookup/" + q + "&use_cloud_path=True");
        assertThat(r.statusCode()).isEqualTo(200);
        return Http.JSON.readTree(r.body());
    }

    @Test
    void publishedProductsAreServedAnonymouslyWithTheBytesOfDownloadFile() throws Exception {
        Map<String, String> published = mast.publishObservationToCloud(publicHst);
        assertThat(published.keySet()).containsExactlyElementsOf(uris(publicHst));
        for (Map.Entry<String, String> e : published.entrySet()) {
            String file = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            String stem = file.substring(0, file.indexOf('_'));
            assertThat(e.getValue())
                    .isEqualTo("s3://stpubdata/hst/public/" + stem.substring(0, 4) + "/" + stem + "/" + file);
            HttpResponse<byte[]> r = s3Get(e.getValue());
            assertThat(r.statusCode()).as(e.getValue()).isEqualTo(200);
            assertThat(r.body()).as(e.getKey()).isEqualTo(download(e.getKey()));
        }
    }

    @Test
    void pathLookupReportsExactlyThePublishedProducts() throws Exception {
        Map<String, String> published = mast.publishObservationToCloud(publicHst);
        String notPublished = uris(observation("TESS", false)).get(0);
        String exclusive = uris(exclusiveHst).get(0);
        String swift = uris(publicSwift).get(0);
        JsonNode answer = pathLookup(List.of(
                published.keySet().iterator().next(), notPublished, exclusive, swift, "mast:HST/product/nope.fits"));
        String first = published.keySet().iterator().next();
        assertThat(answer.path(first).path("status_code").asInt()).isEqualTo(200);
        assertThat("s3://stpubdata" + answer.path(first).path("path").asText()).isEqualTo(published.get(first));
        for (String absent : List.of(notPublished, exclusive, swift, "mast:HST/product/nope.fits")) {
            assertThat(answer.path(absent).toString()).as(absent).isEqualTo("{\"status_code\":404,\"path\":null}");
        }
        assertThat(answer.size()).isEqualTo(5);
    }

    @Test
    void theRecordedPathLookupAnswerStaysTrueWithABucket() throws Exception {
        JsonNode answer =
                pathLookup(List.of("mast:HST/product/u9o40504m_c3m.fits", "mast:HST/product/does_not_exist.fits"));
        assertThat(answer)
                .isEqualTo(Http.JSON.readTree(
                        Recorded.file("mast_relative_path.json").toString()));
        HttpResponse<byte[]> r = s3Get("s3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(download("mast:HST/product/u9o40504m_c3m.fits"));
    }

    @Test
    void exclusiveAccessAndNonCloudMissionsCannotBePublished() {
        String exclusive = uris(exclusiveHst).get(0);
        assertThatThrownBy(() -> mast.publishToCloud(List.of(exclusive)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("publishToCloud: " + exclusive
                        + " is exclusive-access data, which is never in the public cloud bucket");
        assertThat(mast.publishObservationToCloud(exclusiveHst)).isEmpty();
        String swift = uris(publicSwift).get(0);
        assertThatThrownBy(() -> mast.publishToCloud(List.of(swift)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(swift)
                .hasMessageContaining("[GALEX, HST, JWST, K2, KEPLER, PS1, TESS]");
        assertThatThrownBy(() -> mast.publishToCloud(List.of("mast:HST/product/nope.fits")))
                .hasMessage("publishToCloud: no product mast:HST/product/nope.fits (Download/file answers 404)");
    }

    @Test
    void headGivesTheSizeAndUnknownKeysAre404() throws Exception {
        String uri = uris(publicHst).get(1);
        String s3 = mast.publishToCloud(List.of(uri)).get(uri);
        String url = mast.cloud().endpoint() + "/" + s3.substring("s3://".length());
        HttpResponse<Void> head = Http.head(url);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(download(uri).length);
        assertThat(Http.get(mast.cloud().endpoint() + "/stpubdata/hst/public/none/such.fits")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theBucketRefusesAnonymousWrites() throws Exception {
        HttpResponse<String> r = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.cloud().endpoint() + "/stpubdata/hst/public/x.fits"))
                        .PUT(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(mast.cloud().containsKey("hst/public/x.fits")).isFalse();
    }

    @Test
    void aDeletedObjectKeepsItsPathLikeAStaleIndex() throws Exception {
        long obsid = observation("GALEX", false);
        String uri = uris(obsid).get(0);
        String s3 = mast.publishToCloud(List.of(uri)).get(uri);
        mast.cloud().deleteObject(uri);
        assertThat(s3Get(s3).statusCode()).isEqualTo(404);
        assertThat(pathLookup(List.of(uri)).path(uri).path("status_code").asInt())
                .isEqualTo(200);
        assertThatThrownBy(() -> mast.cloud().deleteObject("mast:HST/product/nope.fits"))
                .hasMessage("deleteObject: mast:HST/product/nope.fits was never published to the cloud bucket");
    }

    @Test
    void aStoppedBucketRefusesConnectionsAndRestartsOnTheSamePortWithItsContent() throws Exception {
        String uri = uris(publicHst).get(0);
        String s3 = mast.publishToCloud(List.of(uri)).get(uri);
        int port = mast.cloud().port();
        mast.cloud().stop();
        try {
            assertThat(mast.cloud().running()).isFalse();
            assertThatThrownBy(() -> s3Get(s3)).isInstanceOf(ConnectException.class);
        } finally {
            mast.cloud().restart();
        }
        assertThat(mast.cloud().port()).isEqualTo(port);
        assertThat(s3Get(s3).body()).isEqualTo(download(uri));
    }

    @Test
    void injected503sAndMidBodyResets() throws Exception {
        String uri = uris(publicHst).get(0);
        String s3 = mast.publishToCloud(List.of(uri)).get(uri);
        try {
            mast.cloud().serviceUnavailableRate(1.0);
            HttpResponse<byte[]> r = s3Get(s3);
            assertThat(r.statusCode()).isEqualTo(503);
            mast.cloud().serviceUnavailableRate(0).resetMidBodyRate(1.0);
            assertThatThrownBy(() -> s3Get(s3)).isInstanceOf(IOException.class);
        } finally {
            mast.cloud().serviceUnavailableRate(0).resetMidBodyRate(0);
        }
        assertThat(s3Get(s3).body()).isEqualTo(download(uri));
        assertThatThrownBy(() -> mast.cloud().resetMidBodyRate(1.5))
                .hasMessage("resetMidBodyRate must be a probability in [0, 1], got 1.5");
    }

    @Test
    void aBucketOnDiskServesTheSameBytes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (MastEmulator disk =
                MastEmulator.builder().seed(9).scale(0.01).cloudDirectory(dir).build()) {
            String uri = uris(publicHst).get(0);
            String s3 = disk.publishToCloud(List.of(uri)).get(uri);
            String key = s3.substring("s3://stpubdata/".length());
            assertThat(java.nio.file.Files.readAllBytes(dir.resolve("stpubdata").resolve(key)))
                    .isEqualTo(download(uri));
            HttpResponse<byte[]> r = Http.get(disk.cloud().endpoint() + "/stpubdata/" + key);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(download(uri));
        }
    }

    @Test
    void withoutACloudBucketCloudSaysHowToGetOne() {
        try (MastEmulator plain = MastEmulator.builder().seed(9).scale(0.01).build()) {
            assertThatThrownBy(plain::cloud)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("This emulator has no cloud bucket: build it with MastEmulator.builder().cloud(true)");
        }
    }
}
