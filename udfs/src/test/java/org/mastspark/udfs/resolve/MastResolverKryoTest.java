package org.mastspark.udfs.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.MastEmulator;

/**
 * Name resolution in a session whose data serializer is Kryo (registration not required). The module runs
 * each test class in its own JVM, so this class's session is the JVM's first and takes Kryo.
 */
class MastResolverKryoTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(3).scale(0.05).build();
        spark = SparkSession.builder()
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .getOrCreate();
        assertThat(SparkEnv.get().serializer()).isInstanceOf(KryoSerializer.class);
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @Test
    void aColumnAndTheSqlFunctionsResolveUnderKryo() {
        List<String> names = List.of("M101", "Vega", "Not A Galaxy", "m101");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(RowFactory.create(i, names.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("target", DataTypes.StringType);
        Map<Integer, Row> out = new HashMap<>();
        for (Row r : MastResolver.resolve(
                        spark.createDataFrame(rows, schema).repartition(2), "target", Map.of("baseUrl", mast.baseUrl()))
                .collectAsList()) {
            out.put(r.getInt(0), r);
        }
        assertThat(out).hasSize(4);
        for (int i : List.of(0, 3)) {
            Row r = out.get(i);
            assertThat(r.getString(r.fieldIndex("resolve_status"))).isEqualTo("RESOLVED");
            assertThat(r.getDouble(r.fieldIndex("ra"))).isEqualTo(210.802429);
            assertThat(r.getDouble(r.fieldIndex("dec"))).isEqualTo(54.34875);
            assertThat(r.getString(r.fieldIndex("resolver"))).isEqualTo("SIMBAD");
        }
        assertThat(out.get(1).getString(out.get(1).fieldIndex("canonical_name")))
                .isEqualTo("* alf Lyr");
        assertThat(out.get(2).getString(out.get(2).fieldIndex("resolve_status")))
                .isEqualTo("NOT_FOUND");

        spark.conf().set("spark.mast.baseUrl", mast.baseUrl());
        try {
            MastResolver.register(spark);
            MastResolver.clearCache();
            Row one = spark.sql("SELECT mast_resolve(target) AS r FROM VALUES ('M101'), ('Vega') AS t(target)")
                    .collectAsList()
                    .get(0)
                    .getStruct(0);
            assertThat(one.getDouble(0)).isEqualTo(210.802429);
            assertThat(one.getDouble(1)).isEqualTo(54.34875);
            List<Row> many = spark.sql("SELECT inline(mast_resolve_names(array('Vega', 'M101')))")
                    .collectAsList();
            assertThat(many).hasSize(2);
            assertThat(many.get(0).getString(0)).isEqualTo("Vega");
            assertThat(many.get(0).getString(4)).isEqualTo("* alf Lyr");
            assertThat(many.get(1).getDouble(1)).isEqualTo(210.802429);
        } finally {
            spark.conf().unset("spark.mast.baseUrl");
        }
    }
}
