package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.hats.HatsFootprint;
import org.mastspark.emulator.hats.HatsWriter;

/**
 * The aligned cross-match of the emulator's synthetic Gaia and Pan-STARRS HATS catalogs, partitioned at
 * different orders (Pan-STARRS, denser, in smaller pixels than Gaia; 60-arcsec margins), equals the
 * brute-force match over every pair, in both directions.
 */
class HatsCrossmatchEmulatorTest {
    private static SparkSession spark;
    private static MastEmulator mast;

    @TempDir
    static Path tmp;

    private static HatsWriter.Written gaia;
    private static HatsWriter.Written ps1;

    @BeforeAll
    static void write() {
        spark = SparkTestSession.get();
        mast = MastEmulator.builder().seed(41).scale(0.05).build();
        HatsFootprint footprint = HatsFootprint.cone(201.0, -43.0, 0.25);
        gaia = new HatsWriter(mast.sky())
                .maxRowsPerPartition(40)
                .rowGroupRows(20)
                .marginArcsec(60)
                .writeCatalog(HatsWriter.GAIA, footprint, tmp.resolve("gaia"))[0];
        ps1 = new HatsWriter(mast.sky())
                .maxRowsPerPartition(2000)
                .rowGroupRows(500)
                .marginArcsec(60)
                .writeCatalog(HatsWriter.PS1_OTMO, footprint, tmp.resolve("ps1"))[0];
    }

    @AfterAll
    static void stop() {
        if (mast != null) {
            mast.close();
        }
    }

    private static HatsSide gaia() {
        return new HatsSide(
                "hats:" + tmp.resolve("gaia"),
                Map.of("margin", tmp.resolve("gaia_60arcs").toString()),
                List.of("source_id", "ra", "dec"));
    }

    private static HatsSide ps1() {
        return new HatsSide(
                "hats:" + tmp.resolve("ps1"),
                Map.of("margin", tmp.resolve("ps1_60arcs").toString()),
                List.of("objID", "raMean", "decMean"));
    }

    private static Map<Long, double[]> positions(HatsSide side) {
        Map<Long, double[]> rows = new LinkedHashMap<>();
        for (Row r : spark.read()
                .format("mast")
                .load(side.path())
                .selectExpr(side.columns().toArray(new String[0]))
                .collectAsList()) {
            rows.put(r.getLong(0), new double[] {r.getDouble(1), r.getDouble(2)});
        }
        return rows;
    }

    private static Map<String, Double> pairs(Dataset<Row> m, String leftId, String rightId) {
        Map<String, Double> out = new TreeMap<>();
        for (Row r : m.select(leftId, rightId, "_dist_arcsec").collectAsList()) {
            String key = r.getLong(0) + " " + (r.isNullAt(1) ? "-" : Long.toString(r.getLong(1)));
            assertThat(out.put(key, r.isNullAt(2) ? -1.0 : r.getDouble(2) / 3600))
                    .as("row %s once", key)
                    .isNull();
        }
        return out;
    }

    @Test
    void theCatalogsArePartitionedDifferently() {
        // Pan-STARRS, 40 times denser, splits into smaller pixels than Gaia
        assertThat(ps1.partitions().stream().mapToLong(p -> p[0]).max().orElseThrow())
                .isGreaterThan(
                        gaia.partitions().stream().mapToLong(p -> p[0]).max().orElseThrow());
        assertThat(ps1.partitions().size()).isGreaterThan(1);
    }

    @Test
    void gaiaWithEveryPanstarrsRowWithin45ArcsecEqualsTheBruteForce() {
        CrossmatchSpec spec = new CrossmatchSpec(
                45, 0, 0, "inner", "ra", "dec", "raMean", "decMean", "_left", "_right", "_dist_arcsec");
        Map<String, Double> actual = pairs(HatsCrossmatch.run(spark, gaia(), ps1(), spec), "source_id", "objID");
        Map<String, Double> expected = HatsCrossmatchTest.bruteForce(positions(gaia()), positions(ps1()), 45, 0, 0);
        assertThat(expected).hasSizeGreaterThan(100);
        HatsCrossmatchTest.assertSamePairs(actual, expected);
    }

    @Test
    void panstarrsLeftJoinedWithItsNearestGaiaSourceEqualsTheBruteForce() {
        CrossmatchSpec spec = new CrossmatchSpec(
                45, 0, 1, "left", "raMean", "decMean", "ra", "dec", "_left", "_right", "_dist_arcsec");
        Map<String, Double> actual = pairs(HatsCrossmatch.run(spark, ps1(), gaia(), spec), "objID", "source_id");
        Map<Long, double[]> left = positions(ps1());
        Map<String, Double> expected = HatsCrossmatchTest.bruteForce(left, positions(gaia()), 45, 0, 1);
        assertThat(expected).hasSizeGreaterThan(100);
        Map<String, Double> matched = new TreeMap<>();
        int unmatched = 0;
        for (Map.Entry<String, Double> e : actual.entrySet()) {
            if (e.getKey().endsWith(" -")) {
                unmatched++;
            } else {
                matched.put(e.getKey(), e.getValue());
            }
        }
        HatsCrossmatchTest.assertSamePairs(matched, expected);
        assertThat(matched.size() + unmatched).isEqualTo(left.size());
    }
}
