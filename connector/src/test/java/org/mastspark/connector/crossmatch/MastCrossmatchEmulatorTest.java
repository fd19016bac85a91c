package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;

/**
 * Ground truth from the emulator's synthetic sky: every third TIC star of a catalog cell has a Gaia source
 * placed 0.1 to 1 arcsec from it ({@code SyntheticSky.gaiaCounterpart}). TIC and Gaia read through the
 * connector for a region across ra = 0 and matched at 1 arcsec find every such counterpart, and exactly the
 * pairs a brute force over the two reads finds (chance pairs included).
 */
class MastCrossmatchEmulatorTest {
    private static final double RA = 0.05;
    private static final double DEC = -30.2;
    private static final double RADIUS_DEG = 0.2;

    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(15).scale(2).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static Dataset<Row> read(String catalog, double radiusDeg) {
        return SparkTestSession.mastReader(mast.baseUrl(), "coordinates", RA + " " + DEC, "radius", radiusDeg + "deg")
                .load(catalog);
    }

    @Test
    void everyTicStarWithAGaiaCounterpartIsMatchedToIt() {
        Dataset<Row> tic = read("catalogs/tic", RADIUS_DEG).select("ID", "ra", "dec", "Tmag");
        // a Gaia cone 2 arcsec wider holds every source within 1 arcsec of a TIC star of the region
        Dataset<Row> gaia =
                read("catalogs/gaia", RADIUS_DEG + 2 / 3600.0).select("source_id", "ra", "dec", "phot_g_mean_mag");
        List<Row> ticRows = tic.collectAsList();
        List<Row> gaiaRows = gaia.collectAsList();

        Map<String, String> counterparts = new HashMap<>();
        for (Row t : ticRows) {
            Optional<String> g = mast.sky().gaiaCounterpart(t.getString(0));
            g.ifPresent(id -> counterparts.put(t.getString(0), id));
        }
        assertThat(ticRows).hasSizeGreaterThan(500);
        assertThat(counterparts.size()).as("about a third").isBetween(ticRows.size() / 4, ticRows.size() / 2);
        assertThat(ticRows.stream().filter(r -> r.getDouble(1) > 359).count())
                .as("across ra = 0")
                .isPositive();

        // brute force over the two reads: every pair within 1 arcsec
        Map<String, Double> expected = new HashMap<>();
        double max = CrossmatchTestData.chordSquaredOf(1.0);
        for (Row t : ticRows) {
            for (Row g : gaiaRows) {
                double c2 =
                        CrossmatchTestData.chordSquared(t.getDouble(1), t.getDouble(2), g.getDouble(1), g.getDouble(2));
                if (c2 <= max) {
                    expected.put(t.getString(0) + " " + g.getString(0), CrossmatchTestData.arcsecOf(c2));
                }
            }
        }

        Dataset<Row> m = MastCrossmatch.of(tic, gaia)
                .radiusArcsec(1.0)
                .allWithinRadius()
                .suffixes("_tic", "_gaia")
                .toDataFrame();
        assertThat(m.columns())
                .containsExactly(
                        "ID",
                        "ra_tic",
                        "dec_tic",
                        "Tmag",
                        "source_id",
                        "ra_gaia",
                        "dec_gaia",
                        "phot_g_mean_mag",
                        "_dist_arcsec");
        List<Row> rows = m.collectAsList();
        Map<String, Double> actual = new HashMap<>();
        for (Row r : rows) {
            assertThat(actual.put(r.getString(0) + " " + r.getString(4), r.getDouble(8)))
                    .isNull();
        }
        counterparts.forEach((t, g) ->
                assertThat(actual).as("TIC %s's counterpart Gaia %s", t, g).containsKey(t + " " + g));
        assertThat(rows).hasSize(expected.size());
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, d) -> assertThat(Math.abs(actual.get(k) - d)).as(k).isLessThanOrEqualTo(1e-9 * 3600));
    }
}
