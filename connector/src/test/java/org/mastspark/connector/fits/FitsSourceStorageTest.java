package org.mastspark.connector.fits;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.HadoopSettings;
import org.mastspark.connector.testing.MiniHdfs;
import org.mastspark.connector.testing.MiniS3;
import org.mastspark.connector.testing.StorageExtension;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code format("fits")} from a real HDFS (MiniDFSCluster) and a real S3 (s3proxy through S3A): directories,
 * a large table split into row ranges (positioned reads), gzip, header pruning and headers mode, with the
 * fully qualified {@code hdfs://} and {@code s3a://} paths in column {@code path}.
 */
@ExtendWith(StorageExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FitsSourceStorageTest {
    private SparkSession spark;
    private Configuration conf;

    @BeforeAll
    void start(MiniHdfs hdfs, MiniS3 s3) {
        spark = SparkTestSession.get();
        HadoopSettings.apply(spark, s3.hadoopSettings());
        HadoopSettings.apply(spark, hdfs.hadoopSettings());
        conf = spark.sparkContext().hadoopConfiguration();
    }

    @Test
    void readsFromHdfs(MiniHdfs hdfs) throws Exception {
        check(hdfs.path("/FitsSourceStorageTest/lc"), "hdfs://");
    }

    @Test
    void readsFromS3(MiniS3 s3) throws Exception {
        check(s3.path("FitsSourceStorageTest/lc"), "s3a://");
    }

    private void check(String base, String scheme) throws Exception {
        String small = base + "/s/tic11.fits";
        String big = base + "/big/tic12.fits";
        String gz = base + "/s/tic13.fits.gz";
        LightCurves.put(conf, small, LightCurves.lightCurve(11, 3));
        LightCurves.put(conf, big, LightCurves.lightCurve(12, 3000));
        LightCurves.put(conf, gz, LightCurves.gzip(LightCurves.lightCurve(13, 2)));
        Dataset<Row> df = spark.read()
                .format("fits")
                .option("headerKeywords", "TICID")
                .option("includeRow", "true")
                .option("maxPartitionBytes", "4000")
                .option("openCostInBytes", "1")
                .load(base);
        assertThat(df.rdd().getNumPartitions()).isGreaterThanOrEqualTo(12);
        List<String> want = new ArrayList<>();
        want.addAll(rows(12, 3000, big));
        want.addAll(rows(11, 3, small));
        want.addAll(rows(13, 2, gz));
        List<String> got = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            got.add(r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3) + "|" + r.get(4) + "|" + r.get(5));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(big).startsWith(scheme);

        Dataset<Row> one = spark.read()
                .format("fits")
                .option("headerKeywords", "TICID")
                .load(base)
                .where(col("TICID").equalTo(11L))
                .select("FLUX", "path");
        assertThat(one.collectAsList().stream().map(r -> r.get(0) + " " + r.get(1)))
                .containsExactly(
                        LightCurves.flux(11, 0) + " " + small,
                        LightCurves.flux(11, 1) + " " + small,
                        LightCurves.flux(11, 2) + " " + small);
        assertThat(metric(one, FitsMetrics.FILES_PRUNED)).isEqualTo(2);

        Dataset<Row> headers =
                spark.read().format("fits").option("headers", "true").load(base);
        assertThat(headers.where("hdu = 1").select("path", "extname").collectAsList().stream()
                        .map(r -> r.get(0) + " " + r.get(1)))
                .containsExactlyInAnyOrder(big + " LIGHTCURVE", small + " LIGHTCURVE", gz + " LIGHTCURVE");
    }

    private static List<String> rows(long ticid, int n, String path) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(LightCurves.time(ticid, i) + "|" + LightCurves.flux(ticid, i) + "|" + LightCurves.cadence(i) + "|"
                    + ticid + "|" + i + "|" + path);
        }
        return out;
    }

    private static long metric(Dataset<Row> df, String name) {
        for (var leaf :
                CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves())) {
            if (leaf instanceof BatchScanExec b) {
                return b.metrics().get(name).get().value();
            }
        }
        throw new AssertionError("no batch scan in " + df.queryExecution().executedPlan());
    }
}
