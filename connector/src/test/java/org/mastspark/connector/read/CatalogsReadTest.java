package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * Portal catalogs read through {@code format("mast")} equal the emulator's own evaluation of the user's
 * cone (row for row, every value), also when the cone holds more rows than one request may return and
 * the read is sky-tiled; no request the connector sends matches more rows than the service's cap.
 */
class CatalogsReadTest {
    private static MastEmulator mast;
    private static SparkSession spark;
    /** A lowered result limit, so that tiling happens on small, fast data (the proof test uses MAST's). */
    private static final int LIMIT = 8_000;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(11).scale(20).resultLimit(LIMIT).build();
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

    private DataFrameReader read() {
        return spark.read().format("mast").option("baseUrl", mast.baseUrl()).option("maxResultRows", LIMIT);
    }

    /** Row key to fingerprint of every stored value, for a Spark result. */
    private static Map<String, Long> byKey(List<Row> rows, String key, StructType stored) {
        Map<String, Long> out = new HashMap<>();
        for (Row r : rows) {
            Long previous = out.put(r.getAs(key).toString(), CatalogTruth.fingerprint(r, stored));
            assertThat(previous).as("row %s read twice", (Object) r.getAs(key)).isNull();
        }
        return out;
    }

    /** The emulator's answer to the user's cone, as key to fingerprint. */
    private static Map<String, Long> truth(String service, double ra, double dec, double r, String key, StructType s) {
        Map<String, Long> out = new HashMap<>();
        CatalogTruth.forEachRow(
                CatalogTruth.table(mast.sky(), service, CatalogTruth.cone(ra, dec, r)),
                row -> out.put(row.get(key).asText(), CatalogTruth.fingerprint(row, s)));
        return out;
    }

    private static void assertNoRequestOverTheCap(String service, long cap) {
        List<RequestLog.Entry> entries = CatalogTruth.entries(mast, service);
        assertThat(entries).isNotEmpty();
        assertThat(entries)
                .allSatisfy(e ->
                        assertThat(e.status()).as("dropped: %s", e.request()).isEqualTo(200));
        Map<String, Long> matched = CatalogTruth.matchedPerRequest(mast, service);
        assertThat(matched.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(cap));
    }

    @Test
    void ticConeThatFitsOneRequestEqualsTheEmulatorsAnswer() {
        Dataset<Row> df = read().option("coordinates", "210.8 54.35")
                .option("radius", "3arcmin")
                .load("catalogs/tic");
        List<Row> rows = df.collectAsList();
        StructType stored = CatalogTruth.stored(df.schema());
        assertThat(stored.size()).isEqualTo(89);
        Map<String, Long> expected = truth("Mast.Catalogs.Tic.Cone", 210.8, 54.35, 0.05, "ID", stored);
        assertThat(expected).hasSizeBetween(100, LIMIT);
        assertThat(byKey(rows, "ID", stored)).isEqualTo(expected);
        for (Row r : rows) {
            double sep = EmulatorData.separationDeg(210.8, 54.35, r.getAs("ra"), r.getAs("dec")) * 3600;
            assertThat((Double) r.getAs("dstArcSec")).isCloseTo(sep, within(1e-6));
        }
        // one request counted the cone, the partition read it again with the same cacheBreaker
        assertThat(CatalogTruth.entries(mast, "Mast.Catalogs.Tic.Cone")).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void gaiaConeBeyondTheLimitIsTiledAndEqualsTheEmulatorsAnswer() {
        double ra = 30.5;
        double dec = -20.25;
        // Over four times the limit (0.35 degrees held 62,089 rows and made 522 tiles). At 0.25 a Gaia counterpart
        // sits 0.2499175 degrees from the centre while its TIC star's cell is outside the cone: the emulator's
        // whole-cone answer missed it until the emulator widened its cells by how far a source may lie outside its
        // own, while a tile's cone found it.
        double radius = 0.25;
        Dataset<Row> df = read().option("coordinates", ra + " " + dec)
                .option("radius", radius + "deg")
                .load("catalogs/gaia");
        List<Row> rows = df.collectAsList();
        StructType stored = CatalogTruth.stored(df.schema());
        Map<String, Long> expected = truth("Mast.Catalogs.GaiaDR3.Cone", ra, dec, radius, "source_id", stored);
        assertThat(expected.size()).as("holds several times the limit").isGreaterThan(4 * LIMIT);
        assertThat(byKey(rows, "source_id", stored)).isEqualTo(expected);
        assertNoRequestOverTheCap("Mast.Catalogs.GaiaDR3.Cone", LIMIT);
    }

    @Test
    void hscConesAreTiledBelowNr() {
        // HSC caps each answer at nr = 50,000 rows: a cone holding more is tiled below it. This emulator
        // has MAST's own 500,000-row result limit, so nr is the binding cap.
        try (MastEmulator hsc = MastEmulator.builder().seed(11).scale(20).build()) {
            hscConesAreTiledBelowNr(hsc);
        }
    }

    private void hscConesAreTiledBelowNr(MastEmulator mast) {
        double ra = 150.1;
        double dec = 2.2;
        double radius = 1.0;
        Dataset<Row> df = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", ra + " " + dec)
                .option("radius", radius + "deg")
                .load("catalogs/hsc");
        StructType stored = CatalogTruth.stored(df.schema());
        Dataset<Row> few = df.select("MatchID", "MatchRA", "MatchDec", "dstArcSec");
        Set<Long> ids = few.collectAsList().stream().map(r -> r.getLong(0)).collect(Collectors.toSet());
        Map<String, Long> expected = new HashMap<>();
        CatalogTruth.forEachRow(
                CatalogTruth.table(mast.sky(), "Mast.Hsc.Db.v3", hscCone(ra, dec, radius)),
                row -> expected.put(row.get("MatchID").asText(), 0L));
        assertThat(expected.size()).isGreaterThan(50_000);
        assertThat(ids.stream().map(String::valueOf).collect(Collectors.toSet()))
                .isEqualTo(expected.keySet());
        assertThat(stored.fieldNames()).contains("MatchID", "MatchRA", "MatchDec", "A_F814W");
        for (RequestLog.Entry e : CatalogTruth.entries(mast, "Mast.Hsc.Db.v3")) {
            assertThat(e.request()).contains("\"nr\": 50000");
        }
        Map<String, Long> matched = CatalogTruth.matchedPerRequest(mast, "Mast.Hsc.Db.v3");
        assertThat(matched.values()).allSatisfy(n -> assertThat(n).isLessThan(50_000));
    }

    private static ObjectNode hscCone(double ra, double dec, double radius) {
        // nr far above the cone's rows: the emulator's whole answer, not a capped one
        var p = CatalogTruth.cone(ra, dec, radius);
        p.put("nr", 10_000_000);
        return p;
    }

    @Test
    void ticCriteriaArePushedToTheFilteredPositionService() {
        Dataset<Row> df = read().option("coordinates", "100.0 -30.0")
                .option("radius", "0.1deg")
                .load("catalogs/tic")
                .where("Tmag < 12 AND objType = 'STAR'")
                .select("ID", "Tmag", "objType");
        List<Row> rows = df.collectAsList();
        Set<String> expected = new HashSet<>();
        CatalogTruth.forEachRow(
                CatalogTruth.table(mast.sky(), "Mast.Catalogs.Tic.Cone", CatalogTruth.cone(100.0, -30.0, 0.1)), row -> {
                    if (row.get("Tmag").asDouble() < 12
                            && row.get("objType").asText().equals("STAR")) {
                        expected.add(row.get("ID").asText());
                    }
                });
        assertThat(rows.stream().map(r -> r.getString(0)).collect(Collectors.toSet()))
                .isEqualTo(expected)
                .isNotEmpty();
        List<RequestLog.Entry> filtered = CatalogTruth.entries(mast, "Mast.Catalogs.Filtered.Tic.Position.Rows");
        assertThat(filtered).isNotEmpty();
        assertThat(filtered.get(0).request())
                .contains("\"paramName\": \"Tmag\"")
                .contains("\"paramName\": \"objType\"")
                .containsPattern("\"columns\": \"[^*\"]*ID[^*\"]*,ra,dec\"");
        assertThat(CatalogTruth.entries(mast, "Mast.Catalogs.Tic.Cone")).isEmpty();
    }

    @Test
    void healpixColumnIsTheNestedCellOfEachRowAtTheChosenOrder() {
        Dataset<Row> df = read().option("coordinates", "45.0 10.0")
                .option("radius", "2arcmin")
                .option("healpixOrder", "12")
                .load("catalogs/tic")
                .select("ra", "dec", "healpix");
        List<Row> rows = df.collectAsList();
        assertThat(rows).hasSizeGreaterThan(10);
        for (Row r : rows) {
            assertThat(r.getLong(2)).isEqualTo(Healpix.nest(12, r.getDouble(0), r.getDouble(1)));
        }
        StructType deflt = read().option("coordinates", "45.0 10.0")
                .option("radius", "2arcmin")
                .option("healpix", "true")
                .load("catalogs/tic")
                .schema();
        assertThat(deflt.apply("healpix").metadata().getLong("healpix_order")).isEqualTo(29);
        assertThat(read().option("coordinates", "45.0 10.0")
                        .load("catalogs/tic")
                        .schema()
                        .fieldNames())
                .doesNotContain("healpix");
    }

    @Test
    void badOptionsAreRejectedNamingTheOptionTheValueAndTheFix() {
        assertThatThrownBy(() -> read().option("coordinates", "1 1")
                        .option("version", "dr5")
                        .load("catalogs/gaia"))
                .hasMessageContaining("'dr5'")
                .hasMessageContaining("option 'version'")
                .hasMessageContaining("dr3");
        assertThatThrownBy(() -> read().option("coordinates", "1 1")
                        .option("version", "v9")
                        .load("catalogs/hsc"))
                .hasMessageContaining("'v9'")
                .hasMessageContaining("v3 (the default) or v2");
        assertThatThrownBy(() -> read().option("coordinates", "1 1")
                        .option("version", "2")
                        .load("catalogs/tic"))
                .hasMessageContaining("option 'version'")
                .hasMessageContaining("remove it");
        assertThatThrownBy(() -> read().option("healpixOrder", "30").load("catalogs/tic"))
                .hasMessageContaining("'30'")
                .hasMessageContaining("option 'healpixOrder'")
                .hasMessageContaining("0 to 29");
        assertThatThrownBy(() -> read().option("healpix", "yes").load("catalogs/tic"))
                .hasMessageContaining("'yes'")
                .hasMessageContaining("option 'healpix'")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> read().load("catalogs/sdss"))
                .hasMessageContaining("'catalogs/sdss'")
                .hasMessageContaining("tic, ctl, gaia");
        assertThatThrownBy(() -> read().load("catalogs/tic").collectAsList())
                .hasMessageContaining("needs a position")
                .hasMessageContaining("'coordinates'");
    }

    @Test
    void limitReadsNoMoreThanItNeeds() {
        List<Row> rows = read().option("coordinates", "210.8 54.35")
                .option("radius", "3arcmin")
                .load("catalogs/tic")
                .limit(7)
                .collectAsList();
        assertThat(rows).hasSize(7);
    }

    static JsonNode unused() {
        return null;
    }
}
