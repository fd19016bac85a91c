package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * The proof of sky tiling: a Gaia cone holding more than 2,000,000 rows, four times MAST's 500,000-row
 * result limit, read through {@code format("mast")} with a {@code healpix} column, equals row for row (every value) the emulator's own evaluation of that cone, and no request the
 * connector sent matched more than 500,000 rows (none was dropped), and the emulator sent at most 1.3 times the
 * rows kept.
 */
class CatalogTilingProofTest {
    static final double RA = 120.0;
    static final double DEC = -35.0;
    static final double RADIUS = 1.8;
    static final long MAST_LIMIT = 500_000;
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // scale 30: about 200,000 Gaia sources per square degree (the emulator varies it per 0.5 degree cell
        // between half and twice the mean), so the 1.8 degree cone holds about 2.3 million
        mast = MastEmulator.builder().seed(5).scale(30).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @Test
    void twoMillionRowConeReadTiledEqualsTheEmulatorsDataRowForRow() throws Exception {
        Dataset<Row> df = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", RA + " " + DEC)
                .option("radius", RADIUS + "deg")
                .option("healpixOrder", "29")
                .load("catalogs/gaia");
        StructType stored = CatalogTruth.stored(df.schema());

        // The truth: the emulator's own answer for the user's cone (no HTTP, no result limit).
        var table = CatalogTruth.table(mast.sky(), "Mast.Catalogs.GaiaDR3.Cone", CatalogTruth.cone(RA, DEC, RADIUS));
        int n = (int) table.rowCount();
        assertThat(n).isGreaterThanOrEqualTo(2_000_000);
        long[][] truth = new long[n][];
        int[] at = {0};
        CatalogTruth.forEachRow(
                table,
                row -> truth[at[0]++] =
                        new long[] {Long.parseLong(row.get("source_id").asText()), CatalogTruth.fingerprint(row, stored)
                        });
        Arrays.sort(truth, (a, b) -> Long.compare(a[0], b[0]));
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = truth[i][0];
        }

        // Each executor fingerprints its rows and checks the computed columns; the driver gets (key, print).
        StructType schema = df.schema();
        List<long[]> parts = df.javaRDD()
                .mapPartitions(it -> {
                    long[] pairs = new long[1024];
                    int k = 0;
                    while (it.hasNext()) {
                        Row r = it.next();
                        double ra = r.getAs("ra");
                        double dec = r.getAs("dec");
                        if ((long) r.getAs("healpix") != Healpix.nest(29, ra, dec)
                                || Math.abs((double) r.getAs("dstArcSec")
                                                - EmulatorData.separationDeg(RA, DEC, ra, dec) * 3600)
                                        > 1e-6) {
                            throw new AssertionError("computed columns wrong in " + r);
                        }
                        if (k + 2 > pairs.length) {
                            pairs = Arrays.copyOf(pairs, pairs.length * 2);
                        }
                        pairs[k++] = Long.parseLong(r.getAs("source_id"));
                        pairs[k++] = CatalogTruth.fingerprint(r, CatalogTruth.stored(schema));
                    }
                    return List.of(Arrays.copyOf(pairs, k)).iterator();
                })
                .collect();
        BitSet seen = new BitSet(n);
        long rows = 0;
        for (long[] pairs : parts) {
            for (int k = 0; k < pairs.length; k += 2) {
                rows++;
                long key = pairs[k];
                int i = Arrays.binarySearch(keys, key);
                assertThat(i).as("row %d is not in the cone", key).isGreaterThanOrEqualTo(0);
                assertThat(seen.get(i)).as("row %d read twice", key).isFalse();
                seen.set(i);
                assertThat(pairs[k + 1]).as("values of row %d", key).isEqualTo(truth[i][1]);
            }
        }
        assertThat(rows).isEqualTo(n);
        assertThat(seen.cardinality()).isEqualTo(n);

        // Every request within MAST's limit: none dropped, none matching more than 500,000 rows.
        var entries = CatalogTruth.entries(mast, "Mast.Catalogs.GaiaDR3.Cone");
        assertThat(entries).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        Map<String, Long> matched = CatalogTruth.matchedPerRequest(mast, "Mast.Catalogs.GaiaDR3.Cone");
        assertThat(matched.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(MAST_LIMIT));
        assertThat(entries.stream().mapToLong(RequestLog.Entry::rows).max().orElseThrow())
                .isLessThanOrEqualTo(50_000);
        // The rows the emulator sent (its request log: every row of every answer, counts included) are at most
        // 1.3 times the rows kept: the hexagons' cones overlap little and barely reach beyond the cone.
        long sent = entries.stream().mapToLong(e -> Math.max(0, e.rows())).sum();
        assertThat((double) sent).isLessThanOrEqualTo(1.3 * n);
        System.out.println("Tiled read of " + n + " rows: " + entries.size() + " requests, "
                + matched.size() + " distinct cones, largest cone "
                + matched.values().stream().mapToLong(Long::longValue).max().orElseThrow() + " rows; "
                + entries.stream().collect(Collectors.summingLong(e -> Math.max(0, e.rows())))
                + " rows sent by the emulator");
    }
}
