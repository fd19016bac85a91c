package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Portal protocol: paging, stable order per cacheBreaker, EXECUTING, ERROR, the result limit. */
class PortalProtocolTest {
    private static final String BAND = "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"s_dec\", \"values\":"
            + " [{\"min\": 0, \"max\": 10}]}]}";
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(3).scale(0.02).resultLimit(5_000).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @Test
    void pagesOfOneQueryConcatenateToTheWholeResult() throws Exception {
        JsonNode whole = Http.invokeJson(mast.baseUrl(), Http.request("Mast.Caom.Filtered", BAND, 5000, 1, "whole"));
        long total = whole.path("paging").path("rowsFiltered").asLong();
        assertThat(total).isBetween(500L, 5000L);
        assertThat(whole.path("data")).hasSize((int) total);

        List<JsonNode> paged = new ArrayList<>();
        int pages = (int) ((total + 99) / 100);
        for (int page = 1; page <= pages; page++) {
            JsonNode p = Http.invokeJson(mast.baseUrl(), Http.request("Mast.Caom.Filtered", BAND, 100, page, "paged"));
            assertThat(p.path("paging").path("page").asInt()).isEqualTo(page);
            assertThat(p.path("paging").path("pageSize").asInt()).isEqualTo(100);
            assertThat(p.path("paging").path("pagesFiltered").asInt()).isEqualTo(pages);
            assertThat(p.path("paging").path("rowsFiltered").asLong()).isEqualTo(total);
            assertThat(p.path("paging").path("rows").asInt())
                    .isEqualTo(p.path("data").size());
            p.path("data").forEach(paged::add);
        }
        List<JsonNode> all = new ArrayList<>();
        whole.path("data").forEach(all::add);
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void aPageBeyondTheLastIsEmpty() throws Exception {
        JsonNode p = Http.invokeJson(mast.baseUrl(), Http.request("Mast.Caom.Filtered", BAND, 5000, 9, "far"));
        assertThat(p.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(p.path("data")).isEmpty();
    }

    @Test
    void executingIsAnsweredForTheConfiguredPollsOfEachCacheBreaker() throws Exception {
        mast.faults().executingPolls(2);
        try {
            String r =
                    Http.request("Mast.Caom.Cone", "{\"ra\": 10.68, \"dec\": 41.27, \"radius\": 0.1}", 10, 1, "slow");
            assertThat(Http.invokeJson(mast.baseUrl(), r).path("status").asText())
                    .isEqualTo("EXECUTING");
            assertThat(Http.invokeJson(mast.baseUrl(), r).path("status").asText())
                    .isEqualTo("EXECUTING");
            assertThat(Http.invokeJson(mast.baseUrl(), r).path("status").asText())
                    .isEqualTo("COMPLETE");
            // A request without cacheBreaker is never made to wait.
            assertThat(Http.invokeJson(
                                    mast.baseUrl(),
                                    Http.request(
                                            "Mast.Caom.Cone",
                                            "{\"ra\": 10.68, \"dec\": 41.27, \"radius\": 0.1}",
                                            10,
                                            1,
                                            null))
                            .path("status")
                            .asText())
                    .isEqualTo("COMPLETE");
        } finally {
            mast.faults().executingPolls(0);
        }
    }

    @Test
    void badRequestsAnswerStatusErrorWithAMessage() throws Exception {
        JsonNode missing = Http.invokeJson(
                mast.baseUrl(), Http.request("Mast.Caom.Cone", "{\"dec\": 1, \"radius\": 1}", 10, 1, "e1"));
        assertThat(missing.path("status").asText()).isEqualTo("ERROR");
        assertThat(missing.path("msg").asText()).isEqualTo("Missing required parameter 'ra'");

        JsonNode unknown = Http.invokeJson(mast.baseUrl(), Http.request("Mast.No.Such", "{}", 10, 1, "e2"));
        assertThat(unknown.path("msg").asText()).isEqualTo("Unknown service: Mast.No.Such");

        JsonNode badColumn = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Caom.Filtered",
                        "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"oops_collection\", \"values\": [\"HST\"]}]}",
                        10,
                        1,
                        "e3"));
        assertThat(badColumn.path("msg").asText()).isEqualTo("Invalid filter: unknown column 'oops_collection'");

        JsonNode malformed =
                Http.JSON.readTree(Http.invoke(mast.baseUrl(), "{not json").body());
        assertThat(malformed.path("status").asText()).isEqualTo("ERROR");
    }

    @Test
    void unknownTopLevelKeysAreIgnored() throws Exception {
        String plain = Http.request("Mast.Caom.Cone", "{\"ra\": 10.68, \"dec\": 41.27, \"radius\": 0.1}", 50, 1, "k1");
        String extra =
                plain.replace("\"format\": \"json\"", "\"format\": \"json\", \"use_json\": false, \"timeout\": 20");
        assertThat(Http.invokeJson(mast.baseUrl(), extra).path("data"))
                .isEqualTo(Http.invokeJson(mast.baseUrl(), plain).path("data"));
    }

    @Test
    void aQueryMatchingMoreThanTheResultLimitHasItsConnectionDropped() throws Exception {
        String huge = Http.request("Mast.Caom.Filtered", "{\"columns\": \"*\", \"filters\": []}", 10, 1, "big");
        assertThatThrownBy(() -> Http.invokeJson(mast.baseUrl(), huge)).isInstanceOf(IOException.class);
        // Counting the same rows is fine.
        JsonNode count = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Caom.Filtered", "{\"columns\": \"COUNT_BIG(*)\", \"filters\": []}", 10, 1, "bigcount"));
        assertThat(count.path("data").get(0).path("Column1").asLong())
                .isEqualTo(mast.sky().observationCount());
    }

    @Test
    void theRequestLogRecordsServicesPagesAndRows() throws Exception {
        mast.requestLog().clear();
        Http.invokeJson(mast.baseUrl(), Http.request("Mast.Caom.Filtered", BAND, 100, 2, "log"));
        // The entry is added once the handler returns, which can be just after the client has the whole body.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (mast.requestLog().entries().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        RequestLog.Entry e = mast.requestLog().entries().get(0);
        assertThat(e.service()).isEqualTo("Mast.Caom.Filtered");
        assertThat(e.request()).contains("\"page\": 2");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.rows()).isEqualTo(100);
    }
}
