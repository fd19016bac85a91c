package org.mastspark.connector.read.panstarrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.stub.RecordedStub;
import org.mastspark.connector.stub.RecordedStub.Answer;

/**
 * {@code load("catalogs/panstarrs/...")} against a local stub: the schema is the recorded
 * {@code metadata.json}; requests carry exactly the pushed decorated parameters, columns, sort and pages;
 * the recorded rows come back as recorded. A second stub table holds synthetic rows and applies cones
 * (with its own distance formula), so a tiled read can be compared with a brute-force selection.
 */
class PanstarrsReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEAN = "/api/v0.1/panstarrs/dr2/mean.json";
    private static final String DR1_MEAN = "/api/v0.1/panstarrs/dr1/mean.json";
    private static final String DR1_STACK = "/api/v0.1/panstarrs/dr1/stack.json";
    private static RecordedStub stub;
    private static SparkSession spark;
    /** Synthetic dr1 rows: objID, raMean, decMean. */
    private static final List<double[]> SKY = new ArrayList<>();

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        stub = new RecordedStub();
        stub.onFile("/api/v0.1/panstarrs/dr2/mean/metadata.json", "panstarrs_columns.json");
        stub.onFile("/api/v0.1/panstarrs/dr1/mean/metadata.json", "panstarrs_columns.json");
        JsonNode recorded = RecordedStub.recordedJson("panstarrs.json");
        stub.on(MEAN, RecordedStub.pagedByPageAndSize(recorded, "data"));
        Random rnd = new Random(11);
        for (int i = 0; i < 6000; i++) {
            SKY.add(new double[] {1_000_000 + i, 150 + (rnd.nextDouble() * 4 - 2), 2 + (rnd.nextDouble() * 4 - 2)});
        }
        stub.on(DR1_MEAN, PanstarrsReadTest::synthetic);
        stub.onFile("/api/v0.1/panstarrs/dr1/stack/metadata.json", "panstarrs_columns.json");
        stub.on(DR1_STACK, PanstarrsReadTest::withoutRightAscension);
    }

    /** One row on page 1 whose raMean is null, whatever the cone; no rows on later pages. */
    private static Answer withoutRightAscension(RecordedStub.Request r) {
        JsonNode body = r.json();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode info = answer.putArray("info");
        ArrayNode data = answer.putArray("data");
        ArrayNode row = body.path("page").asInt() == 1 ? data.addArray() : JSON.createArrayNode();
        body.path("columns").forEach(c -> {
            info.addObject().put("name", c.asText()).put("type", c.asText().equals("objID") ? "long" : "double");
            switch (c.asText()) {
                case "objID" -> row.add("7");
                case "decMean" -> row.add(2.0);
                default -> row.addNull();
            }
        });
        return Answer.ok(answer.toString());
    }

    /** Rows of SKY in the request's cone, sorted by objID, paged; columns as asked. */
    private static Answer synthetic(RecordedStub.Request r) {
        JsonNode body = r.json();
        double ra = body.path("ra").asDouble();
        double dec = body.path("dec").asDouble();
        double radius = body.path("radius").asDouble();
        if (radius > 0.5) {
            return new Answer(400, "{\"error\": \"radius too large\"}".getBytes());
        }
        List<double[]> in = new ArrayList<>();
        for (double[] s : SKY) {
            if (haversineDeg(ra, dec, s[1], s[2]) <= radius) {
                in.add(s);
            }
        }
        in.sort(Comparator.comparingDouble(s -> s[0]));
        int page = body.path("page").asInt();
        int size = body.path("pagesize").asInt();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode info = answer.putArray("info");
        List<String> cols = new ArrayList<>();
        body.path("columns").forEach(c -> cols.add(c.asText()));
        for (String c : cols) {
            info.addObject().put("name", c).put("type", c.equals("objID") ? "long" : "double");
        }
        ArrayNode data = answer.putArray("data");
        for (int i = (page - 1) * size; i < Math.min(page * size, in.size()); i++) {
            double[] s = in.get(i);
            ArrayNode row = data.addArray();
            for (String c : cols) {
                switch (c) {
                    case "objID" -> row.add(String.valueOf((long) s[0]));
                    case "raMean" -> row.add(s[1]);
                    case "decMean" -> row.add(s[2]);
                    default -> row.addNull();
                }
            }
        }
        return Answer.ok(answer.toString());
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

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void clear() {
        stub.clear();
    }

    private static Dataset<Row> mean(String path, String... options) {
        return SparkTestSession.mastReader(stub.baseUrl(), options).load(path);
    }

    private static List<JsonNode> queries(String path) {
        return stub.requests().stream()
                .filter(r -> r.path().equals(path))
                .map(RecordedStub.Request::json)
                .toList();
    }

    @Test
    void schemaIsTheTablesMetadata() {
        StructType schema = mean("catalogs/panstarrs/dr2/mean").schema();
        JsonNode columns = RecordedStub.recordedJson("panstarrs_columns.json");
        assertThat(schema.size()).isEqualTo(124);
        for (int i = 0; i < columns.size(); i++) {
            assertThat(schema.fields()[i].name())
                    .isEqualTo(columns.get(i).path("name").asText());
            assertThat(schema.fields()[i].metadata().getString("comment"))
                    .startsWith(columns.get(i).path("description").asText().trim());
        }
        assertThat(schema.apply("objID").dataType().simpleString()).isEqualTo("bigint");
        assertThat(schema.apply("raMean").dataType().simpleString()).isEqualTo("double");
        assertThat(schema.apply("objName").dataType().simpleString()).isEqualTo("string");
        assertThat(schema.apply("raMean").metadata().getString("ucd")).isEqualTo("pos.eq.ra;meta.main");
    }

    @Test
    void predicatesBecomeDecoratedParameters() {
        mean("catalogs/panstarrs/dr2/mean", "coordinates", "350.96 -31.888", "radius", "0.01deg")
                .where("nDetections >= 5 AND qualityFlag IN (16, 32) AND raMean > 10.5 AND objName = 'x'"
                        + " AND gQfPerfect != 1 AND nStackDetections < 9 AND (objID = 1 OR objID = 2)")
                .select("objName", "objID")
                .collectAsList();
        List<JsonNode> queries = queries(MEAN);
        assertThat(queries).hasSize(4); // pagePartitions 4: pages 1..4, each short or empty
        assertThat(queries).extracting(q -> q.path("page").asInt()).containsExactlyInAnyOrder(1, 2, 3, 4);
        JsonNode q = queries.get(0);
        assertThat(q.path("nDetections.gte").toString()).isEqualTo("5");
        assertThat(q.path("qualityFlag").toString()).isEqualTo("[16,32]");
        assertThat(q.path("raMean.gt").toString()).isEqualTo("10.5");
        assertThat(q.path("objName").toString()).isEqualTo("\"x\"");
        assertThat(q.path("gQfPerfect.ne").toString()).isEqualTo("1");
        assertThat(q.path("nStackDetections.lt").toString()).isEqualTo("9");
        assertThat(q.has("objID")).isFalse(); // the OR stays with Spark
        assertThat(q.path("ra").asDouble()).isEqualTo(350.96);
        assertThat(q.path("dec").asDouble()).isEqualTo(-31.888);
        assertThat(q.path("radius").asDouble()).isEqualTo(0.01);
        assertThat(q.path("pagesize").asInt()).isEqualTo(50000);
        assertThat(q.path("sort_by").toString()).isEqualTo("[\"objID.asc\"]");
        List<String> columns = new ArrayList<>();
        q.path("columns").forEach(c -> columns.add(c.asText()));
        assertThat(columns).contains("objName", "objID").doesNotContain("gMeanPSFMag");
    }

    @Test
    void rowsAreTheRecordedRows() {
        List<Row> rows = mean("catalogs/panstarrs/dr2/mean", "coordinates", "350.96 -31.888", "radius", "0.01deg")
                .select("objName", "objID")
                .collectAsList();
        JsonNode data = RecordedStub.recordedJson("panstarrs.json").path("data");
        assertThat(rows).hasSize(35);
        List<String> got = rows.stream()
                .map(r -> r.getString(0) + "/" + r.getLong(1))
                .sorted()
                .toList();
        List<String> want = new ArrayList<>();
        data.forEach(
                d -> want.add(d.get(0).asText() + "/" + Long.parseLong(d.get(1).asText())));
        assertThat(got).isEqualTo(want.stream().sorted().toList());
    }

    @Test
    void aLimitWithinAPageIsOneRequestOfThatSize() {
        List<Row> rows =
                mean("catalogs/panstarrs/dr2/mean").select("objName").limit(5).collectAsList();
        assertThat(rows).hasSize(5);
        assertThat(queries(MEAN)).singleElement().satisfies(q -> {
            assertThat(q.path("pagesize").asInt()).isEqualTo(5);
            assertThat(q.path("page").asInt()).isEqualTo(1);
            assertThat(q.has("sort_by")).isFalse();
        });
    }

    @Test
    void orderByWithLimitIsSentAsSortBy() {
        mean("catalogs/panstarrs/dr2/mean")
                .orderBy(org.apache.spark.sql.functions.col("raMean").desc())
                .limit(3)
                .collectAsList();
        assertThat(queries(MEAN)).singleElement().satisfies(q -> {
            assertThat(q.path("sort_by").toString()).isEqualTo("[\"raMean.desc\"]");
            assertThat(q.path("pagesize").asInt()).isEqualTo(3);
        });
    }

    @Test
    void aConeLargerThanHalfADegreeIsTiledAndEqualsTheBruteForceSelection() {
        double ra = 150.2;
        double dec = 1.9;
        double radius = 1.3;
        List<Row> rows = mean(
                        "catalogs/panstarrs/dr1/mean",
                        "coordinates",
                        ra + " " + dec,
                        "radius",
                        radius + "deg",
                        "pagesize",
                        "100")
                .select("objID")
                .collectAsList();
        List<Long> got = rows.stream().map(r -> r.getLong(0)).sorted().toList();
        List<Long> want = SKY.stream()
                .filter(s -> haversineDeg(ra, dec, s[1], s[2]) <= radius)
                .map(s -> (long) s[0])
                .sorted()
                .toList();
        assertThat(want.size()).isGreaterThan(1000);
        assertThat(got).isEqualTo(want);
        List<JsonNode> queries = queries(DR1_MEAN);
        assertThat(queries).allSatisfy(q -> {
            assertThat(q.path("radius").asDouble()).isLessThanOrEqualTo(0.5);
            assertThat(q.path("pagesize").asInt()).isEqualTo(100);
        });
        // some tiles hold more than one page (a cell's cone of about 0.35 deg holds about 145 of these rows)
        assertThat(queries).anySatisfy(q -> assertThat(q.path("page").asInt()).isGreaterThan(1));
    }

    @Test
    void theDefaultRadiusIsAskedAndShownInThePlan() {
        Dataset<Row> df = mean("catalogs/panstarrs/dr2/mean", "coordinates", "350.96 -31.888")
                .select("objID");
        assertThat(df.collectAsList()).hasSize(35);
        assertThat(queries(MEAN))
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.path("radius").asDouble()).isEqualTo(0.2));
        assertThat(df.queryExecution().executedPlan().toString())
                .contains("MAST catalogs/panstarrs/dr2/mean within 0.2 deg of 350.96 -31.888 [criteria=]");
    }

    @Test
    void aTiledReadFailsOnARowWithoutAPositionRatherThanDropIt() {
        assertThatThrownBy(() -> mean("catalogs/panstarrs/dr1/stack", "coordinates", "150.2 1.9", "radius", "0.6deg")
                        .select("objID")
                        .collectAsList())
                .hasMessageContaining(
                        "Pan-STARRS search of catalogs/panstarrs/dr1/stack returned a row without a position (null,"
                                + " 2.0); a sky-tiled read cannot place it in a tile");
        assertThat(queries(DR1_STACK)).isNotEmpty();
    }

    @Test
    void aBadPathNamesReleasesAndTables() {
        assertThatThrownBy(() -> mean("catalogs/panstarrs/dr3/mean").schema())
                .hasMessageContaining("release dr1 or dr2 and table mean, stack, detection or forced_mean");
    }

    @Test
    void aTableOfAnotherReleaseIsRefusedBeforeAnyRequest() {
        stub.clear();
        assertThatThrownBy(() -> mean("catalogs/panstarrs/dr1/detection").schema())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'catalogs/panstarrs/dr1/detection' for the path of load(): Pan-STARRS dr1"
                        + " has no table detection: the tables of dr1 are mean, stack; detection is in dr2; read"
                        + " 'catalogs/panstarrs/dr2/detection'");
        assertThatThrownBy(() -> mean("Catalogs/PanSTARRS/DR1/forced_mean").schema())
                .hasMessage("Invalid value 'Catalogs/PanSTARRS/DR1/forced_mean' for the path of load(): Pan-STARRS"
                        + " dr1 has no table forced_mean: the tables of dr1 are mean, stack; forced_mean is in dr2;"
                        + " read 'catalogs/panstarrs/dr2/forced_mean'");
        assertThat(stub.requests()).isEmpty();
    }
}
