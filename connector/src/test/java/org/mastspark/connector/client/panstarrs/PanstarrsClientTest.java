package org.mastspark.connector.client.panstarrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.stub.RecordedStub;
import org.mastspark.connector.stub.RecordedStub.Answer;

/** The Pan-STARRS client against recorded MAST answers served by a local stub. */
class PanstarrsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEAN = "/api/v0.1/panstarrs/dr2/mean.json";
    private RecordedStub stub;

    @BeforeEach
    void start() {
        stub = new RecordedStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private PanstarrsClient client() {
        return new PanstarrsClient(stub.quickRetries());
    }

    private static RowLayout recordedLayout() {
        return RowLayout.builder()
                .add("objName", MastType.STRING)
                .add("objID", MastType.LONG)
                .add("lambda", MastType.DOUBLE)
                .add("beta", MastType.DOUBLE)
                .add("iMeanApMag", MastType.DOUBLE)
                .add("surveyID", MastType.LONG)
                .build();
    }

    /** Answers queries with the recorded rows, sliced by the request's page and pagesize (nothing else). */
    private void servePages() {
        JsonNode recorded = RecordedStub.recordedJson("panstarrs.json");
        stub.on(MEAN, RecordedStub.pagedByPageAndSize(recorded, "data"));
    }

    @Test
    void metadataListsTheTablesColumns() {
        stub.onFile("/api/v0.1/panstarrs/dr2/mean/metadata.json", "panstarrs_columns.json");
        List<PanstarrsColumn> columns = client().metadata("DR2", "Mean", new ClientMetrics());
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/api/v0.1/panstarrs/dr2/mean/metadata.json");
        });
        JsonNode recorded = RecordedStub.recordedJson("panstarrs_columns.json");
        assertThat(columns).hasSize(124).hasSize(recorded.size());
        for (int i = 0; i < columns.size(); i++) {
            assertThat(columns.get(i).name())
                    .isEqualTo(recorded.get(i).path("name").asText());
            assertThat(columns.get(i).description())
                    .isEqualTo(recorded.get(i).path("description").asText());
        }
        PanstarrsColumn objName = columns.get(0);
        assertThat(objName.name()).isEqualTo("objName");
        assertThat(objName.mastType()).isEqualTo(MastType.STRING);
        assertThat(objName.unit()).isNull(); // MAST writes "NULL"
        assertThat(objName.ucd()).isEqualTo("meta.id;meta.main");
        assertThat(columns.stream()
                        .filter(c -> c.name().equals("objID"))
                        .findFirst()
                        .orElseThrow()
                        .mastType())
                .isEqualTo(MastType.LONG);
    }

    @Test
    void queryBodyIsTheOneAstroqueryRecords() throws Exception {
        servePages();
        PanstarrsQuery q = new PanstarrsQuery(
                "dr2",
                "mean",
                23.34086,
                60.658,
                0.2,
                List.of(new PanstarrsQuery.Criterion("nStackDetections", "gte", List.of("1"), false)),
                List.of("objName", "distance"),
                List.of("distance.asc"),
                3);
        try (PanstarrsCursor c = client().query(q, 1, 1, RowLayout.builder().build(), new ClientMetrics())) {
            c.next();
        }
        RecordedStub.Request r = stub.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo(MEAN);
        assertThat(r.contentType()).startsWith("application/json");
        // mast-api.md section 6, recorded from astroquery HEAD (0.4.7+).
        JsonNode expected = JSON.readTree("{\"page\": 1, \"pagesize\": 3, \"ra\": 23.34086, \"dec\": 60.658,"
                + " \"radius\": 0.2, \"nStackDetections.gte\": \"1\", \"columns\": [\"objName\", \"distance\"],"
                + " \"sort_by\": [\"distance.asc\"]}");
        assertThat(r.json()).isEqualTo(expected);
        List<String> keys = new ArrayList<>();
        r.json().fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "page", "pagesize", "ra", "dec", "radius", "nStackDetections.gte", "columns", "sort_by");
    }

    @Test
    void severalValuesAreSentAsAListAndNumbersAsNumbers() {
        PanstarrsQuery q = new PanstarrsQuery(
                "dr2",
                "detection",
                null,
                null,
                null,
                List.of(
                        new PanstarrsQuery.Criterion("qualityFlag", null, List.of("16", "32"), true),
                        new PanstarrsQuery.Criterion("raMean", "gt", List.of("10.5"), true)),
                List.of(),
                List.of(),
                100);
        assertThat(q.path()).isEqualTo("/api/v0.1/panstarrs/dr2/detection.json");
        assertThat(q.json(2)).isEqualTo("{\"page\":2,\"pagesize\":100,\"qualityFlag\":[16,32],\"raMean.gt\":10.5}");
    }

    @Test
    void rowsAreTheRecordedRowsMatchedToInfoNamesIgnoringCase() {
        servePages();
        PanstarrsQuery q = new PanstarrsQuery("dr2", "mean", 350.96, -31.89, 0.01, null, null, null, 50);
        List<Object[]> rows = new ArrayList<>();
        try (PanstarrsCursor c = client().query(q, 1, 1, recordedLayout(), new ClientMetrics())) {
            while (c.next()) {
                rows.add(c.current());
            }
            assertThat(c.infoNames()).containsExactly("objname", "objID", "lambda", "beta", "iMeanApMag", "surveyID");
        }
        JsonNode data = RecordedStub.recordedJson("panstarrs.json").path("data");
        assertThat(rows).hasSize(35).hasSize(data.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode want = data.get(i);
            assertThat(rows.get(i))
                    .containsExactly(
                            want.get(0).asText(),
                            Long.parseLong(want.get(1).asText()),
                            want.get(2).asDouble(),
                            want.get(3).asDouble(),
                            want.get(4).asDouble(),
                            want.get(5).asLong());
        }
        assertThat(rows.get(0)[0]).isEqualTo("PSO J002353.230-323148.612");
        assertThat(rows.get(0)[1]).isEqualTo(68960059717834079L);
        assertThat(stub.requests()).hasSize(1); // 35 < 50: a short page ends the walk
    }

    @Test
    void cursorsStartingAtEachPageWithAStepReadEveryRowExactlyOnce() {
        servePages();
        PanstarrsQuery q = new PanstarrsQuery("dr2", "mean", null, null, null, null, null, null, 10);
        List<Object> names = new ArrayList<>();
        for (int first = 1; first <= 2; first++) {
            try (PanstarrsCursor c = client().query(q, first, 2, recordedLayout(), new ClientMetrics())) {
                while (c.next()) {
                    names.add(c.current()[0]);
                }
            }
        }
        List<Object> expected = new ArrayList<>();
        RecordedStub.recordedJson("panstarrs.json")
                .path("data")
                .forEach(r -> expected.add(r.get(0).asText()));
        assertThat(names).hasSize(35).containsExactlyInAnyOrderElementsOf(expected);
        // cursor 1: pages 1, 3 (full), 5 (empty); cursor 2: pages 2 (full), 4 (short).
        assertThat(stub.requests())
                .extracting(r -> r.json().path("page").asInt())
                .containsExactly(1, 3, 5, 2, 4);
    }

    @Test
    void rowsBeforeInfoAreRefusedWithAClearMessage() {
        stub.on(MEAN, r -> Answer.ok("{\"data\": [[\"a\", 1]], \"info\": [{\"name\": \"objName\"}]}"));
        PanstarrsQuery q = new PanstarrsQuery("dr2", "mean", null, null, null, null, null, null, 10);
        assertThatThrownBy(() -> {
                    try (PanstarrsCursor c = client().query(q, 1, 1, recordedLayout(), new ClientMetrics())) {
                        c.next();
                    }
                })
                .isInstanceOf(MastException.class)
                .hasMessageContaining("'info' must precede 'data'");
    }

    @Test
    void conesAboveHalfADegreeAndUnknownTablesAreRefused() {
        assertThatThrownBy(() -> new PanstarrsQuery("dr2", "mean", 1.0, 2.0, 0.51, null, null, null, 10))
                .hasMessageContaining("0.5 degree");
        assertThatThrownBy(() -> new PanstarrsQuery("dr3", "mean", null, null, null, null, null, null, 10))
                .hasMessageContaining("dr1 or dr2");
        assertThatThrownBy(() -> new PanstarrsQuery("dr2", "objects", null, null, null, null, null, null, 10))
                .hasMessageContaining("mean, stack, detection or forced_mean");
        // DR1 has the object tables only (MAST's PS1 API tutorial: dr1 mean, stack; dr2 also detection, forced_mean)
        assertThatThrownBy(() -> new PanstarrsQuery("dr1", "detection", null, null, null, null, null, null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Pan-STARRS dr1 has no table detection: the tables of dr1 are mean, stack; detection is"
                        + " in dr2");
        assertThatThrownBy(() -> new PanstarrsQuery("DR1", "Forced_Mean", null, null, null, null, null, null, 10))
                .hasMessage("Pan-STARRS dr1 has no table forced_mean: the tables of dr1 are mean, stack; forced_mean"
                        + " is in dr2");
        assertThat(new PanstarrsQuery("dr1", "stack", null, null, null, null, null, null, 10).path())
                .isEqualTo("/api/v0.1/panstarrs/dr1/stack.json");
    }
}
