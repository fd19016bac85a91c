package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastTableProvider;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.read.MastTable;
import org.mastspark.connector.testing.RoundTrip;

/** The sides and the aligned partitions survive Kryo, as a session with {@code spark.serializer=KryoSerializer} writes them. */
class HatsCrossmatchKryoTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.kryo();
    }

    @AfterAll
    static void stop() {
        SparkTestSession.endKryo();
    }

    @Test
    void aSideWrittenByKryoIsTheSameSide() {
        HatsSide side = new HatsSide(
                "hats:/data/x", Map.of("margin", "/data/x_10arcs", "fs.s3a.secret.key", "s"), List.of("id", "ra"));
        HatsSide copy = RoundTrip.kryo(side);
        assertThat(copy).isEqualTo(side);
        assertThat(copy.options()).isEqualTo(side.options());
        assertThat(copy.toString())
                .isEqualTo("HatsSide[hats:/data/x, options [fs.s3a.secret.key, margin], columns [id, ra]]");
    }

    @Test
    void aPairPartitionWrittenByKryoReadsTheSameRows() throws Exception {
        CrossmatchSpec spec = HatsCrossmatchTest.spec(7200, 0, 3, "inner");
        HatsCrossmatch.Job job = new HatsCrossmatch.Job(HatsCrossmatchTest.left(), HatsCrossmatchTest.right(), spec);
        MastTable table = (MastTable) new MastTableProvider()
                .getTable(
                        null,
                        new Transform[0],
                        Map.of("path", HatsCrossmatch.PATH, HatsCrossmatch.JOB_OPTION, job.encode()));
        Batch batch = table.newScanBuilder(new CaseInsensitiveStringMap(Map.of()))
                .build()
                .toBatch();
        int total = 0;
        for (InputPartition p : batch.planInputPartitions()) {
            InputPartition copy = RoundTrip.kryo(p);
            assertThat(copy).isInstanceOf(HatsPairPartition.class);
            assertThat(copy.toString()).isEqualTo(p.toString());
            List<String> rows = rows(batch, copy);
            assertThat(rows).isEqualTo(rows(batch, p));
            total += rows.size();
        }
        assertThat(total).isEqualTo(190);
        // and through a Kryo session's tasks
        assertThat(HatsCrossmatch.run(spark, job.left(), job.right(), spec).count())
                .isEqualTo(190);
    }

    private static List<String> rows(Batch batch, InputPartition p) throws Exception {
        List<String> out = new ArrayList<>();
        try (PartitionReader<InternalRow> reader = batch.createReaderFactory().createReader(p)) {
            while (reader.next()) {
                InternalRow r = reader.get();
                // id_left, id_right, _dist_arcsec
                out.add(r.getLong(1) + " " + r.getLong(7) + " " + r.getDouble(13));
            }
        }
        return out;
    }
}
