package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.RequestPermits;
import org.mastspark.connector.client.cutout.TessSector;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/** {@link MastCutouts#tessSectors}: a DataFrame of targets to their TESS sectors, within MAST's limits. */
class MastCutoutsTest {
    private static SparkSession spark;
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.local(4);
        // MAST's limits (10 at once, 5 per second) with 100 ms per request: 4 tasks without a limiter exceed them
        mast = MastEmulator.builder()
                .seed(7)
                .scale(0.05)
                .cutoutLimits(10, 5)
                .cutoutServiceTime(Duration.ofMillis(100))
                .build();
    }

    @AfterAll
    static void stop() {
        SparkTestSession.endLocal();
        mast.close();
    }

    private static String row(Row r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
            out.add(String.valueOf(r.get(i)));
        }
        return String.join("|", out);
    }

    @Test
    void eachTargetGetsItsSectorsOrOneRowWithTheReason() {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create("M103", 23.34086, 60.658)); // the recorded tess_sector.json position
        rows.add(RowFactory.create("equinox", 0.0, 0.0)); // on the ecliptic: never observed
        rows.add(RowFactory.create("no position", null, 12.0));
        for (int i = 0; i < 21; i++) {
            rows.add(RowFactory.create("t" + i, 5.0 + 17 * i, -80.0 + 7.5 * i));
        }
        StructType schema = new StructType()
                .add("name", DataTypes.StringType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType);
        Dataset<Row> targets = spark.createDataFrame(rows, schema).repartition(4);
        int before = mast.requestLog().entries().size();
        // collected as is: orderBy would sample the lookup's output first, running it twice
        List<Row> got = MastCutouts.tessSectors(targets, Map.of("baseUrl", mast.baseUrl()))
                .collectAsList();
        List<RequestLog.Entry> log = mast.requestLog()
                .entries()
                .subList(before, mast.requestLog().entries().size());
        // one request per target with a position, none refused by the service's limits
        assertThat(log.stream().filter(e -> "tesscut".equals(e.cutoutService())).toList())
                .hasSize(23)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));

        List<String> want = new ArrayList<>();
        CutoutClient client =
                new CutoutClient(MastClientConfig.forBaseUrl(mast.baseUrl()), RequestPermits.NONE, new ClientMetrics());
        for (Row t : rows) {
            if (t.isNullAt(1)) {
                want.add(t.getString(0) + "|null|12.0|null|null|null|null|ra or dec is null");
                continue;
            }
            List<TessSector> sectors = client.sectors(t.getDouble(1), t.getDouble(2), 0);
            if (sectors.isEmpty()) {
                want.add(row(t) + "|null|null|null|null|Coordinates are not in any TESS sector.");
            }
            for (TessSector s : sectors) {
                want.add(row(t) + "|" + s.sectorName() + "|" + s.sector() + "|" + s.camera() + "|" + s.ccd() + "|null");
            }
        }
        assertThat(got.stream().map(MastCutoutsTest::row).toList()).containsExactlyInAnyOrderElementsOf(want);
        // MAST's recorded answer for M103, and the equinox in no sector
        assertThat(got.stream().map(MastCutoutsTest::row).filter(r -> r.startsWith("M103|")))
                .containsExactly("M103|23.34086|60.658|tess-s0001-1-3|1|1|3|null");
        assertThat(got.stream().map(MastCutoutsTest::row).filter(r -> r.startsWith("equinox|")))
                .containsExactly("equinox|0.0|0.0|null|null|null|null|Coordinates are not in any TESS sector.");
        assertThat(want.size()).isGreaterThan(30);
    }

    @Test
    void targetsWithoutNumericRaAndDecAreRefusedNamingTheColumnsAndTheFix() {
        Dataset<Row> named = spark.sql("SELECT 'M31' AS name");
        assertThatThrownBy(() -> MastCutouts.tessSectors(named, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MastCutouts.tessSectors needs columns 'ra' and 'dec' (degrees); the targets have name:"
                        + " rename them, e.g. withColumnRenamed(\"s_ra\", \"ra\"), or resolve names first with"
                        + " MastResolver");
        Dataset<Row> text = spark.sql("SELECT '10.5' AS ra, 41.2 AS dec");
        assertThatThrownBy(() -> MastCutouts.tessSectors(text, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'ra' is of type string, not a number of degrees: cast it, e.g."
                        + " col(\"ra\").cast(\"double\")");
        assertThatThrownBy(() ->
                        MastCutouts.tessSectors(spark.sql("SELECT 1.0 AS ra, 2.0 AS dec"), Map.of("radius", "wide")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'wide' for option 'radius'");
    }

    @Test
    void movingTargetsGetTheSectorsTheirPathCrossesAndAnUnknownNameItsReason() {
        StructType schema =
                new StructType().add("objectId", DataTypes.StringType).add("objectType", DataTypes.StringType);
        List<Row> rows = List.of(
                RowFactory.create("Eleonora", "smallbody"),
                RowFactory.create("Jupiter", null),
                RowFactory.create("Nosuchrock", null),
                RowFactory.create(null, null));
        List<String> got = MastCutouts.movingTargetSectors(
                        spark.createDataFrame(rows, schema), Map.of("baseUrl", mast.baseUrl()))
                .collectAsList()
                .stream()
                .map(MastCutoutsTest::row)
                .toList();
        CutoutClient client =
                new CutoutClient(MastClientConfig.forBaseUrl(mast.baseUrl()), RequestPermits.NONE, new ClientMetrics());
        List<String> want = new ArrayList<>();
        for (Row t : rows.subList(0, 2)) {
            for (TessSector s : client.movingTargetSectors(t.getString(0), t.getString(1))) {
                want.add(row(t) + "|" + s.sectorName() + "|" + s.sector() + "|" + s.camera() + "|" + s.ccd() + "|null");
            }
        }
        assertThat(want).hasSize(4);
        assertThat(got.subList(0, 4)).containsExactlyElementsOf(want);
        assertThat(got.get(4))
                .startsWith("Nosuchrock|null|null|null|null|null|TESScut moving_target/sector Nosuchrock failed: HTTP"
                        + " 400")
                .contains("Could not resolve 'Nosuchrock'");
        assertThat(got.get(5)).isEqualTo("null|null|null|null|null|null|objectId is null or blank");
        assertThat(got).hasSize(6);
        assertThatThrownBy(() -> MastCutouts.movingTargetSectors(spark.sql("SELECT 1 AS objectId"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'objectId' is of type int, not a string: cast it, e.g."
                        + " col(\"objectId\").cast(\"string\")");
    }

    @Test
    void zcutSurveysAreOneRowPerTargetAndSurveyOrTheReason() {
        StructType schema = new StructType()
                .add("name", DataTypes.StringType)
                .add("ra", DataTypes.DoubleType)
                .add("dec", DataTypes.DoubleType);
        List<Row> rows = List.of(
                RowFactory.create("GOODS-S", 53.122751, -27.805089),
                RowFactory.create("GOODS-N", 189.228621, 62.238572),
                RowFactory.create("empty sky", 120.0, 10.0));
        List<String> got = MastCutouts.zcutSurveys(
                        spark.createDataFrame(rows, schema).coalesce(1), Map.of("baseUrl", mast.baseUrl()))
                .collectAsList()
                .stream()
                .map(MastCutoutsTest::row)
                .toList();
        CutoutClient client =
                new CutoutClient(MastClientConfig.forBaseUrl(mast.baseUrl()), RequestPermits.NONE, new ClientMetrics());
        List<String> want = new ArrayList<>();
        for (Row t : rows) {
            List<String> surveys = client.surveys(t.getDouble(1), t.getDouble(2), 0);
            if (surveys.isEmpty()) {
                want.add(row(t) + "|null|Coordinates are not in an available deep field survey.");
            }
            for (String s : surveys) {
                want.add(row(t) + "|" + s + "|null");
            }
        }
        assertThat(want.size()).isGreaterThan(3);
        assertThat(got).containsExactlyElementsOf(want);
        assertThat(got.get(got.size() - 1))
                .isEqualTo("empty sky|120.0|10.0|null|Coordinates are not in an available deep field survey.");
    }
}
