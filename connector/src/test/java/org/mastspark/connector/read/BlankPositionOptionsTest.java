package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mastspark.connector.MastMissions;
import org.mastspark.connector.MastProducts;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;

/**
 * A blank {@code target} or {@code coordinates} is a mistake (an empty variable, a stray space), not a
 * request for the whole archive: every load path that takes a position refuses it, naming the option,
 * before asking MAST anything.
 */
class BlankPositionOptionsTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(12).scale(0.05).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clearLog() {
        mast.requestLog().clear();
    }

    static String expectedMessage(String option, String value) {
        String example =
                option.equals("target") ? "an object name such as 'M101'" : "'ra dec' such as '210.8024 54.3488'";
        return "Invalid value '" + value + "' for option '" + option + "': it is blank; give " + example
                + ", or leave the option out to read without a position";
    }

    static List<Arguments> blankPositions() {
        List<Arguments> out = new ArrayList<>();
        for (String path : List.of(
                "observations", "catalogs/tic", "catalogs/gaia", "missions/hst", "catalogs/panstarrs", "products")) {
            for (String option : List.of("target", "coordinates")) {
                for (String value : List.of("", "   ")) {
                    out.add(Arguments.of(path, option, value));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}=''{2}''")
    @MethodSource("blankPositions")
    void everyLoadPathRefusesABlankPositionNamingTheOption(String path, String option, String value) {
        assertThatThrownBy(() -> SparkTestSession.mastReader(mast.baseUrl(), option, value)
                        .load(path)
                        .limit(5)
                        .collectAsList())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expectedMessage(option, value));
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    @Test
    void aBlankPositionInTheSessionConfigurationIsRefusedToo() {
        spark.conf().set("spark.mast.target", " ");
        try {
            assertThatThrownBy(() -> SparkTestSession.mastReader(mast.baseUrl())
                            .load("observations")
                            .count())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(expectedMessage("target", " "));
        } finally {
            spark.conf().unset("spark.mast.target");
        }
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    @Test
    void productLookupsForDataFramesRefuseABlankPosition() {
        Dataset<Row> obs = spark.createDataFrame(
                List.of(),
                DataTypes.createStructType(List.of(DataTypes.createStructField("obsid", DataTypes.StringType, true))));
        assertThatThrownBy(() -> MastProducts.forObservations(obs, Map.of("baseUrl", mast.baseUrl(), "target", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expectedMessage("target", ""));
        Dataset<Row> datasets = obs.withColumnRenamed("obsid", "sci_data_set_name");
        assertThatThrownBy(() ->
                        MastMissions.products(datasets, "hst", Map.of("baseUrl", mast.baseUrl(), "coordinates", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expectedMessage("coordinates", "  "));
    }
}
