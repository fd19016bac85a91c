package org.mastspark.connector.read.missions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastMissions;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.read.EmulatorData;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * Mission reads end to end against the emulator: the rows equal a brute-force selection over the
 * emulator's synthetic datasets ({@code SyntheticSky.missionRow}), filtered in the test with its own
 * distance formula, and no request exceeds MAST's limits.
 */
class MissionsEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double M101_RA = 210.802429;
    private static final double M101_DEC = 54.34875;
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(5).scale(0.05).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static Dataset<Row> mission(String mission, String... options) {
        return SparkTestSession.mastReader(mast.baseUrl(), options).load("missions/" + mission);
    }

    /** Dataset ids of every synthetic dataset of a mission within radius of (ra, dec) and passing a test. */
    private static Set<String> bruteForce(
            String mission,
            String idCol,
            String raCol,
            String decCol,
            double ra,
            double dec,
            double radiusDeg,
            Predicate<Map<String, Object>> test) {
        Set<String> out = new TreeSet<>();
        long n = mast.sky().observationCount();
        for (long i = 0; i < n; i++) {
            var row = mast.sky().missionRow(mission, i);
            if (row.isEmpty()) {
                continue;
            }
            Map<String, Object> r = row.get();
            Object pra = r.get(raCol);
            Object pdec = r.get(decCol);
            if (!(pra instanceof Number) || !(pdec instanceof Number)) {
                continue;
            }
            if (haversineDeg(ra, dec, ((Number) pra).doubleValue(), ((Number) pdec).doubleValue()) <= radiusDeg
                    && test.test(r)) {
                out.add(r.get(idCol).toString());
            }
        }
        return out;
    }

    static double haversineDeg(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double dp = p2 - p1;
        double dl = Math.toRadians(ra2 - ra1);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(a))));
    }

    private static List<JsonNode> searchBodies(String mission) {
        return EmulatorData.loggedBodies(mast, "/search/" + mission + "/api/v0.1/search");
    }

    @Test
    void aConeWithinThirtyArcminEqualsTheBruteForceSelection() {
        Set<String> got = new TreeSet<>(mission("hst", "coordinates", M101_RA + " " + M101_DEC, "radius", "20arcmin")
                .select("sci_data_set_name")
                .as(Encoders.STRING())
                .collectAsList());
        Set<String> want =
                bruteForce("hst", "sci_data_set_name", "sci_ra", "sci_dec", M101_RA, M101_DEC, 20 / 60.0, r -> true);
        assertThat(want).hasSizeGreaterThan(20);
        assertThat(got).isEqualTo(want);
    }

    @Test
    void aConeOfOnePointTwoDegreesIsTiledWithinTheLimitAndEqualsTheBruteForceSelection() {
        mast.requestLog().clear();
        List<String> ids = mission(
                        "hst", "coordinates", M101_RA + " " + M101_DEC, "radius", "1.2deg", "pagesize", "100")
                .select("sci_data_set_name")
                .as(Encoders.STRING())
                .collectAsList();
        Set<String> want =
                bruteForce("hst", "sci_data_set_name", "sci_ra", "sci_dec", M101_RA, M101_DEC, 1.2, r -> true);
        assertThat(want).hasSizeGreaterThan(100);
        assertThat(ids).hasSize(want.size()); // no duplicates
        assertThat(new TreeSet<>(ids)).isEqualTo(want);
        List<JsonNode> searches = searchBodies("hst");
        assertThat(searches.size()).isGreaterThan(10);
        assertThat(searches).allSatisfy(s -> {
            assertThat(s.path("radius").asDouble()).isLessThanOrEqualTo(1800.0);
            assertThat(s.path("radius_units").asText()).isEqualTo("arcseconds");
        });
        assertThat(mast.requestLog().count(e -> e.status() != 200)).isZero();
    }

    @Test
    void pushedConditionsSelectWhatSparkWouldSelect() {
        Dataset<Row> df = mission("hst", "coordinates", M101_RA + " " + M101_DEC, "radius", "25arcmin")
                .where("sci_actual_duration > 300 AND sci_actual_duration <= 2000"
                        + " AND sci_instrume IN ('ACS   ', 'WFC3  ', 'WFPC2 ')"
                        + " AND sci_data_set_name LIKE 'I%' AND sci_pep_id >= 0");
        Set<String> got = new TreeSet<>(
                df.select("sci_data_set_name").as(Encoders.STRING()).collectAsList());
        Set<String> want =
                bruteForce("hst", "sci_data_set_name", "sci_ra", "sci_dec", M101_RA, M101_DEC, 25 / 60.0, r -> {
                    double d = ((Number) r.get("sci_actual_duration")).doubleValue();
                    String inst = (String) r.get("sci_instrume");
                    return d > 300
                            && d <= 2000
                            && Set.of("ACS   ", "WFC3  ", "WFPC2 ").contains(inst)
                            && r.get("sci_data_set_name").toString().startsWith("I")
                            && ((Number) r.get("sci_pep_id")).longValue() >= 0;
                });
        assertThat(got).isEqualTo(want);
        JsonNode last = searchBodies("hst").get(searchBodies("hst").size() - 1);
        // Padded values ('ACS   ') are not sent (MAST trims), so that IN stays with Spark.
        Set<String> conditions = new TreeSet<>();
        last.path("conditions").forEach(c -> conditions.add(c.toString()));
        assertThat(conditions)
                .containsExactlyInAnyOrder(
                        "{\"sci_actual_duration\":\"300..2000\"}",
                        "{\"sci_data_set_name\":\"I*\"}",
                        "{\"sci_pep_id\":\">-1\"}");
    }

    @Test
    void productsOfTheDatasetsEqualTheEmulatorsProducts() {
        Dataset<Row> datasets = mission("hst", "coordinates", M101_RA + " " + M101_DEC, "radius", "10arcmin");
        List<String> ids =
                datasets.select("sci_data_set_name").as(Encoders.STRING()).collectAsList();
        mast.requestLog().clear();
        List<Row> products = MastMissions.products(
                        datasets, "hst", Map.of("baseUrl", mast.baseUrl(), "productBatchSize", "7"))
                .collectAsList();
        Set<String> got = products.stream()
                .map(r -> r.<String>getAs("dataset") + "/" + r.<String>getAs("filename"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> want = mast.sky().missionProducts("hst", ids).stream()
                .map(p -> p.get("dataset") + "/" + p.get("filename"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(want).isNotEmpty();
        assertThat(got).isEqualTo(want);
        assertThat(products).hasSize(want.size());
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            if (e.path().endsWith("post_list_products")) {
                try {
                    assertThat(JSON.readTree(e.request()).path("dataset_ids").size())
                            .isLessThanOrEqualTo(7);
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        // The same through load("missions/hst/products") with pushed ids.
        String in = ids.stream().limit(5).map(i -> "'" + i + "'").collect(Collectors.joining(","));
        long viaLoad = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("missions/hst/products")
                .where("dataset IN (" + in + ")")
                .count();
        assertThat(viaLoad)
                .isEqualTo(mast.sky()
                        .missionProducts("hst", ids.stream().limit(5).toList())
                        .size());
    }

    @Test
    void otherMissionsTileByTheirOwnPositionColumns() {
        String center = "10.684708 41.26875"; // M31
        List<String> ids = mission("jwst", "coordinates", center, "radius", "50arcmin")
                .select("fileSetName")
                .as(Encoders.STRING())
                .collectAsList();
        Set<String> want =
                bruteForce("jwst", "fileSetName", "targ_ra", "targ_dec", 10.684708, 41.26875, 50 / 60.0, r -> true);
        assertThat(ids).hasSize(want.size());
        assertThat(new TreeSet<>(ids)).isEqualTo(want);
    }

    /**
     * How far, in arc minutes, a tiled read's {@code ang_sep} may be from one search's: the emulator's
     * haversine, which the reads' SkyMath does not use, rounds both positions to radians before subtracting
     * them (under 3e-13 arc minutes off within a degree of these targets); MAST's own values are off the
     * exact separation too (by 2.5e-14 arc minutes in {@code mission_results.json}).
     */
    private static final double SEP_ARCMIN = 1e-12;

    /** Dataset id to its (search_pos, search_key, ang_sep), for every row of a read. */
    private static Map<String, List<Object>> searchColumns(Dataset<Row> df, String idColumn) {
        Map<String, List<Object>> out = new TreeMap<>();
        for (Row r : df.select(idColumn, "search_pos", "search_key", "ang_sep").collectAsList()) {
            List<Object> previous = out.put(r.getString(0), List.of(r.get(1), r.get(2), r.get(3)));
            assertThat(previous).as("dataset %s read twice", r.getString(0)).isNull();
        }
        return out;
    }

    /**
     * A tiled read's search_pos, search_key and ang_sep describe the user's search, not each tile's cone:
     * for every dataset both reads return they equal those of a read that one search answers (MAST's own
     * values: the target as sent, that text and the id, the separation in arc minutes).
     */
    @Test
    void aTiledReadsSearchColumnsAreThoseOfOneSearchOfTheUsersCone() {
        String center = M101_RA + " " + M101_DEC;
        Map<String, List<Object>> one =
                searchColumns(mission("hst", "coordinates", center, "radius", "30arcmin"), "sci_data_set_name");
        Map<String, List<Object>> tiled =
                searchColumns(mission("hst", "coordinates", center, "radius", "50arcmin"), "sci_data_set_name");
        assertThat(one).hasSizeGreaterThan(20);
        assertThat(tiled.keySet()).containsAll(one.keySet());
        for (Map.Entry<String, List<Object>> e : one.entrySet()) {
            List<Object> t = tiled.get(e.getKey());
            assertThat(t.subList(0, 2)).as(e.getKey()).isEqualTo(e.getValue().subList(0, 2));
            assertThat((Double) t.get(2))
                    .as(e.getKey())
                    .isCloseTo((Double) e.getValue().get(2), within(SEP_ARCMIN));
        }
        Set<Object> positions = new TreeSet<>();
        tiled.values().forEach(v -> positions.add(v.get(0)));
        assertThat(positions).containsExactly("210.802429 54.34875");
        for (Map.Entry<String, List<Object>> e : tiled.entrySet()) {
            assertThat(e.getValue().get(1)).isEqualTo("210.802429 54.34875" + e.getKey());
            assertThat((Double) e.getValue().get(2)).isLessThanOrEqualTo(50.0);
        }
    }

    /**
     * jwst's search answers carry search_pos and search_key, and its column list names them, so a read
     * returns them; tiled, they too describe the user's cone. Only the search columns are asked: the
     * dataset id that search_key needs is read anyway.
     */
    @Test
    void jwstReturnsItsSearchColumnsAndATiledReadRecomputesThem() {
        String center = "10.684708 41.26875"; // M31
        Dataset<Row> one = mission("jwst", "coordinates", center, "radius", "30arcmin");
        assertThat(List.of(one.schema().fieldNames())).contains("search_pos", "search_key", "ang_sep");
        Map<String, List<Object>> single = searchColumns(one, "fileSetName");
        assertThat(single).isNotEmpty();
        List<Row> tiledRows = mission("jwst", "coordinates", center, "radius", "50arcmin")
                .select("search_key", "ang_sep")
                .collectAsList();
        Map<String, Object> tiledSep = new HashMap<>();
        for (Row r : tiledRows) {
            assertThat(r.getString(0)).startsWith("10.684708 41.26875");
            tiledSep.put(r.getString(0), r.get(1));
        }
        for (Map.Entry<String, List<Object>> e : single.entrySet()) {
            assertThat(e.getValue().get(0)).isEqualTo("10.684708 41.26875");
            assertThat((Double) tiledSep.get((String) e.getValue().get(1)))
                    .as(e.getKey())
                    .isCloseTo((Double) e.getValue().get(2), within(SEP_ARCMIN));
        }
    }
}
