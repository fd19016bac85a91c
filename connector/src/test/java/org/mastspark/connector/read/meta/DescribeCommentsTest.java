package org.mastspark.connector.read.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;

/**
 * {@code DESCRIBE} shows MAST's column descriptions: every column of the sources whose schema MAST describes
 * carries a {@code comment}. The gaps, which the README lists: Portal services and catalogs/gaia, galex and plato
 * take their schema from the names and types of a MAST answer (no descriptions); catalogs/tic, ctl, hsc and
 * diskdetective have comments only for the columns MAST's recorded column configurations label (TIC's HIP,
 * TWOMflag, prox, duplicate_id, priority, most DiskDetective columns and every HSC column have none there);
 * HATS catalogs are Parquet schemas without descriptions.
 */
class DescribeCommentsTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(3).scale(0.02).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static StructType schema(String path) {
        return SparkTestSession.mastReader(mast.baseUrl()).load(path).schema();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "observations",
                "products",
                "missions/hst",
                "missions/jwst",
                "missions/hst/products",
                "catalogs/panstarrs/dr2/mean",
                "catalogs/panstarrs/dr1/stack",
                "meta/missions",
                "meta/columns",
                "meta/session"
            })
    void everyColumnHasAComment(String path) {
        List<String> without = new ArrayList<>();
        for (StructField f : schema(path).fields()) {
            if (f.getComment().isEmpty() || f.getComment().get().isBlank()) {
                without.add(f.name());
            }
        }
        assertThat(without).as(path + ": columns without a comment").isEmpty();
    }

    @Test
    void describeShowsMastsDescriptionAndUnit() {
        SparkSession spark = SparkTestSession.get();
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW describe_obs USING mast OPTIONS (path 'observations', baseUrl '"
                + mast.baseUrl() + "')");
        Row t = spark.sql("DESCRIBE TABLE describe_obs")
                .where("col_name = 't_exptime'")
                .collectAsList()
                .get(0);
        assertThat(t.getString(1)).isEqualTo("double");
        assertThat(t.getString(2)).isEqualTo("Exposure time [s]");
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW describe_meta USING mast OPTIONS (path 'meta/columns', baseUrl '"
                + mast.baseUrl() + "')");
        Row d = spark.sql("DESCRIBE TABLE describe_meta")
                .where("col_name = 'units'")
                .collectAsList()
                .get(0);
        assertThat(d.getString(2)).isEqualTo("Unit (Portal: unit or vot.unit; Pan-STARRS: unit); null when none");
    }
}
