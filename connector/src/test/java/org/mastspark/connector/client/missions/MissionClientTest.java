package org.mastspark.connector.client.missions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.MastServiceException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.stub.RecordedStub;
import org.mastspark.connector.stub.RecordedStub.Answer;

/**
 * The Mission Search client against recorded MAST answers served by a local stub: the requests are
 * those the spec records for astroquery, and the rows and values are exactly the recorded ones.
 */
class MissionClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH = "/search/hst/api/v0.1/search";
    private RecordedStub stub;

    @BeforeEach
    void start() {
        stub = new RecordedStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private MissionClient client() {
        return new MissionClient(stub.quickRetries());
    }

    /** Answers searches from the recorded rows, applying the request's limit and offset (nothing else). */
    private void servePagedResults() {
        JsonNode recorded = RecordedStub.recordedJson("mission_results.json");
        stub.on(SEARCH, RecordedStub.pagedByLimitAndOffset(recorded, "results"));
    }

    @Test
    void columnListIsAskedForTheMissionAndDescribesEveryColumn() {
        stub.onFile("/search/util/api/v0.1/column_list", "mission_columns.json");
        List<MissionColumn> columns = client().columns("HST", new ClientMetrics());

        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.query()).isEqualTo("mission=hst");
        });
        JsonNode recorded = RecordedStub.recordedJson("mission_columns.json");
        assertThat(columns).hasSize(57).hasSize(recorded.size());
        for (int i = 0; i < columns.size(); i++) {
            MissionColumn c = columns.get(i);
            JsonNode r = recorded.get(i);
            assertThat(c.name()).isEqualTo(r.path("column_name").asText());
            assertThat(c.label()).isEqualTo(r.path("field_name").asText());
            assertThat(c.description()).isEqualTo(r.path("description").asText().trim());
            assertThat(c.queryable()).isEqualTo(r.path("queryable").asText().equals("yes"));
        }
        assertThat(columns.get(0).name()).isEqualTo("search_pos");
        assertThat(columns.get(0).queryable()).isFalse();
        MissionColumn start = columns.stream()
                .filter(c -> c.name().equals("sci_start_time"))
                .findFirst()
                .orElseThrow();
        assertThat(start.type()).isEqualTo(MastType.TIMESTAMP);
        assertThat(columns.stream()
                        .filter(c -> c.name().equals("sci_pep_id"))
                        .findFirst()
                        .orElseThrow()
                        .type())
                .isEqualTo(MastType.LONG);
        assertThat(columns.stream()
                        .filter(c -> c.name().equals("sci_ra"))
                        .findFirst()
                        .orElseThrow()
                        .qualType())
                .isEqualTo("ra");
    }

    @Test
    void anUnknownMissionIsNamedInTheError() {
        stub.on("/search/util/api/v0.1/column_list", r -> Answer.ok("[]"));
        assertThatThrownBy(() -> client().columns("nosuch", new ClientMetrics()))
                .isInstanceOf(MastException.class)
                .hasMessageContaining("mission 'nosuch'")
                .hasMessageContaining("check the mission name");
    }

    @Test
    void searchBodyIsTheOneAstroqueryRecordsForAConeWithConditions() throws Exception {
        servePagedResults();
        MissionSearch search = MissionSearch.of("hst")
                .withSelectCols(List.of("sci_pep_id", "sci_instrume", "sci_data_set_name"))
                .withConditions(List.of(
                        MissionSearch.Condition.text("sci_pep_id", "12556,8794"),
                        MissionSearch.Condition.text("sci_obs_type", "SPECTRUM")))
                .withSort(List.of("sci_pep_id"), List.of(true))
                .withCone(23.34086, 60.658, 180.0);
        try (MissionCursor c = client().search(search, -1, RowLayout.builder().build(), new ClientMetrics())) {
            while (c.next()) {
                // drain
            }
        }
        RecordedStub.Request r = stub.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(SEARCH);
        assertThat(r.contentType()).startsWith("application/json");
        // mast-api.md 7.2, recorded from astroquery HEAD.
        JsonNode expected = JSON.readTree("{\"limit\": 5000, \"offset\": 0, \"select_cols\": [\"sci_pep_id\","
                + " \"sci_instrume\", \"sci_data_set_name\"], \"target\": [\"23.34086 60.658\"], \"radius\": 180.0,"
                + " \"radius_units\": \"arcseconds\", \"conditions\": [{\"sci_pep_id\": \"12556,8794\"},"
                + " {\"sci_obs_type\": \"SPECTRUM\"}], \"sort_by\": [\"sci_pep_id\"], \"sort_desc\": [true]}");
        assertThat(r.json()).isEqualTo(expected);
        List<String> keys = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "limit",
                        "offset",
                        "select_cols",
                        "target",
                        "radius",
                        "radius_units",
                        "conditions",
                        "sort_by",
                        "sort_desc");
    }

    @Test
    void noSelectedColumnsSendsNullAsAstroqueryDoes() {
        assertThat(MissionSearch.of("hst").json()).contains("\"select_cols\":null");
    }

    @Test
    void searchRowsAreTheRecordedRowsWithTheirTypes() {
        servePagedResults();
        RowLayout layout = RowLayout.builder()
                .add("sci_data_set_name", MastType.STRING)
                .add("sci_start_time", MastType.TIMESTAMP)
                .add("sci_actual_duration", MastType.DOUBLE)
                .add("sci_pep_id", MastType.LONG)
                .add("sci_instrume", MastType.STRING)
                .add("scp_scan_type", MastType.STRING)
                .add("sci_hlsp", MastType.LONG)
                .add("ang_sep", MastType.DOUBLE)
                .add("not_in_answer", MastType.STRING)
                .build();
        List<Object[]> rows = new ArrayList<>();
        MissionCursor cursor;
        try (MissionCursor c = client().search(MissionSearch.of("hst"), -1, layout, new ClientMetrics())) {
            cursor = c;
            while (c.next()) {
                rows.add(c.current());
            }
        }
        assertThat(cursor.totalResults()).isEqualTo(3);
        JsonNode recorded = RecordedStub.recordedJson("mission_results.json").path("results");
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode want = recorded.get(i);
            Object[] got = rows.get(i);
            assertThat(got[0]).isEqualTo(want.path("sci_data_set_name").asText());
            assertThat(got[1])
                    .isEqualTo(Instant.parse(want.path("sci_start_time").asText() + "Z"));
            assertThat(got[2]).isEqualTo(want.path("sci_actual_duration").asDouble());
            assertThat(got[3]).isEqualTo(want.path("sci_pep_id").asLong());
            assertThat(got[4]).isEqualTo(want.path("sci_instrume").asText());
            assertThat(got[5]).isNull();
            assertThat(got[6]).isNull();
            assertThat(got[7]).isEqualTo(want.path("ang_sep").asDouble());
            assertThat(got[8]).isNull();
        }
        assertThat(rows.get(0)[0]).isEqualTo("W1DG8D06T");
        assertThat(rows.get(0)[1]).isEqualTo(Instant.parse("1993-09-24T21:00:16.633Z"));
        assertThat(rows.get(0)[4]).isEqualTo("WFPC  ");
    }

    @Test
    void pagesFollowLimitAndOffsetUntilTotalResults() {
        servePagedResults();
        RowLayout layout =
                RowLayout.builder().add("sci_data_set_name", MastType.STRING).build();
        List<Object> names = new ArrayList<>();
        try (MissionCursor c =
                client().search(MissionSearch.of("hst").withPage(1, 0), -1, layout, new ClientMetrics())) {
            while (c.next()) {
                names.add(c.current()[0]);
            }
        }
        assertThat(names).containsExactly("W1DG8D06T", "W1DG9S01T", "J8DM01ELQ");
        assertThat(stub.requests())
                .extracting(r -> r.json().path("offset").asInt())
                .containsExactly(0, 1, 2);
    }

    @Test
    void aRowBudgetStopsPaging() {
        servePagedResults();
        RowLayout layout =
                RowLayout.builder().add("sci_data_set_name", MastType.STRING).build();
        int n = 0;
        try (MissionCursor c =
                client().search(MissionSearch.of("hst").withPage(1, 1), 2, layout, new ClientMetrics())) {
            while (c.next()) {
                n++;
            }
        }
        assertThat(n).isEqualTo(2);
        assertThat(stub.requests())
                .extracting(r -> r.json().path("offset").asInt())
                .containsExactly(1, 2);
    }

    @Test
    void anAnswerBrokenOffMidRowIsAskedAgainWithoutLosingOrRepeatingRows() {
        String full = RecordedStub.recorded("mission_results.json");
        int cut = full.indexOf("W1DG9S01T") + 3;
        AtomicInteger calls = new AtomicInteger();
        stub.on(
                SEARCH,
                r -> calls.getAndIncrement() == 0
                        ? new Answer(200, full.substring(0, cut).getBytes(StandardCharsets.UTF_8))
                        : Answer.ok(full));
        RowLayout layout =
                RowLayout.builder().add("sci_data_set_name", MastType.STRING).build();
        List<Object> names = new ArrayList<>();
        ClientMetrics metrics = new ClientMetrics();
        try (MissionCursor c = client().search(MissionSearch.of("hst"), -1, layout, metrics)) {
            while (c.next()) {
                names.add(c.current()[0]);
            }
        }
        assertThat(names).containsExactly("W1DG8D06T", "W1DG9S01T", "J8DM01ELQ");
        assertThat(stub.requests()).hasSize(2);
        assertThat(metrics.retries()).isEqualTo(1);
    }

    @Test
    void anAnswerWithoutResultsIsAnErrorNamingTheMission() {
        stub.on(SEARCH, r -> Answer.ok(RecordedStub.recorded("v0.4.6/mission_incorrect_results.json")));
        assertThatThrownBy(() -> {
                    try (MissionCursor c = client().search(
                                    MissionSearch.of("hst"),
                                    -1,
                                    RowLayout.builder().build(),
                                    new ClientMetrics())) {
                        c.next();
                    }
                })
                .isInstanceOf(MastServiceException.class)
                .hasMessageContaining("Mission search hst")
                .hasMessageContaining("no 'results'");
    }

    @Test
    void aRefusedSearchNamesTheRequestAndCarriesMastsMessage() {
        stub.on(
                SEARCH,
                r -> new Answer(
                        400,
                        "{\"detail\": \"Unknown column in conditions: sci_nope\"}".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> {
                    try (MissionCursor c = client().search(
                                    MissionSearch.of("hst")
                                            .withConditions(List.of(MissionSearch.Condition.text("sci_nope", "x"))),
                                    -1,
                                    RowLayout.builder().build(),
                                    new ClientMetrics())) {
                        c.next();
                    }
                })
                .isInstanceOf(MastHttpException.class)
                .hasMessageContaining("Mission search hst (offset 0, limit 5000) failed: HTTP 400")
                .hasMessageContaining("Unknown column in conditions: sci_nope");
        assertThat(stub.requests()).hasSize(1); // a 400 is not retried
    }

    @Test
    void radiusAboveThirtyArcminAndTooManyTargetsAreRefusedByTheRequest() {
        assertThatThrownBy(() -> MissionSearch.of("jwst").withCone(10, 10, 1800.1))
                .hasMessageContaining("30 arcmin");
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            targets.add(MissionSearch.target(i, 0));
        }
        assertThatThrownBy(() -> new MissionSearch("hst", targets, 10.0, null, null, null, null, 10, 0))
                .hasMessageContaining("at most 100");
    }

    @Test
    void productsAreTheRecordedProductsOfTheDataset() {
        stub.onFile("/search/hst/api/v0.1/post_list_products", "mission_products.json");
        RowLayout layout = RowLayout.builder()
                .add("product_key", MastType.STRING)
                .add("dataset", MastType.STRING)
                .add("filename", MastType.STRING)
                .add("uri", MastType.STRING)
                .add("category", MastType.STRING)
                .add("size", MastType.LONG)
                .build();
        List<Object[]> rows = new ArrayList<>();
        try (MissionProductsCursor c =
                client().products("hst", List.of("Z14Z0104T", "Z14Z0104T"), layout, new ClientMetrics())) {
            while (c.next()) {
                rows.add(c.current());
            }
        }
        RecordedStub.Request r = stub.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"dataset_ids\":[\"Z14Z0104T\"]}");
        JsonNode recorded = RecordedStub.recordedJson("mission_products.json").path("products");
        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            JsonNode p = recorded.get(i);
            assertThat(rows.get(i))
                    .containsExactly(
                            p.path("product_key").asText(),
                            p.path("dataset").asText(),
                            p.path("filename").asText(),
                            p.path("uri").asText(),
                            p.path("category").asText(),
                            p.path("size").asLong());
        }
        assertThat(rows.get(0)[5]).isEqualTo(31680L);
    }

    @Test
    void productsNestedOneLevelAreFlattened() {
        JsonNode recorded = RecordedStub.recordedJson("mission_products.json");
        ObjectNode nested = JSON.createObjectNode();
        nested.putArray("products").add(recorded.path("products"));
        stub.on("/search/hst/api/v0.1/post_list_products", r -> Answer.ok(nested.toString()));
        RowLayout layout = RowLayout.builder().add("filename", MastType.STRING).build();
        List<Object> names = new ArrayList<>();
        try (MissionProductsCursor c = client().products("hst", List.of("Z14Z0104T"), layout, new ClientMetrics())) {
            while (c.next()) {
                names.add(c.current()[0]);
            }
        }
        assertThat(names)
                .containsExactly(
                        "z14z0104t_shf.fits",
                        "z14z0104t_trl.fits",
                        "z14z0104t_ulf.fits",
                        "z14z0104t_pdq.fits",
                        "z14z0104x_ocx.fits");
    }

    @Test
    void moreThanAThousandDatasetIdsInOneRequestAreRefused() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add("D" + i);
        }
        assertThatThrownBy(
                        () -> client().products("hst", ids, RowLayout.builder().build(), new ClientMetrics()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1000");
    }

    @Test
    void productUrlsAreRetrieveProductForHstAndDownloadFileForOthers() {
        // mast-api.md 7.4, recorded: GET
        // /search/hst/api/v0.1/retrieve_product?product_name=Z14Z0104T%2Fz14z0104t_shf.fits
        assertThat(MissionClient.productUrl("https://mast.stsci.edu", "HST", "Z14Z0104T/z14z0104t_shf.fits"))
                .isEqualTo("https://mast.stsci.edu/search/hst/api/v0.1/retrieve_product?product_name="
                        + "Z14Z0104T%2Fz14z0104t_shf.fits");
        assertThat(MissionClient.productUrl("http://h:1/", "classy", "mast:HLSP/classy/x.fits"))
                .isEqualTo("http://h:1/api/v0.1/Download/file?uri=mast:HLSP/classy/x.fits");
        assertThatThrownBy(() -> MissionClient.productUrl("http://h:1", "classy", "x.fits"))
                .hasMessageContaining("full MAST URI");
    }

    @Test
    void datasetKeywordsAreAstroquerys() {
        assertThat(MissionClient.datasetKeyword("HST")).isEqualTo("sci_data_set_name");
        assertThat(MissionClient.datasetKeyword("jwst")).isEqualTo("fileSetName");
        assertThat(MissionClient.datasetKeyword("roman")).isEqualTo("fileSetName");
        assertThat(MissionClient.datasetKeyword("classy")).isEqualTo("Target");
        assertThat(MissionClient.datasetKeyword("ullyses")).isEqualTo("observation_id");
        assertThat(MissionClient.datasetKeyword("iue")).isEqualTo("iue_data_id");
        assertThat(MissionClient.datasetKeyword("unknown")).isNull();
    }
}
