package org.mastspark.connector.read;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastClientConfig;

/** Creates readers on executors. Holds only immutable settings; no client (clients are made lazily). */
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
