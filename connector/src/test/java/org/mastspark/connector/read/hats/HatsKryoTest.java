package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
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

/**
 * HATS partitions (with their Hadoop configuration and Parquet predicates) survive Kryo, as a session with
 * {@code spark.serializer=KryoSerializer} may write them, and read the same rows.
 */
class HatsKryoTest {
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
    void aConeReadInAKryoSessionEqualsTheBruteForceFilter() {
        Path catalog = PeerHats.catalog("hats/small_sky_source");
        List<Long> expected = new ArrayList<>();
        for (PeerHats.Row r : PeerHats.rows(catalog, "source_id", "source_ra", "source_dec")) {
            if (PeerHats.distanceDeg(315, -66, r.ra(), r.dec()) <= 4) {
                expected.add(r.id());
            }
        }
        expected.sort(null);
        List<Long> ids = new ArrayList<>();
        for (Row r : spark.read()
                .format("mast")
                .option("coordinates", "315 -66")
                .option("radius", "4deg")
                .option("partitionPerPixel", "true")
                .load("hats:" + catalog)
                .select("source_id", "_hats_pixel")
                .collectAsList()) {
            ids.add(r.getLong(0));
        }
        ids.sort(null);
        assertThat(ids).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void aPartitionWrittenByKryoReadsTheSameRows() throws Exception {
        Path catalog = PeerHats.catalog("hats/small_sky_source");
        MastTable table = (MastTable) new MastTableProvider()
                .getTable(
                        null,
                        new Transform[0],
                        Map.of("path", "hats:" + catalog, "coordinates", "315 -66", "radius", "4deg"));
        Batch batch = table.newScanBuilder(new CaseInsensitiveStringMap(Map.of()))
                .build()
                .toBatch();
        for (InputPartition p : batch.planInputPartitions()) {
            InputPartition copy = RoundTrip.kryo(p);
            assertThat(copy).isInstanceOf(HatsPartition.class);
            assertThat(copy.toString()).isEqualTo(p.toString());
            assertThat(rows(batch, copy)).isEqualTo(rows(batch, p));
        }
    }

    private static List<Long> rows(Batch batch, InputPartition p) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (PartitionReader<InternalRow> reader = batch.createReaderFactory().createReader(p)) {
            while (reader.next()) {
                ids.add(reader.get().getLong(1));
            }
        }
        return ids;
    }
}
