package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.sky.ProductFile;

/** Download endpoints, whoami, and the injected faults as a client sees them. */
class DownloadsAndFaultsTest {
    private MastEmulator mast;

    @BeforeEach
    void start() {
        mast = MastEmulator.builder().seed(9).scale(0.01).build();
    }

    @AfterEach
    void stop() {
        mast.close();
    }

    private String fileUrl(String uri) {
        return mast.baseUrl() + "/api/v0.1/Download/file?uri=" + uri;
    }

    private Map<String, Object> largeProduct(long minSize) {
        for (long i = 0; i < mast.sky().observationCount(); i++) {
            for (Map<String, Object> p : mast.sky().productsOf(100_000_000L + i)) {
                if (((Number) p.get("size")).longValue() >= minSize && "PUBLIC".equals(p.get("dataRights"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no product of " + minSize + " bytes");
    }

    private Map<String, Object> product(String extension, boolean exclusive) {
        for (long i = 0; i < mast.sky().observationCount(); i++) {
            Map<String, Object> o = mast.sky().observation(i);
            if (exclusive == "EXCLUSIVE_ACCESS".equals(o.get("dataRights"))) {
                for (Map<String, Object> p :
                        mast.sky().productsOf(Long.parseLong(o.get("obsid").toString()))) {
                    if (p.get("productFilename").toString().endsWith(extension)) {
                        return p;
                    }
                }
            }
        }
        throw new IllegalStateException("no such product");
    }

    private static byte[] bytesOf(ProductFile f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(0, f.size(), out);
        return out.toByteArray();
    }

    @Test
    void headAndGetServeTheWholeFileWithItsLength() throws Exception {
        Map<String, Object> p = product(".fits", false);
        String uri = (String) p.get("dataURI");
        HttpResponse<Void> head = Http.head(fileUrl(uri));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length"))
                .hasValue(p.get("size").toString());
        assertThat(head.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        HttpResponse<byte[]> get = Http.get(fileUrl(uri));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(bytesOf(mast.sky().product(uri).orElseThrow()));
    }

    @Test
    void rangesAnswer206AndConcatenateToTheFile() throws Exception {
        String uri = (String) product(".fits", false).get("dataURI");
        byte[] whole = bytesOf(mast.sky().product(uri).orElseThrow());
        HttpResponse<byte[]> first = Http.get(fileUrl(uri), "Range", "bytes=0-999");
        HttpResponse<byte[]> rest = Http.get(fileUrl(uri), "Range", "bytes=1000-");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-999/" + whole.length);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(first.body());
        joined.write(rest.body());
        assertThat(joined.toByteArray()).isEqualTo(whole);
        assertThat(Http.get(fileUrl(uri), "Range", "bytes=" + whole.length + "-")
                        .statusCode())
                .isEqualTo(416);
    }

    @Test
    void recordedProductsDownloadWithTheirRecordedSize() throws Exception {
        HttpResponse<byte[]> r = Http.get(fileUrl("mast:HST/product/u9o40504m_c3m.fits"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(207360);
        assertThat(new String(r.body(), 0, 30)).isEqualTo("SIMPLE  =                    T");
    }

    @Test
    void exclusiveAccessFilesNeedAValidToken() throws Exception {
        String uri = (String) product(".fits", true).get("dataURI");
        assertThat(Http.get(fileUrl(uri)).statusCode()).isEqualTo(401);
        assertThat(Http.get(fileUrl(uri), "Cookie", "mast_token=wrong").statusCode())
                .isEqualTo(401);
        mast.addToken("good-token", "alice");
        assertThat(Http.get(fileUrl(uri), "Cookie", "mast_token=good-token").statusCode())
                .isEqualTo(200);
        assertThat(mast.requestLog().entries()).noneMatch(e -> e.toString().contains("good-token"));
    }

    @Test
    void theRequestLogSaysWhetherATokenCameButNeverKeepsIt() throws Exception {
        Http.get(mast.baseUrl() + "/whoami");
        Http.get(mast.baseUrl() + "/whoami", "Cookie", "other=1; mast_token=log-me-not");
        assertThat(mast.requestLog().entries())
                .extracting(RequestLog.Entry::withToken)
                .containsExactly(false, true);
        assertThat(mast.requestLog().entries().toString()).doesNotContain("log-me-not");
    }

    @Test
    void theRedirectFaultSends302ToTheSamePathAndQueryElsewhere() throws Exception {
        String uri = (String) product(".fits", false).get("dataURI");
        byte[] whole = bytesOf(mast.sky().product(uri).orElseThrow());
        try (MastEmulator other = MastEmulator.builder().seed(9).scale(0.01).build()) {
            mast.faults().pathPrefix("/api/v0.1/Download").redirectTo(other.baseUrl() + "/");
            HttpResponse<byte[]> moved = Http.get(fileUrl(uri));
            assertThat(moved.statusCode()).isEqualTo(302);
            assertThat(moved.headers().firstValue("Location"))
                    .hasValue(other.baseUrl() + "/api/v0.1/Download/file?uri=" + uri);
            assertThat(moved.body()).isEmpty();
            // other paths are not redirected
            assertThat(Http.get(mast.baseUrl() + "/whoami").statusCode()).isEqualTo(200);
            assertThat(Http.get(moved.headers().firstValue("Location").orElseThrow())
                            .body())
                    .isEqualTo(whole);
        }
        // A same-host redirect: the emulator answers under MOVED_PREFIX as at the path itself, never moving it again.
        mast.faults().pathPrefix("/").redirectTo(mast.baseUrl() + MastEmulator.MOVED_PREFIX);
        HttpResponse<byte[]> moved = Http.get(fileUrl(uri), "Range", "bytes=0-9");
        String location = moved.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(mast.baseUrl() + "/emulator/moved/api/v0.1/Download/file?uri=" + uri);
        HttpResponse<byte[]> there = Http.get(location, "Range", "bytes=0-9");
        assertThat(there.statusCode()).isEqualTo(206);
        assertThat(there.body()).isEqualTo(java.util.Arrays.copyOf(whole, 10));
        assertThat(mast.requestLog().entries())
                .extracting(e -> e.status() + " " + e.path())
                .endsWith("302 /api/v0.1/Download/file", "206 /api/v0.1/Download/file");
        mast.faults().reset();
        assertThat(Http.get(fileUrl(uri)).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownFilesAre404() throws Exception {
        assertThat(Http.get(fileUrl("mast:HST/product/nothing_here.fits")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void whoamiIsAnonymousWithoutAValidToken() throws Exception {
        JsonNode anon = Http.JSON.readTree(Http.get(mast.baseUrl() + "/whoami").body());
        assertThat(anon.path("ezid").asText()).isEqualTo("anonymous");
        assertThat(anon.path("anon").asBoolean()).isTrue();
        assertThat(anon.path("token").isNull()).isTrue();
        mast.addToken("t0k", "alice");
        JsonNode alice = Http.JSON.readTree(
                Http.get(mast.baseUrl() + "/whoami", "Cookie", "mast_token=t0k").body());
        assertThat(alice.path("ezid").asText()).isEqualTo("alice");
        assertThat(alice.path("anon").asBoolean()).isFalse();
        assertThat(alice.path("scopes").toString()).contains("mast:exclusive_access");
    }

    @Test
    void bundleScriptNamesEveryUri() throws Exception {
        HttpResponse<String> r = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/api/v0.1/Download/bundle.sh"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "uri=mast%3AHST%2Fproduct%2Fa.fits&uri=mast%3AHST%2Fproduct%2Fb.fits"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body())
                .startsWith("#!/bin/bash")
                .contains("uri=mast:HST/product/a.fits")
                .contains("uri=mast:HST/product/b.fits");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).matches(".*mastDownload_\\d{14}\\.sh.*");
    }

    @Test
    void pathLookupRefusesMoreThan40Uris() throws Exception {
        StringBuilder q = new StringBuilder("?uri=a");
        for (int i = 0; i < 40; i++) {
            q.append("&uri=x").append(i);
        }
        assertThat(Http.get(mast.baseUrl() + "/api/v0.1/path_lookup/" + q).statusCode())
                .isEqualTo(414);
    }

    @Test
    void injected503sCarryRetryAfter() throws Exception {
        mast.faults().serviceUnavailableRate(1.0).retryAfterSeconds(7);
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + "/whoami");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void injected429sCarryRetryAfterAndFaultsCanBeScopedByPath() throws Exception {
        mast.faults().tooManyRequestsRate(1.0).retryAfterSeconds(2).pathPrefix("/api/v0.1/Download");
        assertThat(Http.get(mast.baseUrl() + "/whoami").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> r = Http.get(fileUrl("mast:HST/product/u9o40504m_c3m.fits"));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void aResetMidBodyFailsTheClientsRead() {
        mast.faults().resetMidBodyRate(1.0);
        assertThatThrownBy(() -> Http.get(fileUrl("mast:HST/product/u9o40504m_c3m.fits")))
                .isInstanceOf(IOException.class);
        assertThat(mast.requestLog().entries()).anyMatch(e -> e.status() == 0 && e.rows() == -1);
    }

    @Test
    void truncatedJsonEndsTheBodyEarlyInAnOtherwiseNormalExchange() throws Exception {
        mast.faults().truncatedJsonRate(1.0);
        HttpResponse<String> r = Http.invoke(
                mast.baseUrl(),
                Http.request("Mast.Caom.Filtered", "{\"columns\": \"*\", \"filters\": []}", 5000, 1, "t"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Http.JSON.readTree(r.body())).isInstanceOf(IOException.class);
    }

    @Test
    void theBandwidthCapSlowsATransferToAtMostTheCap() throws Exception {
        mast.faults().bandwidthBytesPerSecond(400_000);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = Http.get(fileUrl("mast:HST/product/u9o40504m_c3m.fits"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.body()).hasSize(207360);
        // A lower bound only: the cap can make a transfer slower, never faster.
        assertThat(207360 / seconds).isLessThanOrEqualTo(400_000 * 1.05);
    }

    @Test
    void requestsBeyondTheConcurrencyCapGet503() throws Exception {
        mast.faults().maxConcurrentRequests(2).latencyMillis(300);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> Http.get(mast.baseUrl() + "/whoami").statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : calls) {
                codes.add(f.get());
            }
            assertThat(codes).contains(503).contains(200);
            assertThat(codes.stream().filter(c -> c == 200).count()).isLessThanOrEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a client receives before the body ends: the bytes, and whether it ended by a dropped connection. */
    private record Received(byte[] bytes, boolean dropped) {}

    private static Received receive(String url, String postForm) throws IOException {
        java.net.HttpURLConnection c =
                (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
        if (postForm != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.getOutputStream().write(postForm.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean dropped = false;
        try (java.io.InputStream in = c.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (IOException e) {
            dropped = true;
        } finally {
            c.disconnect();
        }
        // A body of known length may just end early (no exception): short of its length is dropped too.
        long length = c.getContentLengthLong();
        return new Received(got.toByteArray(), dropped || (length >= 0 && got.size() < length));
    }

    private String pageForm(int pagesize) {
        return "request="
                + java.net.URLEncoder.encode(
                        Http.request("Mast.Caom.Filtered", "{\"columns\": \"*\", \"filters\": []}", pagesize, 1, "t"),
                        java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aResetAtAChosenByteCutsADownloadAndAPortalPageExactlyThere() throws Exception {
        Map<String, Object> p = largeProduct(100_000);
        String uri = (String) p.get("dataURI");
        byte[] file = bytesOf(mast.sky().product(uri).orElseThrow());
        byte[] page = receive(mast.baseUrl() + "/api/v0/invoke", pageForm(2000)).bytes();
        assertThat(file.length).isGreaterThan(30_001);
        assertThat(page.length).isGreaterThan(30_001);

        mast.faults().resetMidBodyRate(1.0).resetAtByte(30_001);
        Received cutFile = receive(fileUrl(uri), null);
        Received cutPage = receive(mast.baseUrl() + "/api/v0/invoke", pageForm(2000));

        assertThat(cutFile.dropped()).isTrue();
        assertThat(cutFile.bytes()).isEqualTo(java.util.Arrays.copyOf(file, 30_001));
        assertThat(cutPage.dropped()).isTrue();
        assertThat(cutPage.bytes()).isEqualTo(java.util.Arrays.copyOf(page, 30_001));
        assertThat(mast.faults().injectedResets()).containsExactly(30_001L, 30_001L);
        // A range that ends before the offset is served whole.
        HttpResponse<byte[]> range = Http.get(fileUrl(uri), "Range", "bytes=0-999");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOf(file, 1000));
    }

    @Test
    void aResetLimitLetsTheRetryThrough() throws Exception {
        Map<String, Object> p = largeProduct(100_000);
        String uri = (String) p.get("dataURI");
        byte[] file = bytesOf(mast.sky().product(uri).orElseThrow());
        mast.faults().resetMidBodyRate(1.0).resetAtByte(5000).resetLimit(1);

        assertThat(receive(fileUrl(uri), null).dropped()).isTrue();
        Received second = receive(fileUrl(uri), null);
        assertThat(second.dropped()).isFalse();
        assertThat(second.bytes()).isEqualTo(file);
        assertThat(mast.faults().injectedResets()).containsExactly(5000L);
    }

    @Test
    void resetsAnywhereSpanTheWholeAnswerAndFollowTheSeed() throws Exception {
        Map<String, Object> p = largeProduct(100_000);
        String uri = (String) p.get("dataURI");
        byte[] file = bytesOf(mast.sky().product(uri).orElseThrow());
        byte[] page = receive(mast.baseUrl() + "/api/v0/invoke", pageForm(2000)).bytes();
        List<List<Long>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (MastEmulator m = MastEmulator.builder().seed(9).scale(0.01).build()) {
                m.faults().resetMidBodyRate(1.0).resetAnywhere(true);
                for (int i = 0; i < 20; i++) {
                    Received r = receive(m.baseUrl() + "/api/v0.1/Download/file?uri=" + uri, null);
                    assertThat(r.dropped()).isTrue();
                    assertThat(r.bytes()).isEqualTo(java.util.Arrays.copyOf(file, r.bytes().length));
                }
                Received cutPage = receive(m.baseUrl() + "/api/v0/invoke", pageForm(2000));
                assertThat(cutPage.dropped()).isTrue();
                assertThat(cutPage.bytes()).isEqualTo(java.util.Arrays.copyOf(page, cutPage.bytes().length));
                runs.add(m.faults().injectedResets());
            }
        }
        List<Long> offsets = runs.get(0);
        assertThat(runs.get(1)).isEqualTo(offsets);
        assertThat(offsets).hasSize(21);
        List<Long> downloads = offsets.subList(0, 20);
        assertThat(downloads).allSatisfy(o -> assertThat(o).isBetween(1L, (long) file.length - 1));
        // Spread over the whole body, not bunched at its start (20 uniform draws: all in one half has p < 2e-6).
        assertThat(downloads).anySatisfy(o -> assertThat(o).isLessThan(file.length / 2L));
        assertThat(downloads).anySatisfy(o -> assertThat(o).isGreaterThan(file.length / 2L));
        assertThat(offsets.get(20)).isBetween(1L, (long) page.length - 1);
    }
}
