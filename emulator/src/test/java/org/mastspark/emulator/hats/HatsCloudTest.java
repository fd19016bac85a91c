package org.mastspark.emulator.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.sky.SyntheticSky;

/** The HATS catalogs in the emulator's cloud bucket: under MAST's keys, the written bytes, listed and read by S3A. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HatsCloudTest {
    static final HatsFootprint FOOTPRINT = HatsFootprint.cone(150.0, 2.2, 0.3);
    private MastEmulator mast;

    @BeforeAll
    void start() {
        mast = MastEmulator.builder().seed(7).scale(0.1).hats(FOOTPRINT).build();
    }

    @AfterAll
    void stop() {
        mast.close();
    }

    @Test
    void theBucketHoldsTheWrittenCatalogsUnderMastsKeys(@TempDir Path local) throws Exception {
        new HatsWriter(new SyntheticSky(7, 0.1)).writeMastLayout(FOOTPRINT, local);
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(local)) {
            s.filter(Files::isRegularFile)
                    .forEach(p -> files.put(local.relativize(p).toString(), p));
        }
        List<String> keys = new ArrayList<>(mast.cloud().keys("gaia/"));
        keys.addAll(mast.cloud().keys("panstarrs/"));
        assertThat(keys).isEqualTo(new ArrayList<>(files.keySet()));
        assertThat(keys)
                .contains(
                        "gaia/gaia_dr3/public/hats/collection.properties",
                        "gaia/gaia_dr3/public/hats/gaia_dr3/hats.properties",
                        "gaia/gaia_dr3/public/hats/gaia_dr3_10arcs/hats.properties",
                        "panstarrs/ps1/public/hats/otmo/dataset/_metadata",
                        "panstarrs/ps1/public/hats/otmo_10arcs/partition_info.csv");
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(URI.create(mast.cloud().endpoint() + "/stpubdata/" + e.getKey()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.body()).as(e.getKey()).isEqualTo(Files.readAllBytes(e.getValue()));
        }
    }

    @Test
    void publishingWithoutACloudBucketSaysHowToHaveOne() {
        try (MastEmulator plain = MastEmulator.builder().scale(0.01).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.publishHatsToCloud(FOOTPRINT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("This emulator has no cloud bucket: build it with MastEmulator.builder().cloud(true)");
        }
    }

    @Test
    void s3aListsTheCollectionAndReadsAPartitionAnonymously() throws IOException {
        Configuration conf = new Configuration();
        mast.cloud().s3aSettings().forEach(conf::set);
        conf.set("fs.s3a.bucket.stpubdata.attempts.maximum", "1");
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        try (FileSystem fs = FileSystem.get(URI.create("s3a://stpubdata/"), conf)) {
            List<String> names = new ArrayList<>();
            for (FileStatus st :
                    fs.listStatus(new org.apache.hadoop.fs.Path("s3a://stpubdata/gaia/gaia_dr3/public/hats"))) {
                names.add(st.getPath().getName() + (st.isDirectory() ? "/" : ""));
            }
            assertThat(names).containsExactlyInAnyOrder("collection.properties", "gaia_dr3/", "gaia_dr3_10arcs/");
            List<String> otmo = new ArrayList<>();
            for (FileStatus st :
                    fs.listStatus(new org.apache.hadoop.fs.Path("s3a://stpubdata/panstarrs/ps1/public/hats"))) {
                otmo.add(st.getPath().getName());
            }
            assertThat(otmo).containsExactlyInAnyOrder("otmo", "otmo_10arcs");
            String info = new String(
                    fs.open(new org.apache.hadoop.fs.Path(
                                    "s3a://stpubdata/panstarrs/ps1/public/hats/otmo/partition_info.csv"))
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String[] first = info.split("\n")[1].split(",");
            long pixel = Long.parseLong(first[1]);
            org.apache.hadoop.fs.Path file =
                    new org.apache.hadoop.fs.Path("s3a://stpubdata/panstarrs/ps1/public/hats/otmo/dataset/Norder="
                            + first[0] + "/Dir=" + (pixel / 10000 * 10000) + "/Npix=" + pixel + ".parquet");
            long rows = 0;
            try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file)
                    .withConf(conf)
                    .build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    long hp = g.getLong("_healpix_29", 0);
                    assertThat(hp >>> (2 * (29 - Integer.parseInt(first[0])))).isEqualTo(pixel);
                    rows++;
                }
            }
            assertThat(rows).isGreaterThan(0);
        }
    }
}
