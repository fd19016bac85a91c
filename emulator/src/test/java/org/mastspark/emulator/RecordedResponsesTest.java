package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded MAST answer is served, JSON-equivalent, for the request astroquery sends for it. */
class RecordedResponsesTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().scale(0.001).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    /** The recorded file: from the shared reference set when present, else the emulator's own copy. */
    static JsonNode recorded(String file) throws IOException {
        Path shared = Path.of(System.getProperty("mast.shared.dir", "../../shared"), "astroquery-mast-data", file);
        if (Files.exists(shared)) {
            return Http.JSON.readTree(shared.toFile());
        }
        try (InputStream in = RecordedResponsesTest.class.getResourceAsStream(Recorded.ROOT + file)) {
            return Http.JSON.readTree(in);
        }
    }

    static Stream<Arguments> recordedRequests() {
        return Stream.of(
                Arguments.of("caom.json", "Mast.Caom.Cone", "{\"ra\": 23.34086, \"dec\": 60.658, \"radius\": 0.2}"),
                Arguments.of(
                        "advSearch.json",
                        "Mast.Caom.Filtered",
                        "{\"columns\": \"*\", \"filters\": [{\"paramName\":"
                                + " \"dataproduct_type\", \"values\": [\"image\"]}, {\"paramName\": \"proposal_pi\", \"values\":"
                                + " [], \"freeText\": \"Ost%\"}, {\"paramName\": \"s_dec\", \"values\": [{\"min\": 43.5, \"max\":"
                                + " 45.5}]}]}"),
                Arguments.of(
                        "advSearchPos.json",
                        "Mast.Caom.Filtered.Position",
                        "{\"columns\": \"*\", \"filters\":"
                                + " [{\"paramName\": \"filters\", \"separator\": \";\", \"values\": [\"NUV\", \"FUV\"]}],"
                                + " \"position\": \"210.802429, 54.34875, 0.2\"}"),
                Arguments.of("products.json", "Mast.Caom.Products", "{\"obsid\": \"2003738726\"}"),
                Arguments.of(
                        "hsc.json",
                        "Mast.Hsc.Db.v3",
                        "{\"ra\": 322.49324, \"dec\": 12.16683, \"radius\": 0.1, \"nr\":"
                                + " 50000, \"ni\": 1, \"magtype\": 1}"),
                Arguments.of("matchid.json", "Mast.HscMatches.Db.v3", "{\"input\": \"82371983\"}"),
                Arguments.of("spectra.json", "Mast.HscSpectra.Db.All", "{}"),
                Arguments.of(
                        "tic.json",
                        "Mast.Catalogs.Filtered.Tic.Rows",
                        "{\"columns\": \"*\", \"filters\":"
                                + " [{\"paramName\": \"Bmag\", \"values\": [{\"min\": 30, \"max\": 50}]}, {\"paramName\":"
                                + " \"objType\", \"values\": [\"STAR\"]}]}"),
                Arguments.of(
                        "dd.json",
                        "Mast.Catalogs.Filtered.DiskDetective.Position",
                        "{\"ra\": 254.28771, \"dec\":"
                                + " -4.10031, \"radius\": 2.0, \"filters\": [{\"paramName\": \"state\", \"values\":"
                                + " [\"complete\"]}]}"),
                Arguments.of("missions.extjs", "Mast.Caom.All", "{}"),
                Arguments.of("ticcolumns_filtered.json", "Mast.Catalogs.All.Tic", "{}"),
                Arguments.of("ddcolumns_filtered.json", "Mast.Catalogs.All.DiskDetective", "{}"));
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @MethodSource("recordedRequests")
    void servesTheRecordedAnswerForItsRequest(String file, String service, String params) throws Exception {
        JsonNode answer = Http.invokeJson(mast.baseUrl(), Http.request(service, params, 50000, 1, "cb-" + file));
        assertThat(answer).isEqualTo(recorded(file));
    }

    @Test
    void pagesARecordedAnswerWhenAskedForSmallerPages() throws Exception {
        JsonNode all = recorded("caom.json");
        String params = "{\"ra\": 23.34086, \"dec\": 60.658, \"radius\": 0.2}";
        JsonNode page2 = Http.invokeJson(mast.baseUrl(), Http.request("Mast.Caom.Cone", params, 5, 2, "p"));
        assertThat(page2.path("data")).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(page2.path("data").get(i)).isEqualTo(all.path("data").get(5 + i));
        }
        assertThat(page2.path("paging").path("pagesFiltered").asInt()).isEqualTo(4);
        assertThat(page2.path("paging").path("rowsFiltered").asInt()).isEqualTo(19);
    }

    @Test
    void countsOfRecordedQueriesAgreeWithTheirRows() throws Exception {
        JsonNode count = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Caom.Filtered.Position",
                        "{\"columns\": \"COUNT_BIG(*)\", \"filters\": [], \"position\": \"23.34086, 60.658, 0.2\"}",
                        50000,
                        1,
                        "c"));
        JsonNode shape = recorded("countsResp.json");
        assertThat(count.path("fields")).isEqualTo(shape.path("fields"));
        assertThat(count.path("data").get(0).path("Column1").asInt()).isEqualTo(19);
    }

    @Test
    void bundleRequestPointsItsScriptAtTheEmulator() throws Exception {
        JsonNode answer =
                Http.invokeJson(mast.baseUrl(), Http.request("Mast.Bundle.Request", "{\"urlList\": \"a\"}", 1, 1, "b"));
        ObjectNode expected = recorded("bundleResponse.json").deepCopy();
        expected.put("url", mast.baseUrl() + "/emulator/bundle/mastDownload_20170621142037.sh");
        assertThat(answer).isEqualTo(expected);
        assertThat(Http.get(answer.path("url").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void nameLookupOfM103IsTheRecorded046Answer() throws Exception {
        String request = "{\"service\": \"Mast.Name.Lookup\", \"params\": {\"input\": \"M103\", \"format\": \"json\"}}";
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + "/api/v0/invoke?request=" + Http.quote(request));
        assertThat(Http.JSON.readTree(r.body())).isEqualTo(recorded("v0.4.6/resolver.json"));
    }

    @Test
    void nameLookupOfAnUnknownNameIsEmpty() throws Exception {
        String request =
                "{\"service\": \"Mast.Name.Lookup\", \"params\": {\"input\": \"Not A Galaxy 42\", \"format\": \"json\"}}";
        JsonNode answer = Http.JSON.readTree(Http.get(mast.baseUrl() + "/api/v0/invoke?request=" + Http.quote(request))
                .body());
        assertThat(answer.path("resolvedCoordinate")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("columnConfigs")
    void columnsConfigAnswersJsonForAnyId(String id, String file) throws Exception {
        HttpResponse<String> r = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/portal/Mashup/Mashup.asmx/columnsconfig"))
                        .header("Content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("colConfigId=" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.JSON.readTree(r.body());
        assertThat(body).isEqualTo(file == null ? Http.JSON.createObjectNode() : recorded(file));
    }

    static Stream<Arguments> columnConfigs() {
        return Stream.of(
                Arguments.of("Mast.Caom.Cone", "columnsconfig.json"),
                Arguments.of("Mast.Catalogs.Tess.Cone", "ticcolumns.json"),
                Arguments.of("Mast.Catalogs.Dd.Cone", "ddcolumns.json"),
                Arguments.of("Mast.Caom.All", null),
                Arguments.of("Mast.Hsc.Db.v3", null));
    }

    @Test
    void productsColumnConfigDescribesTheProductColumns() throws Exception {
        HttpResponse<String> r = Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/portal/Mashup/Mashup.asmx/columnsconfig"))
                        .POST(HttpRequest.BodyPublishers.ofString("colConfigId=Mast.Caom.Products"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode config = Http.JSON.readTree(r.body());
        assertThat(config.path("parent_obsid").path("text").asText()).isEqualTo("Observation ID");
        for (JsonNode field : recorded("products.json").path("fields")) {
            assertThat(config.has(field.path("name").asText()))
                    .as(field.path("name").asText())
                    .isTrue();
        }
    }

    @Test
    void pathLookupOfTheRecordedUrisIsTheRecordedAnswer() throws Exception {
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + "/api/v0.1/path_lookup/?uri="
                + Http.quote("mast:HST/product/u9o40504m_c3m.fits") + "&uri="
                + Http.quote("mast:HST/product/does_not_exist.fits")
                + "&use_cloud_path=True");
        assertThat(Http.JSON.readTree(r.body())).isEqualTo(recorded("mast_relative_path.json"));
    }

    @Test
    void shippedCopiesEqualTheSharedReferenceData() throws IOException {
        Path shared = Path.of(System.getProperty("mast.shared.dir", "../../shared"), "astroquery-mast-data");
        Assumptions.assumeTrue(Files.isDirectory(shared), "shared reference data not beside the repository");
        try (Stream<Path> files = Files.list(shared)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("INDEX.md"))
                    .toList()) {
                try (InputStream in =
                        RecordedResponsesTest.class.getResourceAsStream(Recorded.ROOT + f.getFileName())) {
                    assertThat(in).as(f.getFileName().toString()).isNotNull();
                    assertThat(in.readAllBytes()).as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
    }
}
