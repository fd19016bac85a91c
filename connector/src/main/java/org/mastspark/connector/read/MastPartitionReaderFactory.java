package org.mastspark.connector.read;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Creates the readers of every source's partitions on executors. Holds only the read schema; no client. */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class MastPartitionReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    private final StructType readSchema;

    /** @param readSchema the columns every reader returns, in order */
    public MastPartitionReaderFactory(StructType readSchema) {
        this.readSchema = readSchema;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new MastPartitionReader(readSchema, (MastPartition) partition);
    }
}
