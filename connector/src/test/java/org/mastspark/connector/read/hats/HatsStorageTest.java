package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.HadoopSettings;
import org.mastspark.connector.testing.MiniHdfs;
import org.mastspark.connector.testing.MiniS3;
import org.mastspark.connector.testing.StorageExtension;

/** A HATS catalog read from a real HDFS (MiniDFSCluster) and a real S3 (s3proxy, keys given as fs.* options). */
@ExtendWith(StorageExtension.class)
class HatsStorageTest {
    private static final String CONE_CENTRE = "315 -66";

    private static List<Long> cone(DataFrameReader reader, String path) {
        List<Long> ids = new ArrayList<>();
        for (Row r : reader.option("coordinates", CONE_CENTRE)
                .option("radius", "4deg")
                .load(path)
                .select("source_id")
                .collectAsList()) {
            ids.add(r.getLong(0));
        }
        ids.sort(null);
        return ids;
    }

    private static List<Long> expected() {
        List<Long> ids = new ArrayList<>();
        for (PeerHats.Row r :
                PeerHats.rows(PeerHats.catalog("hats/small_sky_source"), "source_id", "source_ra", "source_dec")) {
            if (PeerHats.distanceDeg(315, -66, r.ra(), r.dec()) <= 4) {
                ids.add(r.id());
            }
        }
        ids.sort(null);
        return ids;
    }

    private static void upload(String target, Map<String, String> settings) throws IOException {
        Configuration conf = HadoopSettings.configuration(settings);
        Path local = PeerHats.catalog("hats/small_sky_source");
        try (FileSystem fs = FileSystem.newInstance(URI.create(target), conf)) {
            fs.copyFromLocalFile(
                    false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(target));
        }
    }

    @Test
    void aConeOverHdfsEqualsTheBruteForceFilter(MiniHdfs hdfs) throws IOException {
        String root = hdfs.path("/HatsStorageTest/small_sky_source");
        upload(root, hdfs.hadoopSettings());
        SparkSession spark = SparkTestSession.get();
        assertThat(spark.read().format("mast").load("hats:" + root).count()).isEqualTo(17_161);
        assertThat(cone(spark.read().format("mast"), "hats:" + root))
                .isNotEmpty()
                .isEqualTo(expected());
    }

    @Test
    void aConeOverS3WithKeysGivenAsOptionsEqualsTheBruteForceFilter(MiniS3 s3) throws IOException {
        String root = s3.path("HatsStorageTest/small_sky_source");
        upload(root, s3.hadoopSettings());
        DataFrameReader reader = SparkTestSession.get().read().format("mast");
        for (Map.Entry<String, String> e : s3.hadoopSettings().entrySet()) {
            reader = reader.option(e.getKey(), e.getValue());
        }
        assertThat(cone(reader, "hats:" + root)).isNotEmpty().isEqualTo(expected());
    }
}
