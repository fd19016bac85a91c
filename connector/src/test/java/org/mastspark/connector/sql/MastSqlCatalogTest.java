package org.mastspark.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.read.Sources;
import org.mastspark.connector.read.TableOptions;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * {@link MastSqlCatalog} through SQL: its namespaces and tables, DESCRIBE with MAST's descriptions, SQL reads equal
 * to {@code format("mast")} reads (rows and MAST requests), option precedence (catalog option, per-query
 * {@code WITH}, {@code spark.mast.*}), writes refused, unknown names, and no token in any plan string.
 */
class MastSqlCatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String M101 = "210.802429 54.34875";
    private static MastEmulator mast;
    private static SparkSession sql;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(7).scale(0.05).build();
        sql = catalogSession("mast", mast.baseUrl());
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    /** A new session of the test JVM's context with the catalog registered under {@code name}, by conf keys only. */
    static SparkSession catalogSession(String name, String baseUrl) {
        SparkSession s = SparkTestSession.get().newSession();
        s.conf().set("spark.sql.catalog." + name, MastSqlCatalog.class.getName());
        s.conf().set("spark.sql.catalog." + name + ".baseUrl", baseUrl);
        return s;
    }

    private static List<String> column(String query, int index) {
        return sql.sql(query).collectAsList().stream()
                .map(r -> r.getString(index))
                .toList();
    }

    @Test
    void namespacesAndTablesAreTheLoadPaths() {
        assertThat(column("SHOW NAMESPACES IN mast", 0))
                .containsExactly("missions", "catalogs", "portal", "hats", "meta");
        assertThat(column("SHOW NAMESPACES IN mast.catalogs", 0)).containsExactly("catalogs.panstarrs", "catalogs.hsc");
        assertThat(column("SHOW NAMESPACES IN mast.catalogs.panstarrs", 0))
                .containsExactly("catalogs.panstarrs.dr1", "catalogs.panstarrs.dr2");
        assertThat(column("SHOW TABLES IN mast", 1)).containsExactly("observations", "products");
        assertThat(column("SHOW TABLES IN mast.catalogs", 1))
                .containsExactly("tic", "ctl", "gaia", "hsc", "galex", "diskdetective", "plato");
        assertThat(column("SHOW TABLES IN mast.catalogs.panstarrs.dr2", 1))
                .containsExactly("mean", "stack", "detection", "forced_mean");
        assertThat(column("SHOW TABLES IN mast.catalogs.panstarrs.dr1", 1)).containsExactly("mean", "stack");
        assertThat(column("SHOW TABLES IN mast.missions", 1))
                .containsExactly("hst", "jwst", "roman", "classy", "ullyses", "iue");
        assertThat(column("SHOW TABLES IN mast.missions.hst", 1)).containsExactly("products");
        assertThat(column("SHOW TABLES IN mast.hats", 1)).containsExactly("gaia_dr3", "ps1_otmo", "ps1_otmo_10arcs");
        assertThat(column("SHOW TABLES IN mast.meta", 1)).containsExactly("missions", "columns", "session");
        List<Row> ns = sql.sql("DESCRIBE NAMESPACE mast.missions").collectAsList();
        assertThat(ns.stream().map(r -> r.getString(0) + "=" + r.getString(1)).toList())
                .contains("Namespace Name=missions")
                .anySatisfy(s -> assertThat(s).startsWith("Comment=MAST's Mission Search API"));
        assertThat(MastSqlCatalog.path(org.apache.spark.sql.connector.catalog.Identifier.of(
                        new String[] {"portal"}, "Mast.Caom.Cone")))
                .isEqualTo("portal:Mast.Caom.Cone");
    }

    /**
     * Every namespace and its tables, written out from MAST's documentation (astroquery's catalogs, Pan-STARRS
     * DR1 with mean and stack, DR2 also detection and forced_mean, the HATS catalogs MAST publishes), not from
     * the sources' lists the catalog shows.
     */
    private static final Map<String, List<String>> DOCUMENTED = documented();

    private static Map<String, List<String>> documented() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("", List.of("observations", "products"));
        m.put("missions", List.of("hst", "jwst", "roman", "classy", "ullyses", "iue"));
        m.put("missions.hst", List.of("products"));
        m.put("missions.tess", List.of("products"));
        m.put("catalogs", List.of("tic", "ctl", "gaia", "hsc", "galex", "diskdetective", "plato"));
        m.put("catalogs.panstarrs", List.of());
        m.put("catalogs.panstarrs.dr1", List.of("mean", "stack"));
        m.put("catalogs.panstarrs.dr2", List.of("mean", "stack", "detection", "forced_mean"));
        m.put("catalogs.hsc", List.of("spectra", "matches"));
        m.put("portal", List.of());
        m.put("hats", List.of("gaia_dr3", "ps1_otmo", "ps1_otmo_10arcs"));
        m.put("meta", List.of("missions", "columns", "session"));
        return m;
    }

    /** A catalog of its own, to ask what the catalog answers Spark without Spark loading the table. */
    private static MastSqlCatalog catalog() {
        MastSqlCatalog c = new MastSqlCatalog();
        c.initialize("mast", new CaseInsensitiveStringMap(Map.of("baseUrl", mast.baseUrl())));
        return c;
    }

    private static Identifier ident(String ns, String name) {
        return Identifier.of(ns.isEmpty() ? new String[0] : ns.split("\\."), name);
    }

    @Test
    void everyNamespaceListsTheTablesALoadAccepts() {
        MastSqlCatalog c = catalog();
        for (Map.Entry<String, List<String>> e : DOCUMENTED.entrySet()) {
            String ns = e.getKey();
            String in = ns.isEmpty() ? "mast" : "mast." + ns;
            assertThat(column("SHOW TABLES IN " + in, 1)).as(in).containsExactlyElementsOf(e.getValue());
            assertThat(column("SHOW TABLES IN " + in, 0))
                    .as(in)
                    .allSatisfy(n -> assertThat(n).isEqualTo(ns));
            for (String t : e.getValue()) {
                String name = ns.isEmpty() ? t : ns + "." + t;
                assertThat(c.tableExists(ident(ns, t))).as(name).isTrue();
                if (!ns.equals("hats")) {
                    // the path the table stands for opens as a format("mast") source (no request: HATS reads its
                    // catalog's properties on opening, and is checked by the HATS tests)
                    String path = MastSqlCatalog.path(ident(ns, t));
                    assertThat(Sources.open(path, TableOptions.resolve(Map.of()).options())
                                    .describe())
                            .as(name)
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void aPanstarrsTableOfAnotherReleaseIsRefusedAsTheLoadRefusesIt() {
        mast.requestLog().clear();
        assertThat(column("SHOW TABLES IN mast.catalogs.panstarrs.dr1", 1)).doesNotContain("detection", "forced_mean");
        assertRefused(
                "SELECT * FROM mast.catalogs.panstarrs.dr1.detection",
                "Table mast.catalogs.panstarrs.dr1.detection does not exist: Pan-STARRS dr1 has no table detection:"
                        + " the tables of dr1 are mean, stack; detection is in dr2; read"
                        + " mast.catalogs.panstarrs.dr2.detection");
        assertRefused(
                "DESCRIBE TABLE mast.catalogs.PanSTARRS.DR1.Forced_Mean",
                "Table mast.catalogs.panstarrs.dr1.forced_mean does not exist: Pan-STARRS dr1 has no table"
                        + " forced_mean: the tables of dr1 are mean, stack; forced_mean is in dr2; read"
                        + " mast.catalogs.panstarrs.dr2.forced_mean");
        assertThatThrownBy(() -> sql.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .load("catalogs/panstarrs/dr1/detection"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'catalogs/panstarrs/dr1/detection' for the path of load(): Pan-STARRS dr1"
                        + " has no table detection: the tables of dr1 are mean, stack; detection is in dr2; read"
                        + " 'catalogs/panstarrs/dr2/detection'");
        MastSqlCatalog c = catalog();
        assertThat(c.tableExists(ident("catalogs.panstarrs.dr1", "detection"))).isFalse();
        assertThat(c.tableExists(ident("catalogs.panstarrs.dr1", "forced_mean")))
                .isFalse();
        assertThat(c.tableExists(ident("catalogs.panstarrs.dr2", "detection"))).isTrue();
        // an unknown table of a release is not found, as any unknown name
        assertThatThrownBy(() -> c.loadTable(ident("catalogs.panstarrs.dr1", "nope")))
                .isInstanceOf(NoSuchTableException.class);
        // Spark's own tableExists loads the table: it gets the same refusal rather than a bare false
        assertThatThrownBy(() -> sql.catalog().tableExists("mast.catalogs.panstarrs.dr1.detection"))
                .hasMessageContaining("Pan-STARRS dr1 has no table detection");
        // refused before asking MAST
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    /** The MAST requests logged whose path contains {@code part}. */
    private static long logged(String part) {
        return mast.requestLog().entries().stream()
                .filter(e -> e.path().contains(part))
                .count();
    }

    @Test
    void aTableIsLoadedOnceUntilRefreshed() {
        SparkSession s = catalogSession("mastcache", mast.baseUrl());
        String q = "SELECT sci_data_set_name FROM mastcache.missions.hst WITH ('coordinates' = '" + M101
                + "', 'radius' = '3arcmin')";
        mast.requestLog().clear();
        List<Row> first = s.sql(q).collectAsList();
        // Spark looks the table up for the statement: one schema request (column_list), then the search
        assertThat(logged("/column_list")).isEqualTo(1);
        assertThat(s.sql(q).collectAsList()).containsExactlyElementsOf(first);
        s.sql("DESCRIBE TABLE mastcache.missions.hst").collectAsList();
        // the second query and DESCRIBE reuse the loaded table: no second schema request
        assertThat(logged("/column_list")).isEqualTo(1);
        s.sql("REFRESH TABLE mastcache.missions.hst");
        assertThat(s.sql(q).collectAsList()).containsExactlyElementsOf(first);
        assertThat(logged("/column_list")).isEqualTo(2);
        // another session setting is another table: its options may differ
        s.conf().set("spark.mast.pagesize", "777");
        assertThat(s.sql(q).collectAsList()).containsExactlyElementsOf(first);
        assertThat(logged("/column_list")).isEqualTo(3);
    }

    @Test
    void atMost64TablesAreKept() throws Exception {
        MastSqlCatalog c = catalog();
        mast.requestLog().clear();
        // a mission's products table has a fixed schema: loading it asks MAST nothing
        for (int i = 0; i < 70; i++) {
            c.loadTable(ident("missions.m" + i, "products"));
        }
        assertThat(c.loadedTables()).isEqualTo(64);
        Table kept = c.loadTable(ident("missions.m69", "products"));
        assertThat(c.loadTable(ident("missions.m69", "products"))).isSameAs(kept);
        c.invalidateTable(ident("missions.m69", "products"));
        assertThat(c.loadedTables()).isEqualTo(63);
        assertThat(c.loadTable(ident("missions.m69", "products"))).isNotSameAs(kept);
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    @Test
    void describeShowsMastsColumnDescriptions() throws Exception {
        List<Row> described = sql.sql("DESCRIBE TABLE mast.missions.hst").collectAsList();
        StructField[] loaded = sql.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("missions/hst")
                .schema()
                .fields();
        assertThat(described.stream().map(r -> r.getString(0)).toList())
                .startsWith(
                        java.util.Arrays.stream(loaded).map(StructField::name).toArray(String[]::new));
        // the description MAST's column_list gives (as recorded from MAST), trailing blanks trimmed or not
        Row dataset = described.stream()
                .filter(r -> r.getString(0).equals("sci_data_set_name"))
                .findFirst()
                .orElseThrow();
        assertThat(dataset.getString(2).strip())
                .isEqualTo("Data set name, the first character indicates instrument; L=COS; I=WFC3; J=ACS;"
                        + " N=NICMOS; O=STIS; U=WFPC2; W=WFPC; X=FOC; Y=FOS; Z=GHRS; F=FGS; V=HSP; nine-character"
                        + " name    (e.g. J8BA7JCAQ, O4140Q020)");
        for (Row r : sql.sql("DESCRIBE TABLE mast.observations").collectAsList()) {
            assertThat(r.getString(2)).as(r.getString(0)).isNotBlank();
        }
    }

    /** The MAST requests sent while {@code run} ran: method, path, query, service and body; in a stable order. */
    private static List<String> requests(Supplier<List<Row>> run, List<Row> rows) {
        mast.requestLog().clear();
        rows.addAll(run.get());
        List<String> out = new ArrayList<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            // the Portal's cacheBreaker is a fresh UUID on every request, by design
            out.add(e.method() + " " + e.path() + "?" + e.query() + " " + e.service() + " "
                    + e.request().replaceAll("\"cacheBreaker\": \"[^\"]*\"", "\"cacheBreaker\": _"));
        }
        out.sort(null);
        return out;
    }

    @Test
    void aSqlReadSendsWhatTheDataFrameReadSendsAndReturnsItsRows() {
        List<Row> bySql = new ArrayList<>();
        List<String> sqlRequests = requests(
                () -> sql.sql("SELECT obsid, obs_collection, t_exptime FROM mast.observations"
                                + " WITH ('coordinates' = '" + M101 + "', 'radius' = '0.5deg')"
                                + " WHERE obs_collection = 'HST' AND t_exptime > 100")
                        .collectAsList(),
                bySql);
        List<Row> byReader = new ArrayList<>();
        List<String> readerRequests = requests(
                () -> sql.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .option("coordinates", M101)
                        .option("radius", "0.5deg")
                        .load("observations")
                        .where("obs_collection = 'HST' AND t_exptime > 100")
                        .select("obsid", "obs_collection", "t_exptime")
                        .collectAsList(),
                byReader);
        assertThat(bySql).isNotEmpty().containsExactlyInAnyOrderElementsOf(byReader);
        assertThat(bySql).allSatisfy(r -> {
            assertThat(r.getString(1)).isEqualTo("HST");
            assertThat(r.getDouble(2)).isGreaterThan(100);
        });
        assertThat(sqlRequests).isNotEmpty().isEqualTo(readerRequests);
        assertThat(sqlRequests).anySatisfy(r -> assertThat(r).contains("Mast.Caom.Filtered.Position"));
    }

    /** The page sizes of the observation row requests (not counts) sent since the last clear. */
    private static Set<Integer> rowPageSizes() throws Exception {
        Set<Integer> sizes = new TreeSet<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            if ("Mast.Caom.Filtered.Position".equals(e.service())) {
                JsonNode request = JSON.readTree(e.request());
                if (!request.path("params").path("columns").asText().startsWith("COUNT")) {
                    sizes.add(request.path("pagesize").asInt());
                }
            }
        }
        return sizes;
    }

    private static Set<Integer> pageSizesOf(SparkSession s, String query) throws Exception {
        mast.requestLog().clear();
        assertThat(s.sql(query).collectAsList()).hasSizeGreaterThan(17);
        return rowPageSizes();
    }

    @Test
    void optionsComeFromTheQueryThenTheCatalogThenTheSession() throws Exception {
        SparkSession s = catalogSession("mastp", mast.baseUrl());
        s.conf().set("spark.sql.catalog.mastp.pagesize", "13");
        s.conf().set("spark.sql.catalog.mastp.coordinates", M101);
        s.conf().set("spark.sql.catalog.mastp.radius", "0.5deg");
        s.conf().set("spark.mast.pagesize", "11");
        assertThat(pageSizesOf(s, "SELECT obsid FROM mastp.observations")).containsExactly(13);
        assertThat(pageSizesOf(s, "SELECT obsid FROM mastp.observations WITH ('pagesize' = '7')"))
                .containsExactly(7);
        mast.requestLog().clear();
        assertThat(s.read().option("pagesize", "17").table("mastp.observations").collectAsList())
                .hasSizeGreaterThan(17);
        assertThat(rowPageSizes()).containsExactly(17);
        SparkSession bySession = catalogSession("masts", mast.baseUrl());
        bySession.conf().set("spark.mast.pagesize", "11");
        assertThat(pageSizesOf(
                        bySession,
                        "SELECT obsid FROM masts.observations WITH ('coordinates' = '" + M101
                                + "', 'radius' = '0.5deg')"))
                .containsExactly(11);
    }

    private static void assertRefused(String statement, String... parts) {
        assertThatThrownBy(() -> sql.sql(statement).collectAsList())
                .as(statement)
                .satisfies(e -> {
                    String all = messages(e);
                    for (String p : parts) {
                        assertThat(all).contains(p);
                    }
                });
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void everyWriteIsRefusedWithAMessageThatSaysWhy() {
        String why = "is not supported: catalog 'mast' is MAST's archive, read-only; write query results with a"
                + " catalog that stores tables";
        assertRefused("CREATE TABLE mast.mine (a INT)", "CREATE TABLE mine", why);
        assertRefused("DROP TABLE mast.observations", "DROP TABLE observations", why);
        assertRefused("ALTER TABLE mast.observations RENAME TO mast.obs", why);
        assertRefused("CREATE NAMESPACE mast.mine", "CREATE NAMESPACE mine", why);
        assertRefused("DROP NAMESPACE mast.missions", "DROP NAMESPACE missions", why);
        assertRefused("INSERT INTO mast.products SELECT * FROM mast.products", "products", "does not support");
    }

    @Test
    void anUnknownNameIsNotFound() {
        assertRefused("SELECT * FROM mast.catalogs.nope", "TABLE_OR_VIEW_NOT_FOUND", "mast`.`catalogs`.`nope");
        // Spark reads a two-part name whose first part is a data source's short name as SQL on files: with the
        // catalog named as the data source ("mast"), an unknown mast.<name> gets Spark's message for that (README)
        assertRefused("SELECT * FROM mast.nope", "UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY");
        assertRefused("SELECT * FROM mast.catalogs.panstarrs.dr2.nope", "TABLE_OR_VIEW_NOT_FOUND");
        assertRefused("SHOW TABLES IN mast.nope", "SCHEMA_NOT_FOUND");
        assertThat(sql.catalog().tableExists("mast.catalogs.tic")).isTrue();
        assertThat(sql.catalog().tableExists("mast.catalogs.nope")).isFalse();
    }

    @Test
    void explainShowsWhatGoesToMastForEveryKindOfTable() {
        String with = " WITH ('coordinates' = '" + M101 + "', 'radius' = '3arcmin')";
        String cone = " within " + 3 / 60.0 + " deg of " + M101 + " [";
        List<String[]> tables = List.of(
                new String[] {"observations", "observations", "obs_collection = 'HST'", "obs_collection"},
                new String[] {"catalogs.tic", "catalogs/tic", "Tmag < 12", "Tmag"},
                new String[] {"missions.hst", "missions/hst", "sci_instrume = 'STIS'", "sci_instrume"},
                new String[] {
                    "catalogs.panstarrs.dr2.mean", "catalogs/panstarrs/dr2/mean", "nDetections >= 5", "nDetections"
                });
        for (String[] t : tables) {
            String plan = sql.sql("EXPLAIN SELECT * FROM mast." + t[0] + with + " WHERE " + t[2])
                    .collectAsList()
                    .get(0)
                    .getString(0);
            assertThat(plan).as(t[0]).contains("MAST " + t[1] + cone).contains(t[3]);
        }
    }

    @Test
    void theMetadataTablesReadAsTheirLoadPathsDo() {
        List<Row> missions = sql.sql("SELECT * FROM mast.meta.missions").collectAsList();
        assertThat(missions)
                .isNotEmpty()
                .containsExactlyElementsOf(sql.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .load("meta/missions")
                        .collectAsList());
        assertThat(missions.stream().map(r -> r.getString(0)).toList()).contains("HST", "GALEX", "Kepler");
        mast.requestLog().clear();
        List<Row> columns = sql.sql(
                        "SELECT column_name, description FROM mast.meta.columns" + " WHERE table_name = 'observations'")
                .collectAsList();
        // one request: the observations' column configuration, no other table's
        assertThat(mast.requestLog().entries()).hasSize(1);
        // the columns of mast.observations, described as DESCRIBE describes them
        List<Row> described = sql.sql("DESCRIBE TABLE mast.observations").collectAsList();
        for (Row c : columns) {
            assertThat(described)
                    .as(c.getString(0))
                    .anySatisfy(d -> assertThat(d.getString(0)).isEqualTo(c.getString(0)));
        }
        assertThat(columns).extracting(r -> r.getString(0)).contains("obsid", "s_ra", "s_dec", "t_exptime");
    }

    @Test
    void aPushedConesRadiusReplacesAQueryRadiusWhateverItsCase() {
        String plan = sql.sql("EXPLAIN SELECT obsid FROM mast.observations WITH ('Radius' = '1deg')"
                        + " WHERE mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.1)")
                .collectAsList()
                .get(0)
                .getString(0);
        assertThat(plan)
                .contains("MAST observations within 0.1 deg of 210.802429 54.34875 [")
                .contains("cone pushed as the search region");
    }

    @Test
    void noPlanStringShowsTheToken() {
        String secret = "sql-catalog-s3cr3t-token-27182";
        SparkSession s = catalogSession("mastt", mast.baseUrl());
        s.conf().set("spark.sql.catalog.mastt.token", secret);
        Dataset<Row> q = s.sql("SELECT obsid FROM mastt.observations WITH ('coordinates' = '" + M101
                + "', 'radius' = '0.1deg') WHERE obs_collection = 'HST'");
        assertThat(q.collectAsList()).isNotEmpty();
        String explained = s.sql("EXPLAIN EXTENDED SELECT obsid FROM mastt.observations WITH ('coordinates' = '" + M101
                        + "', 'radius' = '0.1deg') WHERE obs_collection = 'HST'")
                .collectAsList()
                .get(0)
                .getString(0);
        assertThat(explained)
                .contains("MAST observations within 0.1 deg of " + M101)
                .doesNotContain(secret);
        assertThat(q.queryExecution().toString()).doesNotContain(secret);
        String described = s.sql("DESCRIBE TABLE EXTENDED mastt.observations")
                .collectAsList()
                .toString();
        assertThat(described).doesNotContain(secret);
        assertThat(mast.requestLog().entries())
                .anySatisfy(e -> assertThat(e.withToken()).isTrue());
    }
}
