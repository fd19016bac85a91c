package org.mastspark.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    static final String CATALOG = ConeTestCatalog.class.getName();
    private static final double RA = 210.802429;
    private static final double DEC = 54.34875;
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(7).scale(0.05).build();
        spark = SparkTestSession.get();
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
}
