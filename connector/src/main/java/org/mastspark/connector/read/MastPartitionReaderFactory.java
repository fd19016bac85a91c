package org.mastspark.connector.read;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.http.MastClientConfig;

/** Creates readers on executors. Holds only immutable settings; no client (clients are made lazily). */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class MastPartitionReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final StructType readSchema;

    MastPartitionReaderFactory(MastClientConfig config, StructType readSchema) {
        this.config = config;
        this.readSchema = readSchema;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new MastPartitionReader(config, readSchema, (MastInputPartition) partition);
    }
}
