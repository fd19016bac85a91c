package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * result limit, read through {@code format("mast")} with a {@code healpix} column and written as Parquet,
 * equals row for row (every value) the emulator's own evaluation of that cone, and no request the
 * connector sent matched more than 500,000 rows (none was dropped).
 */
class CatalogTilingProofTest {
    static final double RA = 120.0;
    static final double DEC = -35.0;
    static final double RADIUS = 2.0;
    static final long MAST_LIMIT = 500_000;
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // scale 30: about 200,000 Gaia sources per square degree (the emulator varies it per 0.5 degree cell
        // between half and twice the mean), so the 2 degree cone holds about 2.4 million
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

        Path out = Files.createTempDirectory("mast-tiled-gaia");
        try {
            df.write().mode("overwrite").parquet(out.toString());
            Dataset<Row> back = spark.read().parquet(out.toString());
            BitSet seen = new BitSet(n);
            long rows = 0;
            for (Iterator<Row> it = back.toLocalIterator(); it.hasNext(); ) {
                Row r = it.next();
                rows++;
                long key = Long.parseLong(r.getAs("source_id"));
                int i = Arrays.binarySearch(keys, key);
                assertThat(i).as("row %d is not in the cone", key).isGreaterThanOrEqualTo(0);
                assertThat(seen.get(i)).as("row %d read twice", key).isFalse();
                seen.set(i);
                assertThat(CatalogTruth.fingerprint(r, stored))
                        .as("values of row %d", key)
                        .isEqualTo(truth[i][1]);
                double ra = r.getAs("ra");
                double dec = r.getAs("dec");
                assertThat((long) r.getAs("healpix")).isEqualTo(Healpix.nest(29, ra, dec));
                assertThat((double) r.getAs("dstArcSec"))
                        .isCloseTo(EmulatorData.separationDeg(RA, DEC, ra, dec) * 3600, within(1e-6));
            }
            assertThat(rows).isEqualTo(n);
            assertThat(seen.cardinality()).isEqualTo(n);
        } finally {
            try (Stream<Path> files = Files.walk(out)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .forEach(p -> p.toFile().delete());
            }
        }

        // Every request within MAST's limit: none dropped, none matching more than 500,000 rows.
        var entries = CatalogTruth.entries(mast, "Mast.Catalogs.GaiaDR3.Cone");
        assertThat(entries).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        Map<String, Long> matched = CatalogTruth.matchedPerRequest(mast, "Mast.Catalogs.GaiaDR3.Cone");
        assertThat(matched.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(MAST_LIMIT));
        assertThat(entries.stream().mapToLong(RequestLog.Entry::rows).max().orElseThrow())
                .isLessThanOrEqualTo(50_000);
        System.out.println("Tiled read of " + n + " rows: " + entries.size() + " requests, "
                + matched.size() + " distinct cones, largest cone "
                + matched.values().stream().mapToLong(Long::longValue).max().orElseThrow() + " rows; "
                + entries.stream().collect(Collectors.summingLong(e -> Math.max(0, e.rows())))
                + " rows sent by the emulator");
    }
}
