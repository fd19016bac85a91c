package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * Sky-tiled catalog reads where the geometry is hard (a cone around a pole, one centred on a pole, one across
 * ra = 0, a tiny cone beyond one request): every row of the user's cone exactly once, equal to the emulator's
 * own answer, with hexagons and with HEALPix cells; the emulator (its request log) sends fewer rows for
 * hexagons. (The 1.3 bound of rows sent over rows kept is proved on the large read of {@link
 * CatalogTilingProofTest}: on these small cones the one-row answers of the counts weigh more.)
 */
class CatalogHexTilingTest {
    private static MastEmulator mast;
    private static SparkSession spark;
    /**
     * The emulator's result limit, lowered so that tiling happens on small, fast data. The cones hold three to
     * six times the cap of their read: the tiles (each a count and a partition) grow with that ratio, so a
     * larger one costs time and proves nothing more.
     */
    private static final int LIMIT = 2_000;

    private static final String GAIA = "Mast.Catalogs.GaiaDR3.Cone";

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(21).scale(2).resultLimit(LIMIT).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clearLog() {
        mast.requestLog().clear();
    }

    private DataFrameReader read(String tiling, int limit) {
        return spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("maxResultRows", limit)
                .option("skyTiling", tiling);
    }

    /** The emulator's answer to the user's cone, as key to fingerprint. */
    private static Map<String, Long> truth(double ra, double dec, double r, StructType s) {
        Map<String, Long> out = new HashMap<>();
        CatalogTruth.forEachRow(
                CatalogTruth.table(mast.sky(), GAIA, CatalogTruth.cone(ra, dec, r)),
                row -> out.put(row.get("source_id").asText(), CatalogTruth.fingerprint(row, s)));
        return out;
    }

    /** Rows the emulator sent for the catalog's service: every row of every answer, counts included. */
    private static long rowsSent() {
        return CatalogTruth.entries(mast, GAIA).stream()
                .mapToLong(e -> Math.max(0, e.rows()))
                .sum();
    }

    /** Reads the cone; asserts it equals the emulator's answer (each row once); returns the rows sent. */
    private long readExactly(String tiling, double ra, double dec, double radius, int limit) {
        mast.requestLog().clear();
        Dataset<Row> df = read(tiling, limit)
                .option("coordinates", ra + " " + dec)
                .option("radius", radius + "deg")
                .load("catalogs/gaia");
        List<Row> rows = df.collectAsList();
        StructType stored = CatalogTruth.stored(df.schema());
        Map<String, Long> expected = truth(ra, dec, radius, stored);
        assertThat(expected.size()).as("holds several times the limit").isGreaterThan(3 * limit);
        Map<String, Long> actual = new HashMap<>();
        for (Row r : rows) {
            Long previous = actual.put(r.getAs("source_id").toString(), CatalogTruth.fingerprint(r, stored));
            assertThat(previous)
                    .as("row %s read twice", (Object) r.getAs("source_id"))
                    .isNull();
        }
        assertThat(actual).isEqualTo(expected);
        List<RequestLog.Entry> entries = CatalogTruth.entries(mast, GAIA);
        assertThat(entries)
                .allSatisfy(e ->
                        assertThat(e.status()).as("dropped: %s", e.request()).isEqualTo(200));
        assertThat(CatalogTruth.matchedPerRequest(mast, GAIA).values())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(limit));
        return rowsSent();
    }

    @ParameterizedTest(name = "cone ({0}, {1}) r={2}")
    @CsvSource({
        // around the north pole, the pole inside (0.4 degrees from the centre)
        "17.0, 89.6, 0.5, 2000",
        // centred on the south pole
        "0.0, -90.0, 0.5, 2000",
        // across ra = 0
        "359.8, 12.5, 0.6, 2000",
        // tiny, but beyond one request of a lowered limit (191 rows, over three times the limit)
        "150.25, 2.2, 0.06, 50",
    })
    void everyRowOfTheConeOnceAndFewerRowsSentWithHexagonsThanCells(double ra, double dec, double radius, int limit) {
        long kept = truthSize(ra, dec, radius);
        long hexagons = readExactly("hexagons", ra, dec, radius, limit);
        long healpix = readExactly("healpix", ra, dec, radius, limit);
        System.out.printf(
                "cone (%s, %s) r=%s: %d rows; sent with hexagons %d (%.3f), with HEALPix cells %d (%.3f)%n",
                ra, dec, radius, kept, hexagons, hexagons / (double) kept, healpix, healpix / (double) kept);
        assertThat(hexagons).isLessThan(healpix);
    }

    private static long truthSize(double ra, double dec, double radius) {
        return CatalogTruth.table(mast.sky(), GAIA, CatalogTruth.cone(ra, dec, radius))
                .rowCount();
    }
}
