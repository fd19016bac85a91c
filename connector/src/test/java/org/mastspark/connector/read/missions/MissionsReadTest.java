package org.mastspark.connector.read.missions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastMissions;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.stub.RecordedStub;
import org.mastspark.connector.stub.RecordedStub.Answer;

/**
 * {@code load("missions/...")} against recorded MAST answers served by a local stub that applies only
 * {@code limit}/{@code offset} (no conditions, no cone): the requests carry exactly the pushed conditions,
 * columns, pages and cones; rows come back as recorded; tiled reads keep each row once.
 */
class MissionsReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH = "/search/hst/api/v0.1/search";
    private static RecordedStub stub;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        stub = new RecordedStub();
        stub.onFile("/search/util/api/v0.1/column_list", "mission_columns.json");
        stub.onFile("/search/hst/api/v0.1/post_list_products", "mission_products.json");
        JsonNode recorded = RecordedStub.recordedJson("mission_results.json");
        stub.on(SEARCH, RecordedStub.pagedByLimitAndOffset(recorded, "results"));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void clear() {
        stub.clear();
    }

    private static Dataset<Row> hst(String... options) {
        return SparkTestSession.mastReader(stub.baseUrl(), options).load("missions/hst");
    }

    private static List<JsonNode> searches() {
        return stub.requests().stream()
                .filter(r -> r.path().equals(SEARCH))
                .map(RecordedStub.Request::json)
                .toList();
    }

    @Test
    void schemaIsTheColumnListWithDescriptions() {
        StructType schema = hst().schema();
        JsonNode columns = RecordedStub.recordedJson("mission_columns.json");
        assertThat(schema.size()).isEqualTo(57);
        for (int i = 0; i < columns.size(); i++) {
            assertThat(schema.fields()[i].name())
                    .isEqualTo(columns.get(i).path("column_name").asText());
            assertThat(schema.fields()[i].metadata().getString("comment"))
                    .isEqualTo(columns.get(i).path("description").asText().trim());
        }
        assertThat(schema.apply("sci_start_time").dataType().simpleString()).isEqualTo("timestamp");
        assertThat(schema.apply("sci_pep_id").dataType().simpleString()).isEqualTo("bigint");
        assertThat(schema.apply("sci_ra").dataType().simpleString()).isEqualTo("double");
        assertThat(schema.apply("sci_targname").dataType().simpleString()).isEqualTo("string");
    }

    @Test
    void aConeReadReturnsTheRecordedRowsAndSendsTheRadiusInArcseconds() {
        List<Row> rows = hst("coordinates", "40.66963 -0.01328", "radius", "3arcmin")
                .select("sci_data_set_name", "sci_start_time", "sci_actual_duration", "sci_pep_id", "sci_hlsp")
                .collectAsList();
        JsonNode recorded = RecordedStub.recordedJson("mission_results.json").path("results");
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode want = recorded.get(i);
            Row got = rows.get(i);
            assertThat(got.getString(0))
                    .isEqualTo(want.path("sci_data_set_name").asText());
            assertThat(((Timestamp) got.get(1)).toInstant())
                    .isEqualTo(Instant.parse(want.path("sci_start_time").asText() + "Z"));
            assertThat(got.getDouble(2))
                    .isEqualTo(want.path("sci_actual_duration").asDouble());
            assertThat(got.getLong(3)).isEqualTo(want.path("sci_pep_id").asLong());
            assertThat(got.isNullAt(4)).isTrue();
        }
        List<JsonNode> searches = searches();
        // A one-row count probe, then one page.
        assertThat(searches).hasSize(2);
        assertThat(searches.get(0).path("limit").asInt()).isEqualTo(1);
        JsonNode page = searches.get(1);
        assertThat(page.path("limit").asInt()).isEqualTo(5000);
        assertThat(page.path("offset").asInt()).isEqualTo(0);
        assertThat(page.path("target").toString()).isEqualTo("[\"40.66963 -0.01328\"]");
        assertThat(page.path("radius").asDouble()).isEqualTo(180.0);
        assertThat(page.path("radius_units").asText()).isEqualTo("arcseconds");
        assertThat(strings(page.path("select_cols")))
                .containsExactlyInAnyOrder(
                        "sci_data_set_name", "sci_start_time", "sci_actual_duration", "sci_pep_id", "sci_hlsp");
    }

    @Test
    void predicatesBecomeConditionsWithMastsOperators() {
        hst().where("sci_pep_id IN (12556, 8794) AND sci_obs_type = 'SPECTRUM'"
                        + " AND sci_actual_duration >= 100 AND sci_actual_duration < 3000"
                        + " AND sci_targname LIKE 'HI%' AND sci_instrume != 'ACS' AND sci_refnum > 5"
                        + " AND sci_hlsp <= 2 AND ang_sep < 2 AND (sci_aec = 'S' OR sci_aec = 'T')")
                .select("sci_data_set_name", "sci_pep_id")
                .collectAsList();
        JsonNode page = searches().get(searches().size() - 1);
        Set<String> conditions = new HashSet<>();
        page.path("conditions").forEach(c -> conditions.add(c.toString()));
        assertThat(conditions)
                .containsExactlyInAnyOrder(
                        "{\"sci_pep_id\":\"12556,8794\"}",
                        "{\"sci_obs_type\":\"SPECTRUM\"}",
                        "{\"sci_actual_duration\":\"100..3000\"}",
                        "{\"sci_targname\":\"HI*\"}",
                        "{\"sci_instrume\":\"!ACS\"}",
                        "{\"sci_refnum\":\">5\"}",
                        "{\"sci_hlsp\":\"<3\"}");
        // The dataset keyword is always asked, as astroquery does; columns Spark re-checks are asked too.
        assertThat(strings(page.path("select_cols")))
                .contains("sci_data_set_name", "sci_pep_id", "sci_targname", "sci_instrume", "ang_sep", "sci_aec")
                .doesNotContain("sci_hapnum", "sci_ra");
    }

    @Test
    void predicatesMastCannotTakeStayWithSpark() {
        Dataset<Row> df = hst().where("sci_targname = 'A,B' AND sci_start_time > '2000-01-01'");
        df.collectAsList();
        JsonNode page = searches().get(searches().size() - 1);
        assertThat(page.path("conditions").size()).isZero();
    }

    @Test
    void aSmallLimitIsOneRequestOfThatLimit() {
        List<Row> rows = hst().select("sci_data_set_name").limit(2).collectAsList();
        assertThat(rows).extracting(r -> r.getString(0)).containsExactly("W1DG8D06T", "W1DG9S01T");
        assertThat(searches()).singleElement().satisfies(s -> {
            assertThat(s.path("limit").asInt()).isEqualTo(2);
            assertThat(s.path("offset").asInt()).isEqualTo(0);
        });
    }

    @Test
    void pagesArePartitionsOfLimitAndOffset() {
        Dataset<Row> df = hst("pagesize", "1").select("sci_data_set_name");
        assertThat(df.rdd().getNumPartitions()).isEqualTo(3);
        stub.clear();
        List<String> names = df.as(Encoders.STRING()).collectAsList();
        assertThat(names).containsExactly("W1DG8D06T", "W1DG9S01T", "J8DM01ELQ");
        List<Integer> offsets = new ArrayList<>();
        for (JsonNode s : searches()) {
            if (s.path("limit").asInt() == 1 && s.path("select_cols").size() == 1 && names.size() > 0) {
                offsets.add(s.path("offset").asInt());
            }
        }
        // the count probe (offset 0) and the three pages
        assertThat(offsets).containsExactlyInAnyOrder(0, 0, 1, 2);
    }

    @Test
    void orderByWithLimitIsSentAsSortByAndSortDesc() {
        hst().orderBy(org.apache.spark.sql.functions.col("sci_pep_id").desc())
                .limit(2)
                .collectAsList();
        JsonNode page = searches().get(searches().size() - 1);
        assertThat(strings(page.path("sort_by"))).containsExactly("sci_pep_id");
        assertThat(page.path("sort_desc").toString()).isEqualTo("[true]");
        assertThat(page.path("limit").asInt()).isEqualTo(2);
    }

    @Test
    void aConeLargerThanThirtyArcminIsTiledAndEachRowKeptOnce() {
        // The stub answers every tile with all three recorded rows: only ownership keeps them once.
        List<String> names = hst("coordinates", "40.69 -0.03", "radius", "1deg")
                .select("sci_data_set_name")
                .as(Encoders.STRING())
                .collectAsList();
        assertThat(names).containsExactlyInAnyOrder("W1DG8D06T", "W1DG9S01T", "J8DM01ELQ");
        List<JsonNode> searches = searches();
        assertThat(searches.size()).isGreaterThan(4);
        assertThat(searches).allSatisfy(s -> {
            assertThat(s.path("radius").asDouble()).isLessThanOrEqualTo(1800.0);
            assertThat(s.path("target").size()).isEqualTo(1);
            assertThat(strings(s.path("select_cols"))).contains("sci_ra", "sci_dec");
        });
    }

    @Test
    void tiledRowsOutsideTheUsersConeAreDropped() {
        // The recorded rows lie about 1.2 degrees from this centre.
        List<Row> rows = hst("coordinates", "41.9 -0.03", "radius", "1deg").collectAsList();
        assertThat(rows).isEmpty();
        assertThat(searches()).isNotEmpty();
    }

    /**
     * A tiled read cannot place a dataset without a position in a tile: it fails naming the search, rather
     * than drop the row from every tile.
     */
    @Test
    void aTiledReadOfADatasetWithoutAPositionFailsRatherThanLoseIt() {
        RecordedStub own = new RecordedStub();
        try (own) {
            own.onFile("/search/util/api/v0.1/column_list", "mission_columns.json");
            ObjectNode recorded = (ObjectNode) RecordedStub.recordedJson("mission_results.json");
            ((ObjectNode) recorded.path("results").get(1)).putNull("sci_ra");
            own.on(SEARCH, RecordedStub.pagedByLimitAndOffset(recorded, "results"));
            Dataset<Row> df = SparkTestSession.mastReader(own.baseUrl(), "coordinates", "40.69 -0.03", "radius", "1deg")
                    .load("missions/hst")
                    .select("sci_data_set_name");
            assertThatThrownBy(df::collectAsList)
                    .rootCause()
                    .hasMessage("Mission search of missions/hst returned a row without a position (null, "
                            + recorded.path("results").get(1).path("sci_dec").asDouble()
                            + "); a sky-tiled read cannot place it in a tile");
        }
    }

    @Test
    void productsOfPushedDatasetIdsAreTheRecordedProducts() {
        List<Row> rows = spark.read()
                .format("mast")
                .option("baseUrl", stub.baseUrl())
                .load("missions/hst/products")
                .where("dataset = 'Z14Z0104T'")
                .collectAsList();
        JsonNode recorded = RecordedStub.recordedJson("mission_products.json").path("products");
        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            JsonNode p = recorded.get(i);
            Row r = rows.get(i);
            assertThat(r.<String>getAs("product_key"))
                    .isEqualTo(p.path("product_key").asText());
            assertThat(r.<String>getAs("uri")).isEqualTo(p.path("uri").asText());
            assertThat(r.<String>getAs("category")).isEqualTo(p.path("category").asText());
            assertThat(r.<Long>getAs("size")).isEqualTo(p.path("size").asLong());
            assertThat(r.<String>getAs("instrument_name")).isEqualTo("HRS   ");
        }
        assertThat(stub.requests())
                .filteredOn(r -> r.path().endsWith("post_list_products"))
                .singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"dataset_ids\":[\"Z14Z0104T\"]}"));
    }

    @Test
    void productsWithoutDatasetIdsSayHowToGiveThem() {
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", stub.baseUrl())
                        .load("missions/hst/products")
                        .collectAsList())
                .hasMessageContaining("needs dataset ids")
                .hasMessageContaining("MastMissions.products");
    }

    @Test
    void productsOfADataFrameOfDatasetsAreAskedInBatchesOfAtMostAThousand() {
        RecordedStub own = new RecordedStub();
        try (own) {
            own.on("/search/jwst/api/v0.1/post_list_products", r -> {
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode products = answer.putArray("products");
                for (JsonNode id : r.json().path("dataset_ids")) {
                    ObjectNode p = products.addObject();
                    p.put("dataset", id.asText());
                    p.put("filename", id.asText().toLowerCase() + "_cal.fits");
                    p.put("size", 100);
                }
                return Answer.ok(answer.toString());
            });
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                ids.add("jw" + i);
                if (i % 10 == 0) {
                    ids.add("jw" + i); // duplicates are looked up once
                }
            }
            Dataset<Row> datasets = spark.createDataset(ids, Encoders.STRING())
                    .toDF("fileSetName")
                    .repartition(2);
            List<Row> products = MastMissions.products(datasets, "jwst", Map.of("baseUrl", own.baseUrl()))
                    .collectAsList();
            assertThat(products).hasSize(2500);
            assertThat(products.stream()
                            .map(r -> r.<String>getAs("dataset"))
                            .distinct()
                            .count())
                    .isEqualTo(2500);
            List<RecordedStub.Request> requests = own.requests();
            assertThat(requests)
                    .allSatisfy(
                            r -> assertThat(r.json().path("dataset_ids").size()).isLessThanOrEqualTo(1000));
            Set<String> asked = new HashSet<>();
            int total = 0;
            for (RecordedStub.Request r : requests) {
                for (JsonNode id : r.json().path("dataset_ids")) {
                    asked.add(id.asText());
                    total++;
                }
            }
            assertThat(asked).hasSize(2500);
            assertThat(total).isEqualTo(2500);
            assertThat(requests.size()).isBetween(3, 4);
        }
    }

    @Test
    void aBadMissionPathNamesTheAcceptedForms() {
        assertThatThrownBy(() -> spark.read().format("mast").load("missions/hst/things"))
                .hasMessageContaining("'missions/<mission>' or 'missions/<mission>/products'");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
