package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializerInstance;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.RoundTrip;
import org.mastspark.emulator.MastEmulator;

/**
 * The downloader in a session whose data serializer is Kryo (registration not required, as users run it):
 * its planned files travel to the executors in a parallelized collection and its manifest rows come back as
 * task results, both through Kryo.
 */
class DownloadKryoTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(7).scale(0.05).build();
        spark = SparkTestSession.kryo();
    }

    @AfterAll
    static void stop() {
        SparkTestSession.endKryo();
        mast.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void downloadsEveryFileByteIdenticalUnderKryo() throws Exception {
        List<Map<String, Object>> products = TestProducts.pickPublic(mast, 12, 60_000);

        List<Row> manifest = MastDownloader.builder()
                .option("baseUrl", mast.baseUrl())
                .option("retryBackoffMillis", "5")
                .option("progressIntervalSeconds", "0")
                .option("partitions", "3")
                .build()
                .download(TestProducts.frame(spark, products), dir.toUri().toString())
                .collectAsList();

        assertThat(manifest.stream().map(r -> r.<String>getAs("dataURI")).toList())
                .containsExactlyElementsOf(
                        products.stream().map(p -> (String) p.get("dataURI")).toList());
        for (int i = 0; i < products.size(); i++) {
            Map<String, Object> p = products.get(i);
            Row r = manifest.get(i);
            byte[] expected = TestProducts.bytes(mast, (String) p.get("dataURI"));
            assertThat(r.<String>getAs("status")).as(r.toString()).isEqualTo("COMPLETE");
            assertThat(r.<Long>getAs("bytes")).isEqualTo(expected.length);
            assertThat(r.<String>getAs("sha256")).isEqualTo(sha256(expected));
            assertThat(Files.readAllBytes(TestProducts.localPath(dir, p))).isEqualTo(expected);
        }
    }

    /**
     * The downloader's executor-side objects written and read back by Kryo keep their state: the planned file,
     * the options (whose token must survive and still not print), and the Hadoop configuration, which Java
     * serialization carries in Hadoop's own form (a field-by-field Kryo copy would lose it).
     */
    @Test
    void executorSideObjectsSurviveKryo() {
        SerializerInstance kryo = SparkEnv.get().serializer().newInstance();
        assertThat(kryo).isInstanceOf(KryoSerializerInstance.class);

        DownloadTask task =
                RoundTrip.through(kryo, new DownloadTask("mast:HST/product/a.fits", "x/a.fits", 12, "ab", "/hst/a"));
        assertThat(List.of(
                        task.dataUri(), task.relativePath(), task.expectedSize(), task.knownSha256(), task.cloudPath()))
                .containsExactly("mast:HST/product/a.fits", "x/a.fits", 12L, "ab", "/hst/a");

        Configuration conf = new Configuration(false);
        conf.set("fs.test.setting", "kept");
        HadoopConf copied = RoundTrip.through(kryo, new HadoopConf(conf));
        assertThat(copied.get()).isNotNull();
        assertThat(copied.get().get("fs.test.setting")).isEqualTo("kept");

        DownloadOptions options = DownloadOptions.resolve(
                Map.of("baseUrl", mast.baseUrl(), "token", "secret-token-1", "concurrency", "3", "layout", "flat"),
                Map.of());
        DownloadOptions back = RoundTrip.through(kryo, options);
        assertThat(back.concurrency()).isEqualTo(3);
        assertThat(back.layout()).isEqualTo(DownloadOptions.Layout.FLAT);
        assertThat(back.clientConfig().baseUrl()).isEqualTo(mast.baseUrl());
        assertThat(back.clientConfig().hasToken()).isTrue();
        assertThat(back.toString()).isEqualTo(options.toString()).doesNotContain("secret-token-1");

        // The cutout downloader's planned request travels the same way.
        CutoutTask cut = RoundTrip.through(
                kryo,
                new CutoutTask(
                        "tesscut ra=1.5 dec=-2.0 size=20x20px sector=5",
                        "tesscut",
                        1.5,
                        -2.0,
                        null,
                        null,
                        "20",
                        5,
                        null,
                        "fits",
                        "{\"request\":\"x\"}\n",
                        true));
        assertThat(Arrays.asList(
                        cut.key(),
                        cut.service(),
                        cut.ra(),
                        cut.dec(),
                        cut.objectId(),
                        cut.objectType(),
                        cut.size(),
                        cut.sector(),
                        cut.survey(),
                        cut.format(),
                        cut.previous(),
                        cut.marker()))
                .containsExactly(
                        "tesscut ra=1.5 dec=-2.0 size=20x20px sector=5",
                        "tesscut",
                        1.5,
                        -2.0,
                        null,
                        null,
                        "20",
                        5,
                        null,
                        "fits",
                        "{\"request\":\"x\"}\n",
                        true);
    }
}
