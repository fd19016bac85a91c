package org.mastspark.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.SkyMath;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * A cone written in SQL on a table's position columns is MAST's search region: the SQL read sends the same
 * requests as {@code format("mast").option("coordinates", ..).option("radius", ..)} and returns the same rows,
 * for observations, a tiled Portal catalog, a mission and Pan-STARRS; forms that cannot be pushed read as the
 * scan says and still return the right rows (Spark evaluates the function). Proof by the emulator's request log.
 */
class SqlConePushdownTest {
    static final String CATALOG = MastSqlCatalog.class.getName();
    private static final double RA = 210.802429;
    private static final double DEC = 54.34875;
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(7).scale(0.05).build();
        // a session of its own: a session keeps the first catalog it built under a name
        spark = SparkTestSession.get().newSession();
        spark.conf().set("spark.sql.catalog.mast", CATALOG);
        spark.conf().set("spark.sql.catalog.mast.baseUrl", mast.baseUrl());
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @AfterEach
    void resetFolding() {
        spark.conf().unset("spark.sql.optimizer.datasourceV2ExprFolding");
    }

    /** One read: its rows (sorted by their text), the requests MAST got (sorted) and the scan's plan line. */
    record Read(List<String> rows, List<String> requests, String scan) {}

    /**
     * Reads a query made after the log is cleared, so that its planning requests count too. The requests'
     * {@code cacheBreaker} (a random id per request) is left out.
     */
    private static Read read(Supplier<Dataset<Row>> query) {
        mast.requestLog().clear();
        Dataset<Row> df = query.get();
        String plan = df.queryExecution().executedPlan().toString();
        String scan =
                plan.lines().filter(l -> l.contains("BatchScan")).findFirst().orElse("");
        List<String> rows = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        List<String> requests = new ArrayList<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            requests.add((e.method() + " " + e.path() + "?" + e.query() + " " + e.service() + " " + e.request())
                    .replaceAll(", \"cacheBreaker\": \"[^\"]*\"", ""));
        }
        requests.sort(null);
        return new Read(rows, requests, scan);
    }

    private static DataFrameReader mastReader() {
        return spark.read().format("mast").option("baseUrl", mast.baseUrl());
    }

    private static long count(List<String> requests, String fragment) {
        return requests.stream().filter(r -> r.contains(fragment)).count();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2)|210.802429 54.34875|0.2",
                "mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2) = true|210.802429 54.34875|0.2",
                "mast.mast_in_cone(s_ra, s_dec, 210.802429D, 54.34875D, 0.2D)|210.802429 54.34875|0.2",
                "mast.in_cone(210.802429, 54.34875, s_ra, s_dec, 0.2)|210.802429 54.34875|0.2",
                "mast.angular_distance(s_ra, s_dec, 210.802429, 54.34875) < 0.2|210.802429 54.34875|0.2",
                "mast.angular_distance(s_ra, s_dec, 210.802429, 54.34875) <= 0.2|210.802429 54.34875|0.2",
                "0.2 > mast.angular_distance(210.802429, 54.34875, s_ra, s_dec)|210.802429 54.34875|0.2",
                "0.2 >= mast.angular_distance(s_ra, s_dec, 210.802429, 54.34875)|210.802429 54.34875|0.2",
                "mast.in_cone(s_ra, s_dec, 211, 54, 1)|211 54|1",
                "mast.in_cone(s_ra, s_dec, 2.108e2, 5.4e1, 5e-1)|210.8 54|0.5",
            })
    void anSqlConeOnObservationsSendsTheDataFrameConesRequestsAndReturnsItsRows(
            String cone, String coordinates, String radius) {
        Read sql =
                read(() -> spark.sql("SELECT obsid, s_ra, s_dec, obs_collection FROM mast.observations WHERE " + cone));
        Read df = read(() -> mastReader()
                .option("coordinates", coordinates)
                .option("radius", radius + "deg")
                .load("observations")
                .where(functions.expr(cone))
                .select("obsid", "s_ra", "s_dec", "obs_collection"));
        assertThat(sql.rows()).isNotEmpty().isEqualTo(df.rows());
        assertThat(sql.requests()).isNotEmpty().isEqualTo(df.requests());
        // one position search: a count and the rows of Mast.Caom.Filtered.Position, never the whole archive
        assertThat(sql.requests()).allSatisfy(r -> assertThat(r).contains("Mast.Caom.Filtered.Position"));
        assertThat(sql.scan())
                .contains("MAST observations within " + Double.parseDouble(radius) + " deg of " + coordinates)
                .contains("[cone pushed as the search region: ")
                .contains("-> coordinates '" + coordinates + "', radius '" + radius + "deg'");
        // the DataFrame read already had a position: its cone is Spark's
        assertThat(df.scan()).contains("cone left to Spark: ").contains("the read's options already give a position");
        String[] c = coordinates.split(" ");
        for (Row r : spark.sql("SELECT s_ra, s_dec FROM mast.observations WHERE " + cone)
                .collectAsList()) {
            assertThat(SkyMath.inCone(
                            r.getDouble(0),
                            r.getDouble(1),
                            Double.parseDouble(c[0]),
                            Double.parseDouble(c[1]),
                            Double.parseDouble(radius)))
                    .isTrue();
        }
    }

    @Test
    void unfoldedDecimalLiteralsArriveAsCastsAndArePushedToo() {
        spark.conf().set("spark.sql.optimizer.datasourceV2ExprFolding", "false");
        Read sql = read(() -> spark.sql(
                "SELECT obsid FROM mast.observations WHERE mast.in_cone(s_ra, s_dec, 210.802429, 54.34875," + " 0.2)"));
        spark.conf().unset("spark.sql.optimizer.datasourceV2ExprFolding");
        Read folded = read(() -> spark.sql(
                "SELECT obsid FROM mast.observations WHERE mast.in_cone(s_ra, s_dec, 210.802429, 54.34875," + " 0.2)"));
        assertThat(sql.scan()).contains("[cone pushed as the search region: ");
        assertThat(sql.rows()).isNotEmpty().isEqualTo(folded.rows());
        assertThat(sql.requests()).isEqualTo(folded.requests());
    }

    private static String positionOf(String path) {
        var table = (org.mastspark.connector.read.MastTable) new org.mastspark.connector.MastTableProvider()
                .getTable(
                        null,
                        new org.apache.spark.sql.connector.expressions.Transform[0],
                        Map.of("path", path, "baseUrl", mast.baseUrl()));
        var p = table.source().position();
        return p == null ? null : p.ra() + ", " + p.dec();
    }

    @Test
    void everyPositionalSourceNamesTheColumnsItsPositionSearchTests() {
        assertThat(positionOf("observations")).isEqualTo("s_ra, s_dec");
        assertThat(positionOf("catalogs/tic")).isEqualTo("ra, dec");
        assertThat(positionOf("catalogs/gaia")).isEqualTo("ra, dec");
        assertThat(positionOf("catalogs/hsc")).isEqualTo("MatchRA, MatchDec");
        assertThat(positionOf("missions/hst")).isEqualTo("sci_ra, sci_dec");
        assertThat(positionOf("missions/jwst")).isEqualTo("targ_ra, targ_dec");
        assertThat(positionOf("catalogs/panstarrs/dr2/mean")).isEqualTo("raMean, decMean");
        assertThat(positionOf("catalogs/panstarrs/dr2/detection")).isEqualTo("ra, dec");
        assertThat(positionOf("products")).isNull();
        assertThat(positionOf("missions/hst/products")).isNull();
    }

    /**
     * The requests that search, without those that ask a table's schema: Mission Search's {@code column_list},
     * Pan-STARRS' {@code metadata.json} and a Portal catalog's one-row probe ({@code radius} 1e-4). A
     * {@code format("mast")} read with a position probes at its centre (and infers its schema, then builds its
     * table, so it asks twice); a catalog table in SQL is made before any cone is known and probes at (0, 0).
     */
    private static List<String> searches(List<String> requests) {
        return requests.stream()
                .filter(r ->
                        !r.contains("metadata.json") && !r.contains("column_list") && !r.contains("\"radius\": 1e-04}"))
                .toList();
    }

    /** The SQL read and the DataFrame read of one cone give the same rows and send the same searches. */
    private static void assertSameAsTheDataFrameCone(
            String table,
            String path,
            String columns,
            String cone,
            String coordinates,
            String radius,
            Map<String, String> with,
            String service) {
        StringBuilder withSql = new StringBuilder();
        with.forEach((k, v) -> withSql.append(withSql.length() == 0 ? " WITH (" : ", ")
                .append('\'')
                .append(k)
                .append("' = '")
                .append(v)
                .append('\''));
        if (withSql.length() > 0) {
            withSql.append(')');
        }
        Read sql = read(() -> spark.sql("SELECT " + columns + " FROM " + table + withSql + " WHERE " + cone));
        Read df = read(() -> mastReader()
                .options(with)
                .option("coordinates", coordinates)
                .option("radius", radius + "deg")
                .load(path)
                .where(functions.expr(cone))
                .selectExpr(columns.split(", ")));
        assertThat(sql.rows()).isNotEmpty().isEqualTo(df.rows());
        // the same searches; only how the table's schema was asked differs (see searches)
        assertThat(searches(sql.requests())).isNotEmpty().isEqualTo(searches(df.requests()));
        assertThat(searches(sql.requests())).allSatisfy(r -> assertThat(r).contains(service));
        assertThat(sql.requests().size() - searches(sql.requests()).size()).isBetween(0, 1);
        assertThat(sql.scan())
                .contains("[cone pushed as the search region: ")
                .contains("-> coordinates '" + coordinates + "', radius '" + radius + "deg'");
    }

    @Test
    void aTiledGaiaConeInSqlSendsTheDataFrameConesTiles() {
        assertSameAsTheDataFrameCone(
                "mast.catalogs.gaia",
                "catalogs/gaia",
                "source_id, ra, dec",
                "mast.in_cone(ra, dec, 210.802429, 54.34875, 0.5)",
                "210.802429 54.34875",
                "0.5",
                // a cap below the cone's ~320 rows, so that it is tiled; a lower cap only adds tiles (a cap of 40
                // made 254 tiles and 675 counts, most of this class's time)
                Map.of("maxResultRows", "160"),
                "Mast.Catalogs.GaiaDR3.Cone");
        // tiled: more than one cone request, each within the row cap
        assertThat(mast.requestLog().entries().stream()
                        .filter(e -> "Mast.Catalogs.GaiaDR3.Cone".equals(e.service()))
                        .count())
                .isGreaterThan(2);
    }

    @Test
    void aTicConeInSqlWithOtherPredicatesSendsTheDataFrameConesRequests() {
        assertSameAsTheDataFrameCone(
                "mast.catalogs.tic",
                "catalogs/tic",
                "ID, ra, dec, Tmag",
                "mast.angular_distance(ra, dec, 210.802429, 54.34875) < 0.3 AND Tmag > 10",
                "210.802429 54.34875",
                "0.3",
                Map.of(),
                "Mast.Catalogs.Filtered.Tic.Position.Rows");
    }

    @Test
    void aMissionConeInSqlSendsTheDataFrameConesSearch() {
        assertSameAsTheDataFrameCone(
                "mast.missions.hst",
                "missions/hst",
                "sci_data_set_name, sci_ra, sci_dec",
                "mast.in_cone(sci_ra, sci_dec, 210.802429, 54.34875, 0.3)",
                "210.802429 54.34875",
                "0.3",
                Map.of(),
                "/search/hst/");
    }

    @Test
    void aPanstarrsConeInSqlSendsTheDataFrameConesSearch() {
        assertSameAsTheDataFrameCone(
                "mast.catalogs.panstarrs.dr2.mean",
                "catalogs/panstarrs/dr2/mean",
                "objID, raMean, decMean",
                "mast.in_cone(raMean, decMean, 210.802429, 54.34875, 0.2) = true",
                "210.802429 54.34875",
                "0.2",
                Map.of(),
                "panstarrs/dr2/mean");
    }

    /** The observations' rows (obsid, s_ra, s_dec) that Java finds in the cone or not, from a full read. */
    private static List<String> spark(java.util.function.Predicate<Row> keep) {
        List<String> rows = new ArrayList<>();
        for (Row r : mastReader()
                .load("observations")
                .select("obsid", "s_ra", "s_dec")
                .collectAsList()) {
            if (!r.isNullAt(1) && !r.isNullAt(2) && keep.test(r)) {
                rows.add(r.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static boolean inCone(Row r, double radius) {
        return SkyMath.inCone(r.getDouble(1), r.getDouble(2), RA, DEC, radius);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2) OR obsid = 'none'|inside OR|true",
                "NOT mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2)|under NOT|false",
                "mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2) = false|under NOT|false",
                "mast.in_cone(s_ra, s_dec + 0, 210.802429, 54.34875, 0.2)|no pair of top-level columns as the position|true",
                "mast.in_cone(s_ra, s_dec, 210.802429 + s_ra * 0, 54.34875, 0.2)|the centre or the radius is not a constant|true",
                "mast.angular_distance(s_ra, s_dec, 210.802429, 54.34875) > 0.2|not a cone form|false",
            })
    void anUnpushableConeReadsTheWholeTableAndSparkKeepsTheRightRows(String cone, String why, boolean inside) {
        Read sql = read(() -> spark.sql("SELECT obsid, s_ra, s_dec FROM mast.observations WHERE " + cone));
        assertThat(sql.scan())
                .contains("[cone left to Spark: ")
                .contains("(" + why)
                .doesNotContain(" within ");
        // no position search: the whole archive, as the scan says
        assertThat(sql.requests())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).contains("Mast.Caom.Filtered ").doesNotContain("Position"));
        assertThat(sql.rows()).isNotEmpty().isEqualTo(spark(r -> inCone(r, 0.2) == inside));
    }

    @Test
    void ofTwoConesTheSmallestIsPushedAndBothAreChecked() {
        Read sql = read(() -> spark.sql("SELECT obsid, s_ra, s_dec FROM mast.observations WHERE"
                + " mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.3)"
                + " AND mast.angular_distance(s_ra, s_dec, 210.802429, 54.34875) <= 0.1"));
        assertThat(sql.scan())
                .contains("within 0.1 deg of 210.802429 54.34875")
                .contains("-> coordinates '210.802429 54.34875', radius '0.1deg'")
                .contains("cone left to Spark: in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.3) (a second cone:"
                        + " the smallest, 0.1 deg, is pushed)");
        assertThat(sql.requests())
                .allSatisfy(r -> assertThat(r).contains("\"position\": \"210.802429, 54.34875, 0.1\""));
        assertThat(sql.rows()).isNotEmpty().isEqualTo(spark(r -> inCone(r, 0.1)));
    }

    @Test
    void aConeOnATableWhoseOptionsGiveAPositionIsLeftToSpark() {
        Read sql = read(() -> spark.sql("SELECT obsid, s_ra, s_dec FROM mast.observations"
                + " WITH ('coordinates' = '210.802429 54.34875', 'radius' = '0.3deg')"
                + " WHERE mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.1)"));
        assertThat(sql.scan())
                .contains("within 0.3 deg of 210.802429 54.34875")
                .contains("(the read's options already give a position (coordinates))");
        assertThat(sql.rows()).isNotEmpty().isEqualTo(spark(r -> inCone(r, 0.1)));
    }

    @Test
    void explainShowsTheConeMastGot() {
        String plan = spark.sql("EXPLAIN SELECT obsid FROM mast.observations WHERE"
                        + " mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2) AND obs_collection = 'HST'")
                .collectAsList()
                .get(0)
                .getString(0);
        assertThat(plan)
                .contains("BatchScan mast.observations")
                .contains("MAST observations within 0.2 deg of 210.802429 54.34875 [filters=[{\"paramName\":"
                        + "\"obs_collection\",\"values\":[\"HST\"],\"separator\":\";\"}]]")
                .contains("[cone pushed as the search region: in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2) ->"
                        + " coordinates '210.802429 54.34875', radius '0.2deg']");
    }

    /**
     * {@code mast.resolve(name)} folds to a constant while Spark optimizes the query (it is deterministic and its
     * argument constant), so a cone around it arrives with literal centre and is pushed: the name is resolved
     * once, on the driver, before the scan is planned.
     */
    @Test
    void aConeAroundAResolvedNameIsPushed() {
        Read sql = read(() -> spark.sql("SELECT obsid, s_ra, s_dec FROM mast.observations WHERE mast.in_cone(s_ra,"
                + " s_dec, mast.resolve('M101').ra, mast.resolve('M101').dec, 0.2)"));
        Read df = read(() -> mastReader()
                .option("target", "M101")
                .option("radius", "0.2deg")
                .load("observations")
                .select("obsid", "s_ra", "s_dec"));
        assertThat(sql.scan()).contains("-> coordinates '210.802429 54.34875', radius '0.2deg'");
        assertThat(sql.rows()).isNotEmpty().isEqualTo(df.rows());
        List<String> sqlSearches =
                sql.requests().stream().filter(r -> r.contains("Mast.Caom")).toList();
        assertThat(sqlSearches)
                .isNotEmpty()
                .isEqualTo(df.requests().stream()
                        .filter(r -> r.contains("Mast.Caom"))
                        .toList());
        // at most the one resolution (none when this JVM resolved M101 before)
        assertThat(sql.requests().size() - sqlSearches.size()).isBetween(0, 1);
    }

    /**
     * Without Spark 4.1's wrapping of boolean expressions ({@code spark.sql.dataSource.alwaysCreateV2Predicate},
     * default true; Spark 4.0 has no such wrapping), a bare {@code mast.in_cone(...)} is no V2 predicate and Spark
     * 4.1 keeps it from the scan: pinned here. {@code angular_distance(...) <= r} is pushed either way.
     */
    @Test
    void withoutSparksBooleanWrappingTheBareFormIsWhatSparkMakesOfIt() {
        spark.conf().set("spark.sql.dataSource.alwaysCreateV2Predicate", "false");
        try {
            String bare = "SELECT obsid FROM mast.observations WHERE mast.in_cone(s_ra, s_dec, 210.802429, 54.34875,"
                    + " 0.2)";
            // Spark drops the bare call from the pushdown: the scan never sees it, reads the whole archive, and
            // Spark filters; the rows are still right
            Read read = read(() -> spark.sql(bare));
            assertThat(read.scan()).contains("MAST observations [filters=[]]").doesNotContain("cone");
            assertThat(read.requests())
                    .isNotEmpty()
                    .allSatisfy(
                            r -> assertThat(r).contains("Mast.Caom.Filtered ").doesNotContain("Position"));
            assertThat(read.rows().size()).isEqualTo(spark(r -> inCone(r, 0.2)).size());
            // the comparison form is a predicate whatever the setting
            Read distance = read(() -> spark.sql("SELECT obsid FROM mast.observations WHERE"
                    + " mast.angular_distance(s_ra, s_dec, 210.802429, 54.34875) <= 0.2"));
            assertThat(distance.scan()).contains("[cone pushed as the search region: ");
        } finally {
            spark.conf().unset("spark.sql.dataSource.alwaysCreateV2Predicate");
        }
    }
}
