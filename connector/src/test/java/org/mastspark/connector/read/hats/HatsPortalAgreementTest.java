package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.MiniHdfs;
import org.mastspark.connector.testing.StorageExtension;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.hats.HatsFootprint;
import org.mastspark.emulator.hats.HatsWriter;

/**
 * HATS catalogs read where MAST and users keep them: the emulator's copy of MAST's public bucket through S3A
 * (anonymous, MAST's keys, the published short names) and HDFS; and the promise that a HATS read of a region
 * equals the Portal catalog services' answer for the same region, row for row, because the emulator writes its
 * HATS catalogs from the same synthetic sky its Portal serves.
 */
@ExtendWith(StorageExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HatsPortalAgreementTest {
    /** The footprint's centre and radius; the cones below lie inside it. */
    private static final double RA = 201.0;

    private static final double DEC = -43.0;
    private static final double FOOTPRINT = 0.5;

    private MastEmulator mast;
    private SparkSession spark;
    private Map<String, String> bucket;

    @BeforeAll
    void start() {
        spark = SparkTestSession.get();
        mast = MastEmulator.builder().seed(41).scale(0.05).cloud(true).build();
        // Small partitions and row groups, so that a cone prunes both.
        mast.publishHatsToCloud(
                HatsFootprint.cone(RA, DEC, FOOTPRINT),
                w -> w.maxRowsPerPartition(1500).rowGroupRows(200));
        bucket = new TreeMap<>();
        mast.cloud().s3aSettings().forEach(bucket::put);
    }

    @AfterAll
    void stop() {
        mast.close();
    }

    private Dataset<Row> hats(String path, double ra, double dec, String radius) {
        return spark.read()
                .format("mast")
                .options(bucket)
                .option("coordinates", ra + " " + dec)
                .option("radius", radius)
                .load(path);
    }

    private Dataset<Row> portal(String path, double ra, double dec, String radius) {
        return spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", ra + " " + dec)
                .option("radius", radius)
                .load(path);
    }

    @Test
    void gaiaFromTheBucketByShortNameEqualsThePortalGaiaCatalogRowForRow() {
        // one cone well inside the footprint, one that crosses partition borders near its edge
        for (double[] c : new double[][] {{RA, DEC, 0.2}, {RA + 0.35, DEC + 0.15, 0.15}}) {
            String r = c[2] + "deg";
            Map<String, Row> h = byKey(hats("hats/gaia_dr3", c[0], c[1], r), "source_id");
            Map<String, Row> p = byKey(portal("catalogs/gaia", c[0], c[1], r), "source_id");
            assertThat(h).as("cone %s", List.of(c[0], c[1], c[2])).isNotEmpty();
            assertThat(h.keySet()).isEqualTo(p.keySet());
            assertSameValues(h, p);
        }
    }

    @Test
    void panstarrsFromTheBucketByMastsKeyEqualsThePanstarrsMeanTableRowForRow() {
        String r = "0.08deg";
        Map<String, Row> h = byKey(hats("hats:s3a://stpubdata/panstarrs/ps1/public/hats/otmo", RA, DEC, r), "objID");
        Map<String, Row> p = byKey(portal("catalogs/panstarrs/dr2/mean", RA, DEC, r), "objID");
        assertThat(h).isNotEmpty();
        assertThat(h.keySet()).isEqualTo(p.keySet());
        assertSameValues(h, p);
    }

    @Test
    void aCatalogCopiedToHdfsReadsAsTheSameCatalogOnLocalDisk(MiniHdfs hdfs, @TempDir Path tmp) throws Exception {
        Path local = tmp.resolve("gaia_dr3");
        HatsWriter.Written w = new HatsWriter(mast.sky())
                .maxRowsPerPartition(300)
                .rowGroupRows(50)
                .writeCatalog(HatsWriter.GAIA, HatsFootprint.cone(RA, DEC, 0.4), local)[0];
        String dir = "/HatsPortalAgreementTest/gaia_dr3";
        hdfs.fileSystem()
                .copyFromLocalFile(
                        false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(dir));
        Dataset<Row> fromHdfs =
                spark.read().format("mast").options(hdfs.hadoopSettings()).load("hats:" + hdfs.path(dir));
        Dataset<Row> fromDisk = spark.read().format("mast").load("hats:" + local.toUri());
        assertThat(fromHdfs.count()).isEqualTo(w.rows());
        assertThat(fromHdfs.schema()).isEqualTo(fromDisk.schema());
        assertThat(sorted(fromHdfs)).isEqualTo(sorted(fromDisk));

        Dataset<Row> coneHdfs = fromHdfs.sparkSession()
                .read()
                .format("mast")
                .options(hdfs.hadoopSettings())
                .option("coordinates", RA + " " + DEC)
                .option("radius", "0.2deg")
                .load("hats:" + hdfs.path(dir));
        Map<String, Row> p = byKey(portal("catalogs/gaia", RA, DEC, "0.2deg"), "source_id");
        Map<String, Row> h = byKey(coneHdfs, "source_id");
        assertThat(h.keySet()).isEqualTo(p.keySet());
        assertSameValues(h, p);
    }

    private static List<String> sorted(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.collectAsList()) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }

    private static Map<String, Row> byKey(Dataset<Row> d, String key) {
        Map<String, Row> out = new TreeMap<>();
        for (Row r : d.collectAsList()) {
            Object k = r.get(r.fieldIndex(key));
            assertThat(out.put(String.valueOf(k), r))
                    .as("duplicate %s %s", key, k)
                    .isNull();
        }
        return out;
    }

    /**
     * Every column both reads have (the Portal adds its distance, HATS its {@code _healpix_29}): numbers equal
     * as doubles (the HATS file stores the value a client parses from the Portal's answer), the rest as text.
     */
    private static void assertSameValues(Map<String, Row> hats, Map<String, Row> portal) {
        Row any = hats.values().iterator().next();
        Row anyPortal = portal.values().iterator().next();
        List<String> common = new ArrayList<>();
        for (StructField f : any.schema().fields()) {
            for (StructField g : anyPortal.schema().fields()) {
                if (f.name().equals(g.name())) {
                    common.add(f.name());
                }
            }
        }
        assertThat(common).hasSizeGreaterThan(3);
        for (Map.Entry<String, Row> e : hats.entrySet()) {
            Row h = e.getValue();
            Row p = portal.get(e.getKey());
            for (String c : common) {
                Object hv = h.get(h.fieldIndex(c));
                Object pv = p.get(p.fieldIndex(c));
                if (hv instanceof Number hn && pv instanceof Number pn) {
                    assertThat(hn.doubleValue()).as("%s of %s", c, e.getKey()).isEqualTo(pn.doubleValue());
                } else {
                    assertThat(String.valueOf(hv)).as("%s of %s", c, e.getKey()).isEqualTo(String.valueOf(pv));
                }
            }
        }
    }
}
