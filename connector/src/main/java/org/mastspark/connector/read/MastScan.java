package org.mastspark.connector.read;

import java.util.List;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.metrics.MastMetrics;

/**
 * A planned read of any source. The partitions are planned lazily, once, on the driver, by the source's
 * {@link SourceQuery} (counts, tiles, pages). The description shown in plans is the source's (its region and
 * pushed parameters, never the token) with the pushed count and limit.
 */
final class MastScan implements Scan, Batch {
    private final SourceQuery query;
    private final SourceQuery.Read read;
    private final StructType readSchema;
    private final String cones;
    private List<? extends MastPartition> partitions;

    /** @param cones what became of the cones written in SQL ({@link ConePushdown#describe}); empty for none */
    MastScan(SourceQuery query, SourceQuery.Read read, StructType readSchema, String cones) {
        this.query = query;
        this.read = read;
        this.readSchema = readSchema;
        this.cones = cones;
    }

    @Override
    public StructType readSchema() {
        return readSchema;
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("MAST ").append(query.describe());
        if (read.count()) {
            sb.append(" [COUNT(*) by MAST]");
        }
        if (read.limit() >= 0) {
            sb.append(" [limit=").append(read.limit()).append(']');
        }
        if (!cones.isEmpty()) {
            sb.append(" [").append(cones).append(']');
        }
        return sb.toString();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public synchronized InputPartition[] planInputPartitions() {
        if (partitions == null) {
            partitions = List.copyOf(query.plan(read));
        }
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new MastPartitionReaderFactory(readSchema);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return MastMetrics.supported();
    }
}
