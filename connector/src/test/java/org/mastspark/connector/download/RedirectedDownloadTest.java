package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;

/**
 * The downloader follows redirects as reads do: a same-host redirect keeps the token (exclusive-access
 * files still download), a redirect to another host drops it (that host never sees the token).
 */
class RedirectedDownloadTest {
    private static final String TOKEN = "redirected-download-token-2718";
    private static MastEmulator mast;
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(11).scale(0.01).build();
        mast.addToken(TOKEN, "alice");
        spark = SparkTestSession.get();
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

    private List<Row> download(List<Map<String, Object>> products) {
        return MastDownloader.builder()
                .option("baseUrl", mast.baseUrl())
                .option("token", TOKEN)
                .option("retryBackoffMillis", "5")
                .option("progressIntervalSeconds", "0")
                .build()
                .download(TestProducts.frame(spark, products), dir.toUri().toString())
                .collectAsList();
    }

    private void assertByteIdentical(List<Map<String, Object>> products) throws Exception {
        for (Map<String, Object> p : products) {
            assertThat(Files.readAllBytes(TestProducts.localPath(dir, p)))
                    .as("bytes of %s", p.get("dataURI"))
                    .isEqualTo(TestProducts.bytes(mast, (String) p.get("dataURI")));
        }
    }

    /** "status path withToken" of each request. */
    private static List<String> requests(MastEmulator emulator) {
        List<String> out = new ArrayList<>();
        emulator.requestLog().entries().forEach(e -> out.add(e.status() + " " + e.path() + " " + e.withToken()));
        return out;
    }

    @Test
    void aSameHostRedirectIsFollowedWithTheToken() throws Exception {
        List<Map<String, Object>> products = new ArrayList<>(TestProducts.pickPublic(mast, 2, 100_000));
        products.addAll(TestProducts.pick(mast, 2, 100_000, p -> "EXCLUSIVE_ACCESS".equals(p.get("dataRights"))));
        mast.faults().pathPrefix("/api/v0.1/Download").redirectTo(mast.baseUrl() + MastEmulator.MOVED_PREFIX);

        List<Row> manifest = download(products);
        assertThat(manifest)
                .hasSize(4)
                .allSatisfy(
                        r -> assertThat(r.<String>getAs("status")).as("%s", r).isEqualTo("COMPLETE"));
        assertByteIdentical(products);
        assertThat(requests(mast))
                .hasSize(8)
                .containsOnly("302 /api/v0.1/Download/file true", "200 /api/v0.1/Download/file true");
    }

    @Test
    void aRedirectToAnotherHostIsFollowedWithoutTheToken() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 3, 100_000);
        List<Map<String, Object>> exclusive =
                TestProducts.pick(mast, 1, 100_000, p -> "EXCLUSIVE_ACCESS".equals(p.get("dataRights")));
        try (MastEmulator other = MastEmulator.builder().seed(11).scale(0.01).build()) {
            other.addToken(TOKEN, "alice");
            mast.faults().pathPrefix("/api/v0.1/Download").redirectTo(other.baseUrl());

            List<Row> manifest = download(products);
            assertThat(manifest)
                    .hasSize(3)
                    .allSatisfy(r ->
                            assertThat(r.<String>getAs("status")).as("%s", r).isEqualTo("COMPLETE"));
            assertByteIdentical(products);
            assertThat(requests(mast)).hasSize(3).containsOnly("302 /api/v0.1/Download/file true");
            assertThat(requests(other)).hasSize(3).containsOnly("200 /api/v0.1/Download/file false");

            // The other host would need the token for this file, and still does not get it.
            other.requestLog().clear();
            List<Row> refused = download(exclusive);
            assertThat(refused).singleElement().satisfies(r -> {
                assertThat(r.<String>getAs("status")).isEqualTo("ERROR");
                assertThat(r.<String>getAs("message")).contains("HTTP 401");
            });
            assertThat(requests(other)).containsOnly("401 /api/v0.1/Download/file false");
        }
    }
}
