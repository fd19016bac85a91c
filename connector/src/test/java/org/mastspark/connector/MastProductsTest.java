package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.MastEmulator;

/** Product lookup for DataFrames of observations, astroquery's filter_products as Columns, user schemas. */
class MastProductsTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(4).scale(0.01).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private Dataset<Row> recordedProducts() {
        return spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("products")
                .where("obsid = '2003738726'");
    }

    @Test
    void filterConveniencesSelectAsAstroqueryFilterProductsDoes() {
        // astroquery's own test: filter_products(products, productType=["sCiEnCE"]) keeps 7 rows.
        assertThat(recordedProducts().where(MastProducts.productType("sCiEnCE")).count())
                .isEqualTo(7);
        assertThat(recordedProducts().where(MastProducts.minimumRecommended()).count())
                .isEqualTo(3);
        assertThat(recordedProducts().where(MastProducts.extension("FITS")).count())
                .isEqualTo(22);
        assertThat(recordedProducts().where(MastProducts.extension("png")).count())
                .isZero();
    }

    /**
     * The products service takes obsids only: a predicate on any other column must stay with Spark, or the
     * rows it excludes come back (an inclusive range on {@code size} used to be taken as evaluated by MAST).
     */
    @Test
    void aPredicateOnAColumnTheProductsServiceCannotFilterIsEvaluatedBySpark() {
        List<Row> all = recordedProducts().collectAsList();
        long threshold = all.stream()
                .mapToLong(r -> r.<Long>getAs("size"))
                .sorted()
                .skip(all.size() / 2)
                .findFirst()
                .orElseThrow();
        long expected =
                all.stream().filter(r -> r.<Long>getAs("size") >= threshold).count();
        assertThat(expected).isLessThan(all.size()).isPositive();

        List<Row> filtered = recordedProducts().where("size >= " + threshold).collectAsList();
        assertThat(filtered).hasSize((int) expected);
        assertThat(filtered).allSatisfy(r -> assertThat(r.<Long>getAs("size")).isGreaterThanOrEqualTo(threshold));
    }

    @Test
    void lookupForADataFrameSendsAtMostTheBatchSizePerRequestAndEachObsidOnce() {
        Dataset<Row> obs = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .load("observations")
                .where("s_dec BETWEEN 30 AND 40")
                .select("obsid");
        List<Row> ids = obs.collectAsList();
        assertThat(ids.size()).isGreaterThan(250);
        Dataset<Row> doubled = obs.union(obs);
        mast.requestLog().clear();
        List<Row> products = MastProducts.forObservations(
                        doubled, Map.of("baseUrl", mast.baseUrl(), "productBatchSize", "100"))
                .collectAsList();

        long expected = 0;
        for (Row r : ids) {
            expected += mast.sky().productsOf(Long.parseLong(r.getString(0))).size();
        }
        assertThat(products).hasSize((int) expected);
        assertThat(products.stream()
                        .map(r -> r.<String>getAs("dataURI"))
                        .distinct()
                        .count())
                .isEqualTo(expected);
        var requests = mast.requestLog().entries().stream()
                .filter(e -> "Mast.Caom.Products".equals(e.service()))
                .toList();
        assertThat(requests).allSatisfy(e -> assertThat(obsidsOf(e.request())).hasSizeLessThanOrEqualTo(100));
        assertThat(requests.size()).isBetween((ids.size() + 99) / 100, (ids.size() + 99) / 100 + 4);
    }

    private static String[] obsidsOf(String request) {
        try {
            return new ObjectMapper()
                    .readTree(request)
                    .path("params")
                    .path("obsid")
                    .asText()
                    .split(",");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void productsWithoutObsidsIsAClearError() {
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option("baseUrl", mast.baseUrl())
                        .load("products")
                        .collectAsList())
                .hasMessageContaining("Reading 'products' needs the observations' obsids");
    }

    @Test
    void aUserSchemaIsHonouredAndConvertedAsAstroqueryDoes() {
        List<Row> rows = spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .schema("obsid BIGINT, s_ra DOUBLE, calib_level INT, t_min STRING")
                .load("observations")
                .where("s_ra BETWEEN 5 AND 7")
                .collectAsList();
        assertThat(rows).isNotEmpty();
        for (Row r : rows) {
            long obsid = r.getLong(0);
            Map<String, Object> o = mast.sky().observation(obsid - 100_000_000L);
            assertThat(r.getDouble(1)).isEqualTo((Double) o.get("s_ra"));
            assertThat(r.getInt(2)).isEqualTo((Integer) o.get("calib_level"));
            assertThat(Double.parseDouble(r.getString(3))).isEqualTo((Double) o.get("t_min"));
        }
    }
}
