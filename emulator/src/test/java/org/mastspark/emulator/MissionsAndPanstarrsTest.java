package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * The Mission Search API and the Pan-STARRS catalogs API: recorded answers byte for byte, synthetic answers
 * against brute-force evaluations over {@link SyntheticSky} (every observation, every catalog cell near the
 * region, separations computed here), limits and their error answers, downloads, request log and faults.
 */
class MissionsAndPanstarrsTest {
    private static final double[] M101 = {210.8025, 54.3488};
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.05).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode search(String mission, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/search/" + mission + "/api/v0.1/search", "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.JSON.readTree(r.body());
    }

    private static JsonNode recorded(String name) throws IOException {
        try (InputStream in =
                MissionsAndPanstarrsTest.class.getResourceAsStream("/org/mastspark/emulator/recorded/" + name)) {
            return Http.JSON.readTree(in);
        }
    }

    static double sep(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double h = Math.pow(Math.sin((p2 - p1) / 2), 2)
                + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(Math.toRadians(ra2 - ra1) / 2), 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    private static List<String> texts(JsonNode rows, String field) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path(field).asText()));
        return out;
    }

    /** Brute force: every hst dataset within radiusArcmin of (ra, dec) satisfying the predicate. */
    private static List<Map<String, Object>> hstWithin(
            double ra, double dec, double radiusArcmin, java.util.function.Predicate<Map<String, Object>> p) {
        List<Map<String, Object>> out = new ArrayList<>();
        SyntheticSky sky = mast.sky();
        for (long i = 0; i < sky.observationCount(); i++) {
            var row = sky.missionRow("hst", i);
            if (row.isEmpty()) {
                continue;
            }
            Map<String, Object> r = row.get();
            double s = sep(ra, dec, (Double) r.get("sci_ra"), (Double) r.get("sci_dec")) * 60;
            if (s <= radiusArcmin && p.test(r)) {
                r.put("ang_sep", s);
                out.add(r);
            }
        }
        return out;
    }

    // ---- Mission Search API -------------------------------------------------------------------------

    /**
     * The authored missions' column lists are pinned (authored_mission_columns.json, the emulator's answer when
     * their table in Missions was made data-driven): names, titles, descriptions, types and default output.
     */
    @Test
    void columnListsOfTheAuthoredMissionsAreThePinnedOnes() throws Exception {
        JsonNode pinned;
        try (InputStream in = MissionsAndPanstarrsTest.class.getResourceAsStream(
                "/org/mastspark/emulator/authored_mission_columns.json")) {
            pinned = Http.JSON.readTree(in);
        }
        assertThat(pinned.size()).isEqualTo(5);
        for (var mission : (Iterable<Map.Entry<String, JsonNode>>) pinned::fields) {
            HttpResponse<byte[]> r =
                    Http.get(mast.baseUrl() + "/search/util/api/v0.1/column_list?mission=" + mission.getKey());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Http.JSON.readTree(r.body())).as(mission.getKey()).isEqualTo(mission.getValue());
        }
    }

    /**
     * Every mission's column list names exactly the keys of its search answers' rows: a positional search
     * asking every column answers each column of the list, {@code search_key}, {@code search_pos} and
     * {@code ang_sep} included (astroquery returns them; a reader that builds its schema from the list would
     * drop any the list omits), and nothing else.
     */
    @Test
    void everyMissionsColumnListNamesExactlyTheKeysOfItsSearchRows() throws Exception {
        for (String mission : SyntheticSky.missionNames()) {
            JsonNode list =
                    Http.JSON.readTree(Http.get(mast.baseUrl() + "/search/util/api/v0.1/column_list?mission=" + mission)
                            .body());
            Set<String> listed = new TreeSet<>(texts(list, "column_name"));
            JsonNode answer = search(
                    mission,
                    "{\"target\": [\"210.8025 54.3488\"], \"radius\": 1800, \"radius_units\": \"arcseconds\","
                            + " \"select_cols\": [\"*\"], \"limit\": 50, \"offset\": 0}");
            assertThat(answer.path("results").size()).as(mission).isPositive();
            for (JsonNode row : answer.path("results")) {
                Set<String> keys = new TreeSet<>();
                row.fieldNames().forEachRemaining(keys::add);
                assertThat(keys).as(mission).isEqualTo(listed);
            }
            Set<String> info = new TreeSet<>(texts(answer.path("info"), "name"));
            assertThat(info).as(mission).isEqualTo(listed);
        }
    }

    @Test
    void columnListOfHstIsTheRecordedOneAndUnknownMissionsAre400() throws Exception {
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + "/search/util/api/v0.1/column_list?mission=hst");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(r.body())).isEqualTo(recorded("mission_columns.json"));

        JsonNode jwst = Http.JSON.readTree(Http.get(mast.baseUrl() + "/search/util/api/v0.1/column_list?mission=JWST")
                .body());
        assertThat(texts(jwst, "column_name")).contains("fileSetName", "targ_ra", "targ_dec", "instrume");

        HttpResponse<byte[]> unknown = Http.get(mast.baseUrl() + "/search/util/api/v0.1/column_list?mission=nosuch");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(unknown.body()).path("detail").asText())
                .isEqualTo(
                        "Mission 'nosuch' is not available: known missions are [hst, jwst, roman, classy, ullyses, iue]");
        HttpResponse<String> search = post("/search/nosuch/api/v0.1/search", "application/json", "{}");
        assertThat(search.statusCode()).isEqualTo(400);
    }

    @Test
    void theRecordedSearchGetsTheRecordedRows() throws Exception {
        // what astroquery HEAD sends for the recorded search_params (radius in arcseconds)
        JsonNode answer = search(
                "hst",
                "{\"target\": [\"40.66963 -0.01328\"], \"radius\": 180.0, \"radius_units\": \"arcseconds\","
                        + " \"conditions\": [{\"sci_obs_type\": \"\"}, {\"sci_aec\": \"S\"}, {\"sci_instrume\":"
                        + " \"STIS,ACS,WFC3,COS,FGS,FOC,FOS,HRS,HSP,NICMOS,WFPC,WFPC2\"}], \"limit\": 5000, \"offset\": 0}");
        assertThat(answer).isEqualTo(recorded("mission_results.json"));
        JsonNode limited = search(
                "hst",
                "{\"target\": [\"40.66963 -0.01328\"], \"radius\": 3, \"radius_units\": \"arcminutes\","
                        + " \"conditions\": [{\"sci_aec\": \"S\"}, {\"sci_instrume\":"
                        + " \"STIS,ACS,WFC3,COS,FGS,FOC,FOS,HRS,HSP,NICMOS,WFPC,WFPC2\"}], \"limit\": 2, \"offset\": 1}");
        assertThat(texts(limited.path("results"), "sci_data_set_name")).containsExactly("W1DG9S01T", "J8DM01ELQ");
    }

    @Test
    void aSyntheticConeWithConditionsEqualsTheBruteForceRowsInAngSepOrder() throws Exception {
        JsonNode answer = search(
                "hst",
                "{\"target\": [\"210.8025 54.3488\"], \"radius\": 900, \"radius_units\": \"arcseconds\","
                        + " \"conditions\": [{\"sci_instrume\": \"WFC3,ACS\"}], \"select_cols\": [\"sci_instrume\","
                        + " \"sci_data_set_name\"], \"limit\": 5000, \"offset\": 0}");
        List<Map<String, Object>> expected = hstWithin(
                M101[0],
                M101[1],
                15,
                r -> Set.of("WFC3", "ACS")
                        .contains(r.get("sci_instrume").toString().trim()));
        expected.sort(Comparator.<Map<String, Object>>comparingDouble(r -> (Double) r.get("ang_sep"))
                .thenComparing(r -> r.get("sci_targname").toString())
                .thenComparing(r -> r.get("sci_data_set_name").toString()));
        assertThat(expected.size()).isGreaterThan(20);
        assertThat(answer.path("totalResults").asInt()).isEqualTo(expected.size());
        assertThat(texts(answer.path("results"), "sci_data_set_name"))
                .containsExactlyElementsOf(expected.stream()
                        .map(r -> r.get("sci_data_set_name").toString())
                        .toList());
        for (int k = 0; k < expected.size(); k++) {
            JsonNode row = answer.path("results").get(k);
            assertThat(row.path("ang_sep").asDouble())
                    .isCloseTo((Double) expected.get(k).get("ang_sep"), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(row.path("search_pos").asText()).isEqualTo("210.8025 54.3488");
            assertThat(row.path("search_key").asText())
                    .isEqualTo(
                            "210.8025 54.3488" + row.path("sci_data_set_name").asText());
        }
        assertThat(texts(answer.path("info"), "name"))
                .containsExactly("sci_instrume", "sci_data_set_name", "search_key", "search_pos", "ang_sep");
    }

    @Test
    void rangesNegationsWildcardsAndComparisonsFollowTheServiceGrammar() throws Exception {
        JsonNode answer = search(
                "hst",
                "{\"target\": [\"210.8025 54.3488\"], \"radius\": 30, \"radius_units\": \"arcminutes\","
                        + " \"conditions\": [{\"sci_pep_id\": \"2000..9000,>15000\"}, {\"sci_pi_last_name\": \"!SMITH,!GARCIA\"},"
                        + " {\"sci_targname\": \"M1*\"}, {\"sci_actual_duration\": \"<1000\"}], \"limit\": 50000}");
        List<Map<String, Object>> expected = hstWithin(M101[0], M101[1], 30, r -> {
            long pep = (Long) r.get("sci_pep_id");
            String pi = r.get("sci_pi_last_name").toString();
            return (pep >= 2000 && pep <= 9000 || pep > 15000)
                    && !pi.equals("SMITH")
                    && !pi.equals("GARCIA")
                    && r.get("sci_targname").toString().startsWith("M1")
                    && (Double) r.get("sci_actual_duration") < 1000;
        });
        assertThat(expected).isNotEmpty();
        assertThat(new TreeSet<>(texts(answer.path("results"), "sci_data_set_name")))
                .isEqualTo(new TreeSet<>(expected.stream()
                        .map(r -> r.get("sci_data_set_name").toString())
                        .toList()));
    }

    @Test
    void criteriaWithoutTargetPageAndSortAsAsked() throws Exception {
        String body = "{\"conditions\": [{\"sci_pep_id\": \"1000..3000\"}], \"select_cols\": [\"sci_pep_id\"],"
                + " \"sort_by\": [\"sci_pep_id\"], \"sort_desc\": [true], \"limit\": %d, \"offset\": %d}";
        JsonNode all = search("hst", String.format(body, 50000, 0));
        List<Map<String, Object>> expected = new ArrayList<>();
        for (long i = 0; i < mast.sky().observationCount(); i++) {
            mast.sky()
                    .missionRow("hst", i)
                    .filter(r -> {
                        long pep = (Long) r.get("sci_pep_id");
                        return pep >= 1000 && pep <= 3000;
                    })
                    .ifPresent(expected::add);
        }
        expected.sort(Comparator.<Map<String, Object>>comparingLong(r -> -(Long) r.get("sci_pep_id"))
                .thenComparing(r -> r.get("sci_data_set_name").toString()));
        assertThat(texts(all.path("results"), "search_key"))
                .containsExactlyElementsOf(expected.stream()
                        .map(r -> r.get("sci_data_set_name").toString())
                        .toList());
        // only the asked columns come back (astroquery appends the dataset column itself); search_key is the id
        assertThat(all.path("results").get(0).has("ang_sep")).isFalse();
        assertThat(all.path("results").get(0).has("sci_data_set_name")).isFalse();
        JsonNode first = search("hst", String.format(body, 10, 0));
        JsonNode second = search("hst", String.format(body, 10, 10));
        assertThat(first.path("totalResults").asInt()).isEqualTo(expected.size());
        List<String> pages = new ArrayList<>(texts(first.path("results"), "search_key"));
        pages.addAll(texts(second.path("results"), "search_key"));
        assertThat(pages).isEqualTo(texts(all.path("results"), "search_key").subList(0, 20));
    }

    @Test
    void severalTargetsGiveOneRowPerTargetAndDataset() throws Exception {
        // two overlapping cones: a dataset inside both appears twice, with each target's search_pos and ang_sep
        JsonNode answer = search(
                "hst",
                "{\"target\": [\"210.8025 54.3488\", \"210.9 54.40\"], \"radius\": 6, \"radius_units\": \"arcminutes\","
                        + " \"select_cols\": [\"sci_data_set_name\"], \"limit\": 50000}");
        Set<String> expected = new TreeSet<>();
        for (Map<String, Object> r : hstWithin(M101[0], M101[1], 6, x -> true)) {
            expected.add("210.8025 54.3488|" + r.get("sci_data_set_name"));
        }
        for (Map<String, Object> r : hstWithin(210.9, 54.40, 6, x -> true)) {
            expected.add("210.9 54.40|" + r.get("sci_data_set_name"));
        }
        Set<String> got = new TreeSet<>();
        answer.path("results")
                .forEach(r -> got.add(r.path("search_pos").asText() + "|"
                        + r.path("sci_data_set_name").asText()));
        assertThat(got).isEqualTo(expected);
        assertThat(answer.path("totalResults").asInt()).isEqualTo(expected.size());
        assertThat(expected.stream()
                        .map(e -> e.substring(e.indexOf('|')))
                        .distinct()
                        .count())
                .as("some datasets lie in both cones")
                .isLessThan(expected.size());
    }

    @Test
    void productsOfMoreThan1000DatasetsInOneRequestAreRefused() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            ids.append(i == 0 ? "" : ", ")
                    .append("\"I")
                    .append(String.format("%06d", i))
                    .append("Q\"");
        }
        HttpResponse<String> r =
                post("/search/hst/api/v0.1/post_list_products", "application/json", "{\"dataset_ids\": [" + ids + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(r.body()).path("detail").asText())
                .isEqualTo("Too many dataset_ids: 1001 given, at most 1000 per request");
    }

    @Test
    void limitsAreRefusedWithHttp400AndAMessage() throws Exception {
        HttpResponse<String> big = post(
                "/search/jwst/api/v0.1/search",
                "application/json",
                "{\"target\": [\"10 10\"], \"radius\": 1801, \"radius_units\": \"arcseconds\"}");
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(big.body()).path("detail").asText())
                .isEqualTo("Query radius too large: 1801 arcseconds exceeds the limit of 30 arcminutes");
        HttpResponse<String> limit = post("/search/hst/api/v0.1/search", "application/json", "{\"limit\": 50001}");
        assertThat(Http.JSON.readTree(limit.body()).path("detail").asText())
                .isEqualTo("Invalid limit 50001: must lie between 1 and 50000");
        HttpResponse<String> column =
                post("/search/hst/api/v0.1/search", "application/json", "{\"conditions\": [{\"no_such\": \"1\"}]}");
        assertThat(column.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(column.body()).path("detail").asText())
                .isEqualTo("Invalid condition: column 'no_such' does not exist for mission hst");
        // exactly 30 arcmin is allowed
        assertThat(post(
                                "/search/hst/api/v0.1/search",
                                "application/json",
                                "{\"target\": [\"10 10\"], \"radius\": 1800, \"radius_units\": \"arcseconds\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void productsAndRetrieveProductServeRecordedAndSyntheticFiles() throws Exception {
        HttpResponse<String> rec = post(
                "/search/hst/api/v0.1/post_list_products", "application/json", "{\"dataset_ids\": [\"Z14Z0104T\"]}");
        assertThat(Http.JSON.readTree(rec.body())).isEqualTo(recorded("mission_products.json"));
        HttpResponse<byte[]> file = Http.get(
                mast.baseUrl() + "/search/hst/api/v0.1/retrieve_product?product_name=Z14Z0104T%2Fz14z0104t_shf.fits");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).hasSize(31680);
        assertThat(new String(file.body(), 0, 30, StandardCharsets.US_ASCII)).startsWith("SIMPLE  =");

        // a synthetic dataset: one public and one exclusive-access product
        String publicId = null;
        String exclusiveId = null;
        for (long i = 0; i < mast.sky().observationCount() && (publicId == null || exclusiveId == null); i++) {
            var row = mast.sky().missionRow("hst", i);
            if (row.isPresent()) {
                String id = row.get().get("sci_data_set_name").toString();
                if (row.get().get("sci_status").equals("PUBLIC")) {
                    publicId = publicId == null ? id : publicId;
                } else {
                    exclusiveId = exclusiveId == null ? id : exclusiveId;
                }
            }
        }
        JsonNode products = Http.JSON
                .readTree(post(
                                "/search/hst/api/v0.1/post_list_products",
                                "application/json",
                                "{\"dataset_ids\": [\"" + publicId + "\", \"" + exclusiveId + "\", \"NOSUCH\"]}")
                        .body())
                .path("products");
        List<Map<String, Object>> expected = mast.sky().missionProducts("hst", List.of(publicId, exclusiveId));
        assertThat(products.size()).isEqualTo(expected.size()).isGreaterThanOrEqualTo(6);
        assertThat(texts(products, "uri"))
                .isEqualTo(expected.stream().map(p -> p.get("uri").toString()).toList());
        String uri = products.get(0).path("uri").asText();
        assertThat(uri)
                .isEqualTo(publicId + "/" + products.get(0).path("filename").asText());
        ProductFile f = mast.sky().missionProduct("hst", uri).orElseThrow();
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        f.write(0, f.size(), want);
        String url = mast.baseUrl() + "/search/hst/api/v0.1/retrieve_product?product_name="
                + URLEncoder.encode(uri, StandardCharsets.UTF_8);
        assertThat(Http.get(url).body()).isEqualTo(want.toByteArray());
        assertThat(Http.head(url).headers().firstValue("Content-Length")).contains(Long.toString(f.size()));
        HttpResponse<byte[]> range = Http.get(url, "Range", "bytes=10-19");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(want.toByteArray(), 10, 20));

        String exclusive = null;
        for (JsonNode p : products) {
            if (p.path("access").asText().equals("PROPRIETARY")) {
                exclusive = p.path("uri").asText();
                break;
            }
        }
        String exUrl = mast.baseUrl() + "/search/hst/api/v0.1/retrieve_product?product_name="
                + URLEncoder.encode(exclusive, StandardCharsets.UTF_8);
        assertThat(Http.get(exUrl).statusCode()).isEqualTo(401);
        mast.addToken("mission-token", "bob");
        assertThat(Http.get(exUrl, "Cookie", "mast_token=mission-token").statusCode())
                .isEqualTo(200);
    }

    // ---- Pan-STARRS ---------------------------------------------------------------------------------

    /** Brute force over every catalog cell whose bounds come near the cone: objIDs (as text) in the cone. */
    private static List<Map<String, Object>> panstarrsWithin(String table, double ra, double dec, double radius) {
        List<Map<String, Object>> out = new ArrayList<>();
        SyntheticSky sky = mast.sky();
        double cosDec = Math.cos(Math.toRadians(Math.abs(dec) + radius + 1));
        for (int c = 0; c < SyntheticSky.catalogCellCount(); c++) {
            double[] b = SyntheticSky.catalogCellBounds(c);
            if (b[3] < dec - radius - 0.01 || b[2] > dec + radius + 0.01) {
                continue;
            }
            double dra = (radius + 0.01) / cosDec;
            if (b[1] < ra - dra || b[0] > ra + dra) {
                continue;
            }
            int n = sky.panstarrsObjectsIn(c);
            boolean det = table.equals("detection");
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < (det ? 3 : 1); k++) {
                    Map<String, Object> row = sky.panstarrsRow(table, c, j, k);
                    double s = det
                            ? sep(ra, dec, (Double) row.get("ra"), (Double) row.get("dec"))
                            : sep(ra, dec, (Double) row.get("raMean"), (Double) row.get("decMean"));
                    if (s <= radius) {
                        row.put("distance", s);
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode panstarrs(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + pathAndQuery);
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return Http.JSON.readTree(r.body());
    }

    private static List<String> column(JsonNode answer, String name) {
        int k = texts(answer.path("info"), "name").indexOf(name);
        List<String> out = new ArrayList<>();
        answer.path("data").forEach(row -> out.add(row.get(k).asText()));
        return out;
    }

    @Test
    void metadataOfMeanIsTheRecordedOne() throws Exception {
        assertThat(panstarrs("/api/v0.1/panstarrs/dr2/mean/metadata.json"))
                .isEqualTo(recorded("panstarrs_columns.json"));
        assertThat(texts(panstarrs("/api/v0.1/panstarrs/dr2/detection/metadata.json"), "name"))
                .startsWith("objID", "detectID");
        assertThat(Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr1/detection/metadata.json")
                        .statusCode())
                .isEqualTo(404);
        assertThat(Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr1/forced_mean/metadata.json")
                        .statusCode())
                .isEqualTo(404);
        assertThat(Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr1/stack/metadata.json")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theRecordedConeGetsTheRecordedRows() throws Exception {
        HttpResponse<String> r = post(
                "/api/v0.1/panstarrs/dr2/mean.json",
                "application/json",
                "{\"ra\": 5.97517, \"dec\": -32.53455, \"radius\": 0.012}");
        assertThat(Http.JSON.readTree(r.body())).isEqualTo(recorded("panstarrs.json"));
    }

    @Test
    void aSyntheticConeEqualsTheBruteForceObjectsInObjIdOrder() throws Exception {
        double radius = 0.1;
        JsonNode answer = panstarrs("/api/v0.1/panstarrs/dr2/mean.json?ra=210.8025&dec=54.3488&radius=0.1"
                + "&columns=objID&columns=raMean&columns=decMean&columns=objName&columns=distance");
        List<Map<String, Object>> expected = panstarrsWithin("mean", M101[0], M101[1], radius);
        expected.sort(Comparator.comparingLong(r -> (Long) r.get("objID")));
        assertThat(expected.size()).isGreaterThan(200);
        assertThat(column(answer, "objID"))
                .containsExactlyElementsOf(
                        expected.stream().map(r -> r.get("objID").toString()).toList());
        assertThat(column(answer, "objName"))
                .containsExactlyElementsOf(
                        expected.stream().map(r -> r.get("objName").toString()).toList());
        for (int k = 0; k < expected.size(); k++) {
            assertThat(answer.path("data").get(k).get(4).asDouble())
                    .isCloseTo((Double) expected.get(k).get("distance"), org.assertj.core.data.Offset.offset(1e-12));
        }
        // objID is PS1's zone * 10^13 + floor(ra * 10^10), and unique
        Map<String, Object> first = expected.get(0);
        long zone = (long) Math.floor(((Double) first.get("decMean") + 90) * 120);
        assertThat((Long) first.get("objID"))
                .isEqualTo(zone * 10_000_000_000_000L + (long) Math.floor((Double) first.get("raMean") * 1e10));
        assertThat(new TreeSet<>(column(answer, "objID"))).hasSize(expected.size());
        assertThat(answer.path("info").get(0).path("type").asText()).isEqualTo("long");
        assertThat(answer.path("data").get(0).get(0).isTextual()).isTrue();
    }

    @Test
    void decoratedFiltersFormBodiesAndSortingEqualTheBruteForce() throws Exception {
        double radius = 0.15;
        // astroquery 0.4.6 style form body, repeated keys
        HttpResponse<String> r = post(
                "/api/v0.1/panstarrs/dr2/mean.json",
                "application/x-www-form-urlencoded",
                "ra=210.8025&dec=54.3488&radius=0.15&nDetections.gte=10&gMeanPSFMag.lt=20&qualityFlag=48&qualityFlag=52"
                        + "&columns=objID&columns=gMeanPSFMag&sort_by=gMeanPSFMag.desc");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = Http.JSON.readTree(r.body());
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> row : panstarrsWithin("mean", M101[0], M101[1], radius)) {
            long q = (Long) row.get("qualityFlag");
            if ((Long) row.get("nDetections") >= 10 && (Double) row.get("gMeanPSFMag") < 20 && (q == 48 || q == 52)) {
                expected.add(row);
            }
        }
        expected.sort(Comparator.<Map<String, Object>>comparingDouble(x -> -(Double) x.get("gMeanPSFMag"))
                .thenComparingLong(x -> (Long) x.get("objID")));
        assertThat(expected).isNotEmpty();
        assertThat(column(answer, "objID"))
                .containsExactlyElementsOf(
                        expected.stream().map(x -> x.get("objID").toString()).toList());

        // the same query as a JSON body (astroquery 0.4.7+) and as GET parameters, paged
        String json = "{\"ra\": 210.8025, \"dec\": 54.3488, \"radius\": 0.15, \"nDetections.gte\": \"10\","
                + " \"gMeanPSFMag.lt\": 20, \"qualityFlag\": [48, 52], \"columns\": [\"objID\", \"gMeanPSFMag\"],"
                + " \"sort_by\": [\"gMeanPSFMag.desc\"], \"pagesize\": 5, \"page\": 2}";
        JsonNode page2 = Http.JSON.readTree(post("/api/v0.1/panstarrs/dr2/mean.json", "application/json", json)
                .body());
        assertThat(column(page2, "objID")).isEqualTo(column(answer, "objID").subList(5, Math.min(10, expected.size())));
        HttpResponse<byte[]> csv = Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr2/mean.csv?ra=210.8025&dec=54.3488"
                + "&radius=0.15&nDetections.gte=10&gMeanPSFMag.lt=20&qualityFlag=48,52&columns=[objID,gMeanPSFMag]"
                + "&sort_by=gMeanPSFMag.desc");
        String[] lines = new String(csv.body(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("objID,gMeanPSFMag");
        assertThat(lines).hasSize(expected.size() + 1);
        assertThat(lines[1]).startsWith(expected.get(0).get("objID") + ",");
    }

    @Test
    void boxQueriesAndDetectionsEqualTheBruteForce() throws Exception {
        JsonNode box = panstarrs("/api/v0.1/panstarrs/dr2/stack.json?raMean.gte=210.7&raMean.lte=210.9"
                + "&decMean.min=54.3&decMean.max=54.4&columns=objID");
        Set<String> expected = new TreeSet<>();
        for (Map<String, Object> row : panstarrsWithin("stack", 210.8, 54.35, 0.2)) {
            double ra = (Double) row.get("raMean");
            double dec = (Double) row.get("decMean");
            if (ra >= 210.7 && ra <= 210.9 && dec >= 54.3 && dec <= 54.4) {
                expected.add(row.get("objID").toString());
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(new TreeSet<>(column(box, "objID"))).isEqualTo(expected);

        JsonNode det = panstarrs("/api/v0.1/panstarrs/dr2/detection.json?ra=210.8025&dec=54.3488&radius=0.03");
        List<Map<String, Object>> want = panstarrsWithin("detection", M101[0], M101[1], 0.03);
        assertThat(new TreeSet<>(column(det, "detectID")))
                .isEqualTo(new TreeSet<>(
                        want.stream().map(x -> x.get("detectID").toString()).toList()));
        assertThat(det.path("data").size()).isEqualTo(want.size());
    }

    @Test
    void panstarrsLimitsAndBadInputAre400WithTheReason() throws Exception {
        HttpResponse<byte[]> big =
                Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr2/mean.json?ra=10&dec=10&radius=0.51");
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(big.body()).path("detail").asText())
                .isEqualTo("Radius 0.51 exceeds the maximum search radius of 0.5 degrees");
        HttpResponse<byte[]> col =
                Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr2/mean.json?ra=10&dec=10&radius=0.1&nosuch.gt=1");
        assertThat(Http.JSON.readTree(col.body()).path("detail").asText())
                .isEqualTo("Column 'nosuch' does not exist in panstarrs dr2 mean");
        HttpResponse<byte[]> unbounded =
                Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr2/mean.json?nDetections.gt=1");
        assertThat(unbounded.statusCode()).isEqualTo(400);
        assertThat(Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr2/mean.json?ra=10&dec=10&radius=0.5")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void requestLogNamesTheServicesAndRowsAndFaultsApply() throws Exception {
        mast.requestLog().clear();
        panstarrs("/api/v0.1/panstarrs/dr2/mean.json?ra=5.97517&dec=-32.53455&radius=0.012");
        search("hst", "{\"conditions\": [{\"sci_pep_id\": \"1000..1100\"}]}");
        List<RequestLog.Entry> entries = mast.requestLog().entries();
        assertThat(entries)
                .extracting(RequestLog.Entry::service)
                .containsExactly("panstarrs:dr2/mean", "missions.search:hst");
        assertThat(entries.get(0).rows()).isEqualTo(35);
        assertThat(entries.get(1).request()).contains("1000..1100");
        try {
            mast.faults().serviceUnavailableRate(1.0).retryAfterSeconds(3).pathPrefix("/search/");
            HttpResponse<String> r = post("/search/hst/api/v0.1/search", "application/json", "{}");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("3");
            assertThat(Http.get(mast.baseUrl() + "/api/v0.1/panstarrs/dr2/mean/metadata.json")
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            mast.faults().reset();
        }
    }
}
