package org.mastspark.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.SkyMath;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * The README's SQL catalog tour ("MAST in Spark SQL"), read from README.md between its {@code sql-catalog:begin/end}
 * markers and run statement by statement as SQL text, in a session configured by nothing but the keys
 * {@code spark.sql.catalog.mast} and {@code spark.sql.catalog.mast.baseUrl} (as {@code spark-sql --conf} would
 * configure it). Each result is compared with the same read through {@code format("mast")}, filtered in Java, and
 * each cone written in SQL must have been one position search.
 */
class SqlCatalogReadmeTest {
    private static final double RA = 210.802429;
    private static final double DEC = 54.34875;
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.2).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    /** The statements between the README's markers, comments dropped, in order. */
    static List<String> readmeStatements() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf("<!-- sql-catalog:begin -->");
        int end = readme.indexOf("<!-- sql-catalog:end -->");
        assertThat(begin).as("README.md's sql-catalog:begin marker").isNotNegative();
        assertThat(end).as("README.md's sql-catalog:end marker").isGreaterThan(begin);
        String block = readme.substring(begin, end);
        int open = block.indexOf("```sql\n");
        int close = block.lastIndexOf("```");
        assertThat(open).as("a ```sql block between the markers").isNotNegative();
        StringBuilder text = new StringBuilder();
        for (String line : block.substring(open + "```sql\n".length(), close).split("\n")) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : text.toString().split(";")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static List<Row> dataFrame(String path, String where, String... columns) {
        var reader = SparkTestSession.get().read().format("mast").option("baseUrl", mast.baseUrl());
        return reader.load(path).where(where).selectExpr(columns).collectAsList();
    }

    private static long positionSearches(String service) {
        return mast.requestLog().count(e -> service.equals(e.service()));
    }

    @Test
    void theReadmesStatementsRunAsSqlTextAndEqualTheDataFrameReads() throws Exception {
        SparkSession sql = SparkTestSession.get().newSession();
        sql.conf().set("spark.sql.catalog.mast", "org.mastspark.connector.sql.MastSqlCatalog");
        sql.conf().set("spark.sql.catalog.mast.baseUrl", mast.baseUrl());
        List<String> statements = readmeStatements();
        assertThat(statements).hasSize(5);

        // 1. SHOW TABLES
        assertThat(sql.sql(statements.get(0)).collectAsList().stream()
                        .map(r -> r.getString(1))
                        .toList())
                .containsExactly("mean", "stack", "detection", "forced_mean");

        // 2. a cone on observations: one position search (with its count), the rows of the filtered read
        mast.requestLog().clear();
        List<Row> observations = sql.sql(statements.get(1)).collectAsList();
        List<RequestLog.Entry> sent = mast.requestLog().entries();
        assertThat(sent).isNotEmpty().allSatisfy(e -> assertThat(e.service()).isEqualTo("Mast.Caom.Filtered.Position"));
        List<Row> all = dataFrame(
                "observations",
                "obs_collection = 'HST' AND t_exptime > 100",
                "obsid",
                "obs_collection",
                "t_exptime",
                "s_ra",
                "s_dec");
        List<Row> expected = new ArrayList<>();
        for (Row r : all) {
            if (!r.isNullAt(3) && !r.isNullAt(4) && SkyMath.inCone(r.getDouble(3), r.getDouble(4), RA, DEC, 0.2)) {
                expected.add(r);
            }
        }
        expected.sort(Comparator.comparing(r -> r.getString(0)));
        assertThat(observations).isNotEmpty().hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(observations.get(i).getString(0))
                    .isEqualTo(expected.get(i).getString(0));
            assertThat(observations.get(i).getDouble(2))
                    .isEqualTo(expected.get(i).getDouble(2));
        }

        // 3. a distance cut on Pan-STARRS, WITH a page size: a position search of the cone
        mast.requestLog().clear();
        List<Row> mean = sql.sql(statements.get(2)).collectAsList();
        // besides the schema's metadata.json, only searches of the cone, with the page size of WITH (...)
        List<RequestLog.Entry> searches = mast.requestLog().entries().stream()
                .filter(e -> !e.path().endsWith("/metadata.json"))
                .toList();
        assertThat(searches)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.path()).isEqualTo("/api/v0.1/panstarrs/dr2/mean.json"))
                .allSatisfy(e -> assertThat(e.request())
                        .contains("\"pagesize\":20000,\"ra\":210.802429,\"dec\":54.34875,\"radius\":0.05,"));
        List<Row> ps = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", RA + " " + DEC)
                .option("radius", "0.1deg")
                .load("catalogs/panstarrs/dr2/mean")
                .where("nDetections >= 5")
                .selectExpr("objID", "raMean", "decMean", "nDetections")
                .collectAsList();
        List<Long> psExpected = ps.stream()
                .filter(r -> SkyMath.angularDistanceDeg(r.getDouble(1), r.getDouble(2), RA, DEC) <= 0.05)
                .map(r -> r.getLong(0))
                .sorted()
                .toList();
        assertThat(mean.stream().map(r -> r.getLong(0)).toList()).isNotEmpty().isEqualTo(psExpected);

        // 4. the missions, sorted
        List<String> missions = dataFrame("meta/missions", "true", "mission").stream()
                .map(r -> r.getString(0))
                .sorted()
                .toList();
        assertThat(sql.sql(statements.get(3)).collectAsList().stream()
                        .map(r -> r.getString(0))
                        .toList())
                .isNotEmpty()
                .isEqualTo(missions);

        // 5. the observations' columns
        assertThat(sql.sql(statements.get(4)).collectAsList())
                .isNotEmpty()
                .containsExactlyElementsOf(dataFrame(
                        "meta/columns",
                        "table_name = 'observations'",
                        "column_name",
                        "data_type",
                        "units",
                        "description"));
    }
}
