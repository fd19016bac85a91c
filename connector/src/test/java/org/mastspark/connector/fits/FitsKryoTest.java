package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.KryoSerializerInstance;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.RoundTrip;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A FITS read in a session whose serializer is Kryo; its partitions and reader factory written and read back
 * by Kryo read exactly the rows the originals read (records and immutable lists inside are Java-serialized).
 */
class FitsKryoTest {
    @TempDir
    static Path dir;

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
    void partitionsAndReaderFactorySurviveKryo() throws Exception {
        Files.write(dir.resolve("a.fits"), LightCurves.lightCurve(21, 300));
        Files.write(dir.resolve("b.fits"), LightCurves.lightCurve(22, 2));
        Dataset<Row> df = spark.read()
                .format("fits")
                .option("headerKeywords", "TICID,OBJECT")
                .option("includeRow", "true")
                .option("maxPartitionBytes", "1000")
                .option("openCostInBytes", "1")
                .load(dir.toString())
                .where("OBJECT <> 'TIC 22'");
        assertThat(df.count()).isEqualTo(300);
        BatchScanExec scan = null;
        for (var leaf :
                CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves())) {
            if (leaf instanceof BatchScanExec b) {
                scan = b;
            }
        }
        assertThat(scan).isNotNull();
        SerializerInstance kryo = SparkEnv.get().serializer().newInstance();
        assertThat(kryo).isInstanceOf(KryoSerializerInstance.class);
        InputPartition[] parts = scan.scan().toBatch().planInputPartitions();
        PartitionReaderFactory factory = scan.scan().toBatch().createReaderFactory();
        PartitionReaderFactory copied = RoundTrip.through(kryo, factory);
        assertThat(parts.length).isGreaterThan(3);
        long total = 0;
        for (InputPartition p : parts) {
            List<String> original = rows(factory, p);
            assertThat(rows(copied, RoundTrip.through(kryo, p))).isEqualTo(original);
            total += original.size();
        }
        // the pruned file (OBJECT = 'TIC 22') gives no row; every row of the other is read once
        assertThat(total).isEqualTo(300);
    }

    private static List<String> rows(PartitionReaderFactory factory, InputPartition p) throws Exception {
        List<String> out = new ArrayList<>();
        try (PartitionReader<InternalRow> r = factory.createReader(p)) {
            while (r.next()) {
                out.add(r.get().toString());
            }
        }
        return out;
    }
}
