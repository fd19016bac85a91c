package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.download.DownloadClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.RateLimiter;
import org.mastspark.connector.testing.LogCapture;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;
import org.mastspark.emulator.sky.ProductFile;

/**
 * Where the MAST token goes and where it must never go (logs at any level, hosts other than MAST's), and
 * what a read timeout says, through Spark reads against the emulator.
 */
class TokenAndTransportTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.05).build();
        SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clean() {
        mast.faults().reset();
        mast.requestLog().clear();
    }

    private static List<Row> observationsNearM101(String baseUrl, String... options) {
        String[] all = new String[options.length + 4];
        all[0] = "target";
        all[1] = "M101";
        all[2] = "radius";
        all[3] = "0.05deg";
        System.arraycopy(options, 0, all, 4, options.length);
        return SparkTestSession.mastReader(baseUrl, all)
                .load("observations")
                .select("obsid")
                .collectAsList();
    }

    /** The first exclusive-access product of the synthetic sky with at most 200,000 bytes. */
    private static Map<String, Object> exclusiveProduct() {
        for (long i = 0; i < mast.sky().observationCount(); i++) {
            for (Map<String, Object> p : mast.sky().productsOf(100_000_000L + i)) {
                if ("EXCLUSIVE_ACCESS".equals(p.get("dataRights")) && ((Number) p.get("size")).longValue() <= 200_000) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no exclusive-access product");
    }

    private static byte[] bytes(String uri) throws Exception {
        ProductFile f = mast.sky().product(uri).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(0, f.size(), out);
        return out.toByteArray();
    }

    /** Each distinct "path withToken" of a request log. */
    private static Set<String> pathsAndTokens(MastEmulator emulator) {
        TreeSet<String> out = new TreeSet<>();
        for (RequestLog.Entry e : emulator.requestLog().entries()) {
            out.add(e.path() + " " + e.withToken());
        }
        return out;
    }

    @Test
    void theTokenIsInNoLogLineAtAnyLevel() throws Exception {
        String secret = "l0g-s3cr3t-mast-token-9f8e7d";
        mast.addToken(secret, "alice");
        Map<String, Object> product = exclusiveProduct();
        String uri = (String) product.get("dataURI");
        List<Row> rows;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (LogCapture logs = new LogCapture(
                List.of(secret), List.of("org.apache.hc", "org.apache.hc.client5.http.headers"), "Cookie:")) {
            // a read with a name resolution, then a download that needs the token
            rows = observationsNearM101(mast.baseUrl(), "token", secret);
            DownloadClient.Transfer t = new DownloadClient(
                            MastClientConfig.builder()
                                    .baseUrl(mast.baseUrl())
                                    .token(secret)
                                    .build(),
                            RateLimiter.perSecond(0))
                    .fetch(uri, restart -> file, new ClientMetrics());
            assertThat(t.bytes()).isEqualTo(((Number) product.get("size")).longValue());
            logs.close();

            assertThat(logs.hits()).isEmpty();
            // HttpClient logged at TRACE (so the check above saw its output), headers included, the
            // cookie's value redacted
            assertThat(logs.count("org.apache.hc")).isGreaterThan(100);
            assertThat(logs.count("org.apache.hc.client5.http.headers")).isGreaterThan(10);
            assertThat(logs.samples())
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s).endsWith(" >> Cookie: mast_token=<redacted>"));
        }
        assertThat(rows).isNotEmpty();
        assertThat(file.toByteArray()).isEqualTo(bytes(uri));
        assertThat(pathsAndTokens(mast))
                .containsExactly("/Santa-war/query false", "/api/v0.1/Download/file true", "/api/v0/invoke true");
    }

    @Test
    void theTokenGoesNeitherToTheResolverNorToTheCatalogsApi() {
        String secret = "host-bound-token-31415";
        try (MastEmulator other = MastEmulator.builder().seed(42).scale(0.05).build()) {
            List<Row> rows = observationsNearM101(mast.baseUrl(), "token", secret, "resolverUrl", other.baseUrl());
            assertThat(rows).isNotEmpty();
            assertThat(pathsAndTokens(other)).containsExactly("/Santa-war/query false");
            assertThat(pathsAndTokens(mast)).containsExactly("/api/v0/invoke true");

            other.requestLog().clear();
            long n = SparkTestSession.mastReader(
                            mast.baseUrl(),
                            "token",
                            secret,
                            "catalogsUrl",
                            other.baseUrl(),
                            "coordinates",
                            "150.1 2.2",
                            "radius",
                            "0.02deg")
                    .load("catalogs/panstarrs/dr2/mean")
                    .collectAsList()
                    .size();
            assertThat(n).isPositive();
            assertThat(pathsAndTokens(other))
                    .containsExactly(
                            "/api/v0.1/panstarrs/dr2/mean.json false",
                            "/api/v0.1/panstarrs/dr2/mean/metadata.json false");
        }
        // On MAST's own host too, SANTA and the catalogs API get no token: they do not need one.
        mast.requestLog().clear();
        assertThat(observationsNearM101(mast.baseUrl(), "token", secret)).isNotEmpty();
        SparkTestSession.mastReader(mast.baseUrl(), "token", secret, "coordinates", "150.1 2.2", "radius", "0.02deg")
                .load("catalogs/panstarrs/dr2/mean")
                .collectAsList();
        assertThat(pathsAndTokens(mast))
                .containsExactly(
                        "/Santa-war/query false",
                        "/api/v0.1/panstarrs/dr2/mean.json false",
                        "/api/v0.1/panstarrs/dr2/mean/metadata.json false",
                        "/api/v0/invoke true");
    }

    /**
     * On an emulator of its own: the slowed requests it abandons are answered, and logged, seconds later, when
     * another test may be counting the shared emulator's requests.
     */
    @Test
    void aReadTimeoutNamesTheOptionItsValueAndTheFix() {
        try (MastEmulator slow = MastEmulator.builder().seed(42).scale(0.05).build()) {
            slow.faults().pathPrefix("/api/v0/invoke").latencyMillis(3000);
            assertThatThrownBy(() -> SparkTestSession.mastReader(
                                    slow.baseUrl(),
                                    "coordinates",
                                    "210.8024 54.3488",
                                    "radius",
                                    "0.05deg",
                                    "readTimeoutSeconds",
                                    "1",
                                    "maxAttempts",
                                    "2")
                            .load("observations")
                            .collectAsList())
                    .hasMessageContaining("failed after 2 attempts: SocketTimeoutException: Read timed out: MAST sent"
                            + " nothing for 1 s; raise option 'readTimeoutSeconds' (now 1)");
        }
    }
}
