package org.mastspark.udfs.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.MastEmulator;

/** Batched name resolution of a DataFrame column against the emulator's SANTA endpoint. */
class MastResolverTest {
    private static MastEmulator mast;
    private static SparkSession spark;
    private static final StructType SCHEMA =
            new StructType().add("id", DataTypes.IntegerType).add("target", DataTypes.StringType);

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(3).scale(0.01).build();
        spark = SparkSession.builder()
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clean() {
        MastResolver.clearCache();
        mast.requestLog().clear();
        mast.faults().reset();
    }

    private static Dataset<Row> names(List<String> names, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(RowFactory.create(i, names.get(i)));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions, org.apache.spark.sql.functions.col("id"));
    }

    private static Map<Integer, Row> byId(Dataset<Row> df) {
        Map<Integer, Row> out = new HashMap<>();
        for (Row r : df.collectAsList()) {
            assertThat(out.put(r.getInt(0), r)).as("row %s twice", r.getInt(0)).isNull();
        }
        return out;
    }

    @Test
    void everyRowComesOutOnceWithItsResolutionOrAReason() {
        List<String> names = new ArrayList<>(List.of("M101", "m101", "  M101 ", "Vega", "Not A Galaxy", "", "M1"));
        names.add(null);
        Map<Integer, Row> out =
                byId(MastResolver.resolve(names(names, 2), "target", Map.of("baseUrl", mast.baseUrl())));

        assertThat(out).hasSize(names.size());
        for (int i : List.of(0, 1, 2)) {
            Row r = out.get(i);
            assertThat(r.getString(r.fieldIndex("resolve_status"))).isEqualTo("RESOLVED");
            assertThat(r.getDouble(r.fieldIndex("ra"))).isEqualTo(210.802429);
            assertThat(r.getDouble(r.fieldIndex("dec"))).isEqualTo(54.34875);
            assertThat(r.getString(r.fieldIndex("resolver"))).isEqualTo("SIMBAD");
            assertThat(r.getString(r.fieldIndex("target"))).isEqualTo(names.get(i));
        }
        assertThat(out.get(3).getString(out.get(3).fieldIndex("canonical_name")))
                .isEqualTo("* alf Lyr");
        assertThat(out.get(4).getString(out.get(4).fieldIndex("resolve_status")))
                .isEqualTo("NOT_FOUND");
        assertThat(out.get(4).isNullAt(out.get(4).fieldIndex("ra"))).isTrue();
        assertThat(out.get(5).getString(out.get(5).fieldIndex("resolve_status")))
                .isEqualTo("INVALID_NAME");
        assertThat(out.get(7).getString(out.get(7).fieldIndex("resolve_status")))
                .isEqualTo("INVALID_NAME");
    }

    @Test
    void eachPartitionSendsCeilOfItsDistinctNamesOver30Requests() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            names.add("Synthetic Name " + (i % 70)); // 70 distinct names, each repeated
        }
        Dataset<Row> df = names(names, 1);
        byId(MastResolver.resolve(df, "target", Map.of("baseUrl", mast.baseUrl())));
        assertThat(mast.requestLog().count(e -> "Santa".equals(e.service()))).isEqualTo(3);

        // A second pass is answered from the per-JVM cache.
        mast.requestLog().clear();
        byId(MastResolver.resolve(df, "target", Map.of("baseUrl", mast.baseUrl())));
        assertThat(mast.requestLog().count(e -> "Santa".equals(e.service()))).isZero();
    }

    @Test
    void aPinnedResolverIsUsed() {
        Row r = byId(MastResolver.resolve(
                        names(List.of("M101"), 1), "target", Map.of("baseUrl", mast.baseUrl(), "resolver", "ned")))
                .get(0);
        assertThat(r.getString(r.fieldIndex("resolver"))).isEqualTo("NED");
        assertThat(r.getDouble(r.fieldIndex("ra"))).isEqualTo(210.80227);
        assertThat(r.getDouble(r.fieldIndex("dec"))).isEqualTo(54.34895);
    }

    @Test
    void transient503sLoseNothing() {
        mast.faults().serviceUnavailableRate(0.4).retryAfterSeconds(0);
        List<String> names = new ArrayList<>();
        for (String n : new String[] {"M101", "M1", "M8", "M10", "M103", "Vega", "Sirius", "M31"}) {
            for (int i = 0; i < 5; i++) {
                names.add(n);
            }
        }
        // 20 partitions: many small requests, so that the seeded fault draws surely hit some of them.
        Map<Integer, Row> out = byId(MastResolver.resolve(
                names(names, 20),
                "target",
                Map.of("baseUrl", mast.baseUrl(), "maxAttempts", "20", "retryBackoffMillis", "1")));
        Set<String> statuses = new HashSet<>();
        out.values().forEach(r -> statuses.add(r.getString(r.fieldIndex("resolve_status"))));
        assertThat(statuses).containsExactly("RESOLVED");
        assertThat(mast.requestLog().count(e -> e.status() == 503)).isPositive();
    }

    @Test
    void aFailingResolverGivesErrorRowsNotAFailedJob() {
        mast.faults().serverErrorRate(1.0);
        Map<Integer, Row> out = byId(MastResolver.resolve(
                names(List.of("M101", "Vega"), 1),
                "target",
                Map.of("baseUrl", mast.baseUrl(), "maxAttempts", "2", "retryBackoffMillis", "1")));
        assertThat(out.values()).allSatisfy(r -> {
            assertThat(r.getString(r.fieldIndex("resolve_status"))).isEqualTo("ERROR");
            assertThat(r.getString(r.fieldIndex("resolve_error"))).contains("HTTP 500");
        });
    }

    @Test
    void mastResolveAnswersOneNameInSql() {
        spark.conf().set("spark.mast.baseUrl", mast.baseUrl());
        try {
            MastResolver.register(spark);
            Row r = spark.sql("SELECT mast_resolve('M 101') AS m, mast_resolve('Not A Galaxy') AS x,"
                            + " mast_resolve(NULL) AS n")
                    .first();
            Row m = r.getStruct(0);
            assertThat(m.getDouble(0)).isEqualTo(210.802429);
            assertThat(m.getDouble(1)).isEqualTo(54.34875);
            assertThat(m.getString(2)).isEqualTo("SIMBAD");
            assertThat(m.getString(5)).isEqualTo("RESOLVED");
            assertThat(r.getStruct(1).getString(5)).isEqualTo("NOT_FOUND");
            assertThat(r.getStruct(2).getString(5)).isEqualTo("INVALID_NAME");
        } finally {
            spark.conf().unset("spark.mast.baseUrl");
        }
    }

    @Test
    void sqlUsersResolveAColumnInBatchesNotOneRequestPerRow() {
        spark.conf().set("spark.mast.baseUrl", mast.baseUrl());
        try {
            MastResolver.register(spark);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                names.add(i % 3 == 0 ? "M101" : "Unknown Thing " + (i % 40));
            }
            names(names, 3).createOrReplaceTempView("targets");
            List<Row> out = spark.sql("SELECT inline(mast_resolve_names(collect_set(target)))" + " FROM targets")
                    .collectAsList();
            // 41 distinct names: M101 and 40 unknown ones; two SANTA requests (30 + 11), not 120.
            assertThat(out).hasSize(41);
            assertThat(mast.requestLog().count(e -> "Santa".equals(e.service())))
                    .isEqualTo(2);
            Row m101 = out.stream()
                    .filter(r -> "M101".equals(r.getString(0)))
                    .findFirst()
                    .orElseThrow();
            assertThat(m101.getDouble(1)).isEqualTo(210.802429);
            assertThat(out.stream()
                            .filter(r -> "NOT_FOUND".equals(r.getString(6)))
                            .count())
                    .isEqualTo(40);
        } finally {
            spark.conf().unset("spark.mast.baseUrl");
        }
    }

    @Test
    void badOptionsNameOptionAndValue() {
        assertThatThrownBy(() -> MastResolver.resolve(
                        names(List.of("M1"), 1), "target", Map.of("baseUrl", mast.baseUrl(), "resolver", "GOOGLE")))
                .hasMessage(
                        "Invalid value 'GOOGLE' for option 'resolver': expected SIMBAD, NED, SIMBADCFA, TIC, KEPLER,"
                                + " K2, DADS or EXO");
        assertThatThrownBy(() -> MastResolver.resolve(names(List.of("M1"), 1), "no_such_column", Map.of()))
                .hasMessageContaining("no_such_column");
    }

    @Test
    void catalogNamesWithAPinnedResolverFallBackToTheCatalogWithAWarning() {
        long tic = 0;
        for (long cell = 100_000; tic == 0; cell++) {
            long id = 20_000_000_001L + cell * 100_000L;
            if (mast.sky().ticPosition(Long.toString(id)).isPresent()) {
                tic = id;
            }
        }
        long epic = tic - 19_800_000_000L;
        double[] position = mast.sky().ticPosition(Long.toString(tic)).orElseThrow();
        Map<Integer, Row> out = byId(MastResolver.resolve(
                names(List.of("EPIC " + epic, "Sombrero", "EPIC 5"), 1),
                "target",
                Map.of("baseUrl", mast.baseUrl(), "resolver", "SIMBAD")));
        Row star = out.get(0);
        assertThat(star.getString(star.fieldIndex("resolve_status"))).isEqualTo("RESOLVED");
        assertThat(star.getString(star.fieldIndex("resolver"))).isEqualTo("K2");
        assertThat(star.getDouble(star.fieldIndex("ra"))).isEqualTo(position[0]);
        assertThat(star.getDouble(star.fieldIndex("dec"))).isEqualTo(position[1]);
        assertThat(star.getString(star.fieldIndex("resolve_error")))
                .isEqualTo("SIMBAD does not know 'EPIC " + epic + "'; the K2 catalog position is used");
        Row galaxy = out.get(1);
        assertThat(galaxy.getString(galaxy.fieldIndex("canonical_name"))).isEqualTo("M 104");
        assertThat(galaxy.getDouble(galaxy.fieldIndex("dec"))).isEqualTo(-11.6167);
        assertThat(galaxy.isNullAt(galaxy.fieldIndex("resolve_error"))).isTrue();
        Row unknown = out.get(2);
        assertThat(unknown.getString(unknown.fieldIndex("resolve_status"))).isEqualTo("NOT_FOUND");
        assertThat(mast.requestLog().entries())
                .singleElement()
                .satisfies(e -> assertThat(e.query()).contains("resolver=SIMBAD&resolver=K2&name="));
    }

    @Test
    void theCacheHoldsAtMostItsSizeAndServesNoExpiredAnswer() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            names.add("Unknown Thing " + i);
        }
        byId(MastResolver.resolve(
                names(names, 2), "target", Map.of("baseUrl", mast.baseUrl(), MastResolver.CACHE_SIZE, "50")));
        assertThat(MastResolver.cachedNames()).isBetween(1L, 50L);

        // with a 1 s lifetime: the answer is cached, gone once the lifetime is over, and asked again
        // (that a cached answer is served within its lifetime is eachPartitionSendsCeil...'s second pass)
        Map<String, String> shortLived = Map.of("baseUrl", mast.baseUrl(), MastResolver.CACHE_SECONDS, "1");
        MastResolver.clearCache();
        mast.requestLog().clear();
        Dataset<Row> m101 = names(List.of("M101"), 1);
        byId(MastResolver.resolve(m101, "target", shortLived));
        assertThat(mast.requestLog().count(e -> "Santa".equals(e.service()))).isEqualTo(1);
        Thread.sleep(1_500);
        assertThat(MastResolver.cachedNames()).isZero();
        Row again = byId(MastResolver.resolve(m101, "target", shortLived)).get(0);
        assertThat(again.getDouble(again.fieldIndex("ra"))).isEqualTo(210.802429);
        assertThat(mast.requestLog().count(e -> "Santa".equals(e.service()))).isEqualTo(2);
    }

    @Test
    void anUnboundedRequestRateIsRefusedLikeTheDownloaders() {
        for (String bad : List.of("Infinity", "NaN", "-2")) {
            assertThatThrownBy(() -> MastResolver.resolve(
                            names(List.of("M1"), 1),
                            "target",
                            Map.of("baseUrl", mast.baseUrl(), "resolverRequestsPerSecond", bad)))
                    .hasMessage("Invalid value '" + bad + "' for option 'resolverRequestsPerSecond': expected a number"
                            + " of requests per second, 0 for no limit");
        }
    }

    @Test
    void aBadCacheSizeNamesTheOption() {
        assertThatThrownBy(() -> MastResolver.resolve(
                        names(List.of("M1"), 1), "target", Map.of("baseUrl", mast.baseUrl(), "resolverCacheSize", "0")))
                .hasMessage("Invalid value '0' for option 'resolverCacheSize': expected a whole number from 1 to"
                        + " 10000000 (default 10000)");
    }

    @Test
    void aNonStringNameColumnIsRefusedWithHowToBuildNames() {
        Dataset<Row> ids = spark.createDataFrame(
                List.of(RowFactory.create(1, 307210830L)),
                new StructType().add("id", DataTypes.IntegerType).add("tic", DataTypes.LongType));
        assertThatThrownBy(() -> MastResolver.resolve(ids, "tic", Map.of("baseUrl", mast.baseUrl())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'tic' is of type bigint, not a string of object names: MastResolver.resolve"
                        + " would ask for the numbers as names; build names first, e.g. concat(lit(\"TIC \"),"
                        + " col(\"tic\")) for TIC ids, or col(\"tic\").cast(\"string\")");
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    @Test
    void inputColumnsNamedLikeTheOutputAreRefusedOrTheOutputIsPrefixed() {
        Dataset<Row> withPosition = spark.createDataFrame(
                List.of(RowFactory.create(0, "M101", 1.0, 2.0)),
                SCHEMA.add("RA", DataTypes.DoubleType).add("dec", DataTypes.DoubleType));
        assertThatThrownBy(() -> MastResolver.resolve(withPosition, "target", Map.of("baseUrl", mast.baseUrl())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The input already has column(s) RA, dec, which MastResolver.resolve adds (ra, dec,"
                        + " resolver, canonical_name, object_type, resolve_status, resolve_error): rename them"
                        + " first (withColumnRenamed), or give option 'resolverColumnPrefix' (e.g. 'resolved_')"
                        + " to prefix the added columns");

        Dataset<Row> out = MastResolver.resolve(
                withPosition, "target", Map.of("baseUrl", mast.baseUrl(), MastResolver.COLUMN_PREFIX, "resolved_"));
        assertThat(out.schema().fieldNames())
                .containsExactly(
                        "id",
                        "target",
                        "RA",
                        "dec",
                        "resolved_ra",
                        "resolved_dec",
                        "resolved_resolver",
                        "resolved_canonical_name",
                        "resolved_object_type",
                        "resolved_resolve_status",
                        "resolved_resolve_error");
        Row r = out.first();
        assertThat(r.getDouble(2)).isEqualTo(1.0);
        assertThat(r.getDouble(r.fieldIndex("resolved_ra"))).isEqualTo(210.802429);
        assertThat(r.getString(r.fieldIndex("resolved_resolve_status"))).isEqualTo("RESOLVED");
    }

    @Test
    void nullArgumentsAreNamedNotANullPointerException() {
        Dataset<Row> df = names(List.of("M1"), 1);
        assertThatThrownBy(() -> MastResolver.resolve(df, "target", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MastResolver.resolve: options is null: pass Map.of() for none, or e.g."
                        + " Map.of(\"resolver\", \"SIMBAD\")");
        assertThatThrownBy(() -> MastResolver.resolve(df, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MastResolver.resolve: nameColumn is null: give the column of object names, e.g."
                        + " \"target_name\"");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("baseUrl", mast.baseUrl());
        nullValue.put("resolver", null);
        assertThatThrownBy(() -> MastResolver.resolve(df, "target", nullValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MastResolver.resolve: option 'resolver' is null: leave it out for its default, or give"
                        + " a value");
        assertThatThrownBy(() -> MastResolver.resolve(null, "target", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MastResolver.resolve: the DataFrame is null");
    }
}
