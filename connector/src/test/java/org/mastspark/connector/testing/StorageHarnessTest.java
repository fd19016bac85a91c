package org.mastspark.connector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.CloudBucket;
import org.mastspark.emulator.MastEmulator;

/**
 * The storage harness works with Spark in this JVM: DataFrames written to and read from a real HDFS and a
 * real S3 destination (keys required), and the emulator's cloud bucket read anonymously through S3A with the
 * bytes of MAST's Download/file and the keys path_lookup reports.
 */
@ExtendWith(StorageExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageHarnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SparkSession spark;
    private MastEmulator mast;
    private Map<String, String> published;

    @BeforeAll
    void start(MiniHdfs hdfs, MiniS3 s3) {
        spark = SparkTestSession.get();
        long t0 = System.nanoTime();
        mast = MastEmulator.builder().seed(11).scale(0.01).cloud(true).build();
        System.out.printf(
                "StorageHarnessTest: emulator with cloud bucket started in %d ms (HDFS %d ms, S3 %d ms)%n",
                (System.nanoTime() - t0) / 1_000_000, hdfs.startupMillis(), s3.startupMillis());
        HadoopSettings.apply(spark, s3.hadoopSettings());
        HadoopSettings.apply(spark, mast.cloud().s3aSettings());
        published = new TreeMap<>();
        for (long i = 0; published.size() < 8 && i < mast.sky().observationCount(); i++) {
            Map<String, Object> o = mast.sky().observation(i);
            if ("HST".equals(o.get("obs_collection")) || "TESS".equals(o.get("obs_collection"))) {
                published.putAll(mast.publishObservationToCloud(
                        Long.parseLong(o.get("obsid").toString())));
            }
        }
    }

    @AfterAll
    void stop() {
        mast.close();
    }

    private static void assertRangeRoundTrip(SparkSession spark, String dir) {
        spark.range(0, 1000, 1, 3)
                .selectExpr("id", "id * id AS sq")
                .write()
                .mode("overwrite")
                .parquet(dir);
        Dataset<Row> back = spark.read().parquet(dir);
        Row agg = back.selectExpr("count(*)", "sum(id)", "sum(sq)").first();
        assertThat(agg.getLong(0)).isEqualTo(1000L);
        assertThat(agg.getLong(1)).isEqualTo(499_500L);
        assertThat(agg.getLong(2)).isEqualTo(332_833_500L);
    }

    @Test
    void sparkWritesAndReadsParquetOnHdfs(MiniHdfs hdfs) {
        String dir = hdfs.path("/StorageHarnessTest/range");
        assertRangeRoundTrip(spark, dir);
        List<String> files = hdfs.files("/StorageHarnessTest/range");
        assertThat(files).contains("_SUCCESS");
        assertThat(files.stream().filter(f -> f.endsWith(".parquet"))).hasSize(3);
        assertThat(files).allMatch(f -> f.equals("_SUCCESS") || f.matches("part-0000[0-2]-.*\\.parquet"));
    }

    @Test
    void sparkWritesAndReadsParquetOnS3WithKeys(MiniS3 s3) {
        String dir = s3.path("StorageHarnessTest/range");
        assertRangeRoundTrip(spark, dir);
        List<String> keys = s3.keys("StorageHarnessTest/range/");
        assertThat(keys).contains("StorageHarnessTest/range/_SUCCESS");
        assertThat(keys.stream().filter(k -> k.endsWith(".parquet"))).hasSize(3);
        // Nothing but the committed files: no _temporary objects or directory markers left behind.
        assertThat(keys)
                .allMatch(k -> k.equals("StorageHarnessTest/range/_SUCCESS")
                        || k.matches("StorageHarnessTest/range/part-0000[0-2]-.*\\.parquet"));
    }

    @Test
    void theDestinationRefusesWrongKeys(MiniS3 s3) {
        Map<String, String> wrong = new TreeMap<>(s3.hadoopSettings());
        wrong.put("fs.s3a.bucket." + MiniS3.BUCKET + ".secret.key", "not-the-secret");
        Configuration conf = HadoopSettings.configuration(wrong);
        conf.set("fs.s3a.bucket." + MiniS3.BUCKET + ".attempts.maximum", "1");
        conf.set("fs.s3a.bucket." + MiniS3.BUCKET + ".retry.limit", "1");
        assertThatThrownBy(() -> {
                    try (FileSystem fs = FileSystem.newInstance(URI.create(s3.path("")), conf)) {
                        fs.listStatus(new Path(s3.path("")));
                    }
                })
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("403");
    }

    private byte[] download(String uri) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/api/v0.1/Download/file?uri="
                                + URLEncoder.encode(uri, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(uri).isEqualTo(200);
        return r.body();
    }

    private static String s3a(String s3Uri) {
        return "s3a" + s3Uri.substring("s3".length());
    }

    private FileSystem cloudFs() throws IOException {
        return FileSystem.newInstance(
                URI.create("s3a://stpubdata/"), spark.sparkContext().hadoopConfiguration());
    }

    @Test
    void cloudCopiesReadAnonymouslyThroughS3aEqualDownloadFileBytes() throws Exception {
        assertThat(published).hasSizeGreaterThanOrEqualTo(8);
        try (FileSystem fs = cloudFs()) {
            for (Map.Entry<String, String> e : published.entrySet()) {
                try (InputStream in = fs.open(new Path(s3a(e.getValue())))) {
                    assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(download(e.getKey()));
                }
            }
        }
    }

    @Test
    void sparkReadsCloudCopiesAsBinaryFiles() throws Exception {
        Map.Entry<String, String> first = published.entrySet().iterator().next();
        Row row = spark.read()
                .format("binaryFile")
                .load(s3a(first.getValue()))
                .select("path", "length", "content")
                .first();
        assertThat(row.getString(0)).isEqualTo(s3a(first.getValue()));
        byte[] expected = download(first.getKey());
        assertThat(row.getLong(1)).isEqualTo(expected.length);
        assertThat((byte[]) row.get(2)).isEqualTo(expected);
    }

    @Test
    void pathLookupAgreesWithTheBucketListing() throws Exception {
        List<String> listed = new ArrayList<>();
        try (FileSystem fs = cloudFs()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(new Path("s3a://stpubdata/"), true);
            while (it.hasNext()) {
                listed.add(it.next().getPath().toUri().getPath().substring(1));
            }
        }
        List<String> uris = new ArrayList<>(published.keySet());
        uris.add("mast:HST/product/u9o40504m_c3m.fits");
        StringBuilder q = new StringBuilder();
        for (String u : uris) {
            q.append(q.length() == 0 ? "?" : "&").append("uri=").append(URLEncoder.encode(u, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/api/v0.1/path_lookup/" + q))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        List<String> reported = new ArrayList<>();
        for (String u : uris) {
            assertThat(answer.path(u).path("status_code").asInt()).as(u).isEqualTo(200);
            reported.add(answer.path(u).path("path").asText().substring(1));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(reported);
    }

    @Test
    void theCloudBucketIsReadOnlyForS3a() throws Exception {
        try (FileSystem fs = cloudFs()) {
            assertThatThrownBy(() -> {
                        try (OutputStream out = fs.create(new Path("s3a://stpubdata/hst/public/new.fits"))) {
                            out.write(1);
                        }
                    })
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(mast.cloud().containsKey("hst/public/new.fits")).isFalse();
    }

    @Test
    void aStoppedCloudBucketFailsFastWithTheFastFailureSettings() throws Exception {
        String key = published.values().iterator().next();
        mast.cloud().stop();
        long t0 = System.nanoTime();
        // Not in the shared session: other tests may want S3A's own retries against the bucket.
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        HadoopSettings.fastFailure(CloudBucket.NAME).forEach(conf::set);
        try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://stpubdata/"), conf)) {
            assertThatThrownBy(() -> fs.open(new Path(s3a(key))).close()).isInstanceOf(IOException.class);
        } finally {
            System.out.printf(
                    "StorageHarnessTest: S3A gave up on the stopped cloud bucket after %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            mast.cloud().restart();
        }
        try (FileSystem fs = cloudFs();
                InputStream in = fs.open(new Path(s3a(key)))) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }
    }
}
