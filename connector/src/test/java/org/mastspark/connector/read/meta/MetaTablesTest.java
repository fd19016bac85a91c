package org.mastspark.connector.read.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.LogCapture;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * The metadata tables against the emulator: exact rows, the MAST requests each read sends (and, for
 * {@code meta/columns}, only those its {@code table_name} predicates need), column comments, and that the
 * token never shows in {@code meta/session}'s rows, plans, logs or messages.
 */
class MetaTablesTest {
    private static final String TOKEN = "tok-7f3a9c51e2d84b6a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(5).scale(0.02).build();
        mast.addToken(TOKEN, "alice");
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clearLog() {
        mast.requestLog().clear();
    }

    private static Dataset<Row> table(String path, String... options) {
        return SparkTestSession.mastReader(mast.baseUrl(), options).load(path);
    }

    /** Every logged request as "METHOD path?query service" (service or "-"). */
    private static List<String> requests() {
        List<String> out = new ArrayList<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            out.add(e.method() + " " + e.path() + (e.query().isEmpty() ? "" : "?" + e.query()) + " "
                    + (e.service() != null ? e.service() : e.request()));
        }
        return out;
    }

    private static JsonNode emulatorGet(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(mast.baseUrl() + pathAndQuery))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void missionsAreTheObsCollectionFacetOfOneCaomAllRequestInMastsOrder() {
        List<String> missions = table("meta/missions").collectAsList().stream()
                .map(r -> r.getString(0))
                .toList();
        assertThat(missions)
                .containsExactly(
                        "IUE",
                        "Kepler",
                        "K2FFI",
                        "EUVE",
                        "HLA",
                        "KeplerFFI",
                        "FUSE",
                        "K2",
                        "HST",
                        "WUPPE",
                        "BEFS",
                        "GALEX",
                        "TUES",
                        "HUT",
                        "SWIFT");
        List<RequestLog.Entry> log = mast.requestLog().entries();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).method()).isEqualTo("POST");
        assertThat(log.get(0).path()).isEqualTo("/api/v0/invoke");
        assertThat(log.get(0).service()).isEqualTo("Mast.Caom.All");
        assertThat(log.get(0).request())
                .startsWith(
                        "{\"service\": \"Mast.Caom.All\", \"params\": {}, \"format\": \"extjs\", \"pagesize\": 50000,"
                                + " \"page\": 1, \"cacheBreaker\": ");
    }

    @Test
    void observationColumnsComeFromTheColumnsConfigOfMastCaomConeAlone() {
        // no orderBy: Spark's sort samples its input first, a second read
        List<Row> rows = new ArrayList<>(
                table("meta/columns").where("table_name = 'observations'").collectAsList());
        rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(2)));
        assertThat(requests()).containsExactly("POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Caom.Cone");
        // columnsconfig.json: 32 entries but _selected_ and the removed s_fov
        assertThat(rows).hasSize(31);
        assertThat(rows.get(0).getString(1)).isEqualTo("intentType");
        Map<String, Row> byName = rows.stream().collect(Collectors.toMap(r -> r.getString(1), r -> r));
        assertThat(byName).doesNotContainKeys("_selected_", "s_fov");
        assertThat(byName.get("obs_collection"))
                .isEqualTo(RowFactory.create(
                        "observations",
                        "obs_collection",
                        2L,
                        "Mission",
                        "string",
                        "string",
                        null,
                        "Collection",
                        null,
                        "meta.id",
                        null,
                        null));
        assertThat(byName.get("t_exptime"))
                .isEqualTo(RowFactory.create(
                        "observations",
                        "t_exptime",
                        byName.get("t_exptime").getLong(2),
                        "Exposure Length",
                        "float",
                        "double",
                        "sec",
                        "Exposure time",
                        null,
                        "time.duration;obs.exposure",
                        null,
                        null));
        assertThat(byName.get("s_ra").getString(8))
                .isEqualTo("May be displayed in the Portal as hh:mm:ss.sss, but should be searched as decimal");
        assertThat(byName.get("s_ra").getString(6)).isEqualTo("deg");
    }

    @Test
    void anInListAsksOnlyTheTablesItNames() throws Exception {
        List<Row> rows = table("meta/columns")
                .where("table_name IN ('products', 'missions.jwst', 'catalogs.panstarrs.dr2.mean', 'missions.HST',"
                        + " 'nothing')")
                .collectAsList();
        assertThat(requests())
                .containsExactlyInAnyOrder(
                        "POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Caom.Products",
                        "GET /search/util/api/v0.1/column_list?mission=jwst missions.column_list",
                        "GET /api/v0.1/panstarrs/dr2/mean/metadata.json panstarrs.metadata:dr2/mean");
        Map<String, List<String>> columns = new TreeMap<>();
        for (Row r : rows) {
            columns.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
        }
        assertThat(columns).containsOnlyKeys("products", "missions.jwst", "catalogs.panstarrs.dr2.mean");
        assertThat(columns.get("products")).hasSize(19).startsWith("obsID", "obs_collection", "dataproduct_type");
        List<String> jwst = new ArrayList<>();
        emulatorGet("/search/util/api/v0.1/column_list?mission=jwst")
                .forEach(c -> jwst.add(c.path("column_name").asText()));
        assertThat(columns.get("missions.jwst")).containsExactlyInAnyOrderElementsOf(jwst);
        List<String> mean = new ArrayList<>();
        emulatorGet("/api/v0.1/panstarrs/dr2/mean/metadata.json")
                .forEach(c -> mean.add(c.path("name").asText()));
        assertThat(columns.get("catalogs.panstarrs.dr2.mean")).containsExactlyInAnyOrderElementsOf(mean);
    }

    @Test
    void missionAndPanstarrsRowsCarryWhatMastSays() {
        Map<String, Row> hst = table("meta/columns").where("table_name = 'missions.hst'").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(1), r -> r));
        assertThat(hst).hasSize(57);
        // mission_columns.json: the first entry, description as MAST wrote it (the client trims it)
        assertThat(hst.get("search_pos"))
                .isEqualTo(RowFactory.create(
                        "missions.hst",
                        "search_pos",
                        1L,
                        "Search Position",
                        "string",
                        "string",
                        null,
                        "Search Position (RA and Dec)",
                        null,
                        null,
                        false,
                        false));
        Row objName = table("meta/columns")
                .where("table_name = 'catalogs.panstarrs.dr2.mean' AND column_name = 'objName'")
                .collectAsList()
                .get(0);
        assertThat(objName)
                .isEqualTo(RowFactory.create(
                        "catalogs.panstarrs.dr2.mean",
                        "objName",
                        1L,
                        null,
                        "char",
                        "string",
                        null,
                        "IAU name for this object.",
                        null,
                        "meta.id;meta.main",
                        null,
                        null));
    }

    @Test
    void aPortalCatalogsColumnsComeFromTheConfigAstroqueryAsksForIt() {
        Map<String, Row> tic = table("meta/columns").where("table_name = 'catalogs.tic'").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(1), r -> r));
        assertThat(requests()).containsExactly("POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Catalogs.Tess.Cone");
        // ticcolumns.json: 95 entries, 88 once _selected_ and those marked remove are skipped
        assertThat(tic).hasSize(88);
        assertThat(tic.get("ra"))
                .isEqualTo(RowFactory.create(
                        "catalogs.tic",
                        "ra",
                        tic.get("ra").getLong(2),
                        "RA",
                        null,
                        "double",
                        "deg",
                        null,
                        null,
                        null,
                        null,
                        null));
        assertThat(tic.get("ID").getString(3)).isEqualTo("TIC ID");
        assertThat(tic.get("ID").getString(5)).isEqualTo("string");
    }

    @Test
    void withoutATableNameEveryKnownTableIsAskedOnce() {
        List<String> tables = table("meta/columns").select("table_name").distinct().collectAsList().stream()
                .map(r -> r.getString(0))
                .sorted()
                .toList();
        // the emulator's columnsconfig is {} for gaia, hsc, galex and plato: asked, but no rows
        assertThat(tables)
                .containsExactly(
                        "catalogs.ctl",
                        "catalogs.diskdetective",
                        "catalogs.panstarrs.dr1.mean",
                        "catalogs.panstarrs.dr1.stack",
                        "catalogs.panstarrs.dr2.detection",
                        "catalogs.panstarrs.dr2.forced_mean",
                        "catalogs.panstarrs.dr2.mean",
                        "catalogs.panstarrs.dr2.stack",
                        "catalogs.tic",
                        "missions.classy",
                        "missions.hst",
                        "missions.iue",
                        "missions.jwst",
                        "missions.roman",
                        "missions.ullyses",
                        "observations",
                        "products");
        List<String> requests = requests();
        // 2 CAOM + 7 Portal catalogs + 6 missions + 6 Pan-STARRS tables (DR1: mean, stack; DR2: four)
        assertThat(requests).hasSize(21);
        assertThat(requests)
                .containsOnlyOnce(
                        "POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Catalogs.GaiaDR3.Cone",
                        "POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Hsc.Db.v3",
                        "POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Galex.Catalog",
                        "POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Catalogs.Dd.Cone",
                        "POST /portal/Mashup/Mashup.asmx/columnsconfig Mast.Catalogs.Plato.Cone");
        // TIC and CTL share one configuration, asked once for each table
        assertThat(requests.stream()
                        .filter(r -> r.endsWith("Mast.Catalogs.Tess.Cone"))
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aPrefixAsksTheKnownTablesItCovers() {
        long rows = table("meta/columns").where("table_name LIKE 'missions.%'").count();
        assertThat(rows).isPositive();
        assertThat(requests())
                .containsExactlyInAnyOrder(
                        "GET /search/util/api/v0.1/column_list?mission=hst missions.column_list",
                        "GET /search/util/api/v0.1/column_list?mission=jwst missions.column_list",
                        "GET /search/util/api/v0.1/column_list?mission=roman missions.column_list",
                        "GET /search/util/api/v0.1/column_list?mission=classy missions.column_list",
                        "GET /search/util/api/v0.1/column_list?mission=ullyses missions.column_list",
                        "GET /search/util/api/v0.1/column_list?mission=iue missions.column_list");
    }

    @Test
    void aNameMastCannotDescribeAsksNothing() {
        assertThat(table("meta/columns")
                        .where("table_name = 'missions.HST' OR table_name = 'galaxies'")
                        .collectAsList())
                .isEmpty();
        assertThat(table("meta/columns").where("table_name = 'galaxies'").collectAsList())
                .isEmpty();
        // DR1 has no forced_mean table (nor detection): nothing to describe, nothing asked
        assertThat(table("meta/columns")
                        .where("table_name = 'catalogs.panstarrs.dr1.forced_mean'")
                        .collectAsList())
                .isEmpty();
        assertThat(table("meta/columns")
                        .where("table_name = 'observations' AND table_name = 'products'")
                        .collectAsList())
                .isEmpty();
        // the OR is not pushed (a whole read), the two others ask nothing
        assertThat(requests()).hasSize(21);
    }

    @Test
    void thePlanNamesTheTablesAsked() {
        String plan = table("meta/columns")
                .where("table_name IN ('observations', 'missions.hst')")
                .queryExecution()
                .executedPlan()
                .toString();
        assertThat(plan).contains("meta/columns [2 tables: observations, missions.hst]");
        assertThat(requests()).isEmpty();
    }

    @Test
    void everyMetadataColumnHasAComment() {
        for (String path : List.of("meta/missions", "meta/columns", "meta/session")) {
            for (StructField f : table(path).schema().fields()) {
                assertThat(f.getComment().isDefined()).as(path + " " + f.name()).isTrue();
            }
        }
        assertThat(requests()).isEmpty();
    }

    @Test
    void sessionIsWhoamiForTheTokenWithoutTheToken() throws Exception {
        try (LogCapture logs = new LogCapture(List.of(TOKEN), List.of("org.mastspark"), TOKEN)) {
            Dataset<Row> df = table("meta/session", "token", TOKEN);
            List<Row> rows = df.collectAsList();
            assertThat(rows)
                    .containsExactly(RowFactory.create(
                            "alice",
                            "alice@stsci.edu",
                            "alice",
                            null,
                            null,
                            null,
                            false,
                            "mast:user:info mast:exclusive_access",
                            true,
                            "{\"display_name\":\"alice\",\"internal\":\"0\"}",
                            null));
            assertThat(rows.toString()).doesNotContain(TOKEN);
            assertThat(df.queryExecution().toString()).doesNotContain(TOKEN);
            assertThat(df.queryExecution().executedPlan().toString())
                    .contains("meta/session [whoami]")
                    .doesNotContain(TOKEN);
            assertThat(logs.hits()).isEmpty();
        }
        List<RequestLog.Entry> log = mast.requestLog().entries();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).method() + " " + log.get(0).path()).isEqualTo("GET /whoami");
        assertThat(log.get(0).withToken()).isTrue();
        assertThat(mast.authenticatedRequests("alice")).isEqualTo(Map.of("/whoami", 1L));
    }

    @Test
    void aTokenMastDoesNotAcceptGivesTheAnonymousSession() {
        Row r = table("meta/session", "token", "not-a-registered-token")
                .select("user", "anonymous", "scopes", "exclusive_access")
                .collectAsList()
                .get(0);
        assertThat(r).isEqualTo(RowFactory.create("anonymous", true, "", false));
    }

    @Test
    void sessionWithoutATokenFailsNamingOptionToken() {
        assertThatThrownBy(() -> table("meta/session").collectAsList())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Reading meta/session needs a MAST token and none is set: give option 'token' (or option"
                        + " 'tokenFile', session configuration spark.mast.token or spark.mast.tokenFile, or the"
                        + " environment variable MAST_API_TOKEN); create a token at https://auth.mast.stsci.edu/token");
        assertThat(requests()).isEmpty();
    }

    @Test
    void aFailedSessionReadDoesNotShowTheToken() {
        assertThatThrownBy(() -> SparkTestSession.mastReader("http://127.0.0.1:1", "token", TOKEN, "maxAttempts", "1")
                        .load("meta/session")
                        .collectAsList())
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
                        assertThat(Arrays.toString(t.getStackTrace())).doesNotContain(TOKEN);
                    }
                });
    }

    @Test
    void anUnknownMetaPathNamesTheThree() {
        assertThatThrownBy(() -> table("meta/tables"))
                .hasMessage("Invalid value 'meta/tables' for the path of load(): the metadata tables are"
                        + " 'meta/missions' (list_missions), 'meta/columns' (column metadata of every table) and"
                        + " 'meta/session' (the token's session)");
    }
}
