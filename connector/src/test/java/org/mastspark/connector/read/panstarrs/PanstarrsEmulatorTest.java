package org.mastspark.connector.read.panstarrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.read.EmulatorData;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * Pan-STARRS reads end to end against the emulator: rows equal a brute-force selection over the
 * emulator's synthetic objects ({@code SyntheticSky.panstarrsRow}), positions tested with the test's own
 * distance formula; no request asks more than 0.5 degree.
 */
class PanstarrsEmulatorTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(9).scale(0.02).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static Dataset<Row> table(String path, String... options) {
        return SparkTestSession.mastReader(mast.baseUrl(), options).load(path);
    }

    /** objIDs (detection: detectIDs) of every synthetic row within radius of (ra, dec) passing a test. */
    private static TreeSet<Long> bruteForce(
            String table, double ra, double dec, double radius, Predicate<Map<String, Object>> test) {
        boolean det = table.equals("detection");
        TreeSet<Long> out = new TreeSet<>();
        for (int cell : SyntheticSky.catalogCellsNear(ra, dec, radius)) {
            int n = mast.sky().panstarrsObjectsIn(cell);
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < (det ? 3 : 1); k++) {
                    Map<String, Object> r = mast.sky().panstarrsRow(table, cell, j, k);
                    double pra = ((Number) r.get(det ? "ra" : "raMean")).doubleValue();
                    double pdec = ((Number) r.get(det ? "dec" : "decMean")).doubleValue();
                    if (PanstarrsReadTest.haversineDeg(ra, dec, pra, pdec) <= radius && test.test(r)) {
                        out.add(Long.parseLong(r.get(det ? "detectID" : "objID").toString()));
                    }
                }
            }
        }
        return out;
    }

    private static List<JsonNode> queries(String table) {
        return EmulatorData.loggedBodies(mast, "/api/v0.1/panstarrs/dr2/" + table + ".json");
    }

    @Test
    void aConeOfOneDegreeIsTiledAndEqualsTheBruteForceSelection() {
        mast.requestLog().clear();
        double ra = 150.1;
        double dec = 2.2;
        List<Long> ids = table(
                        "catalogs/panstarrs/dr2/mean",
                        "coordinates",
                        ra + " " + dec,
                        "radius",
                        "1deg",
                        "pagesize",
                        "2000")
                .select("objID")
                .as(Encoders.LONG())
                .collectAsList();
        TreeSet<Long> want = bruteForce("mean", ra, dec, 1.0, r -> true);
        assertThat(want.size()).isGreaterThan(10_000);
        assertThat(ids).hasSize(want.size());
        assertThat(new TreeSet<>(ids)).isEqualTo(want);
        List<JsonNode> queries = queries("mean");
        assertThat(queries)
                .allSatisfy(q -> assertThat(q.path("radius").asDouble()).isLessThanOrEqualTo(0.5));
        assertThat(queries).anySatisfy(q -> assertThat(q.path("page").asInt()).isGreaterThan(1));
        assertThat(mast.requestLog().count(e -> e.status() != 200)).isZero();
    }

    @Test
    void pushedParametersSelectWhatSparkWouldSelect() {
        double ra = 33.0;
        double dec = -12.0;
        mast.requestLog().clear();
        List<Row> rows = table("catalogs/panstarrs/dr2/mean", "coordinates", ra + " " + dec, "radius", "0.3deg")
                .where("nDetections >= 3 AND qualityFlag IN (16, 52) AND raMean > 33.0")
                .select("objID", "nDetections")
                .collectAsList();
        TreeSet<Long> want = bruteForce(
                "mean",
                ra,
                dec,
                0.3,
                r -> ((Number) r.get("nDetections")).longValue() >= 3
                        && List.of(16L, 52L).contains(((Number) r.get("qualityFlag")).longValue())
                        && ((Number) r.get("raMean")).doubleValue() > 33.0);
        TreeSet<Long> got = new TreeSet<>();
        rows.forEach(r -> got.add(r.getLong(0)));
        assertThat(want).isNotEmpty();
        assertThat(got).isEqualTo(want);
        JsonNode q = queries("mean").get(0);
        assertThat(q.path("nDetections.gte").asInt()).isEqualTo(3);
        assertThat(q.path("qualityFlag").toString()).isEqualTo("[16,52]");
        assertThat(q.path("raMean.gt").asDouble()).isEqualTo(33.0);
    }

    @Test
    void detectionsTileByTheirOwnPositions() {
        double ra = 200.3;
        double dec = 30.1;
        List<Long> ids = table("catalogs/panstarrs/dr2/detection", "coordinates", ra + " " + dec, "radius", "0.6deg")
                .select("detectID")
                .as(Encoders.LONG())
                .collectAsList();
        TreeSet<Long> want = bruteForce("detection", ra, dec, 0.6, r -> true);
        assertThat(want).isNotEmpty();
        assertThat(ids).hasSize(want.size());
        assertThat(new TreeSet<>(ids)).isEqualTo(want);
    }
}
