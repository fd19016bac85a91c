package org.mastspark.connector.read;

import java.util.List;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.metrics.MastMetrics;

/**
 * A planned read of MAST. The batch's partitions are planned lazily, once, on the driver (a count, and
 * for huge results the band split). The description shown in plans names the dataset, the position and
 * the pushed filters; never the token.
 */
final class MastScan implements Scan, Batch {
    private final MastOptions options;
    private final MastDataset dataset;
    private final StructType schema;
    private final StructType required;
    private final StructType readSchema;
    private final MastFilters filters;
    private final long limit;
    private final boolean count;
    private List<MastInputPartition> partitions;
    private String position;

    MastScan(
            MastOptions options,
            MastDataset dataset,
            StructType schema,
            StructType required,
            StructType readSchema,
            MastFilters filters,
            long limit,
            boolean count) {
        this.options = options;
        this.dataset = dataset;
        this.schema = schema;
        this.required = required;
        this.readSchema = readSchema;
        this.filters = filters;
        this.limit = limit;
        this.count = count;
    }

    @Override
    public StructType readSchema() {
        return readSchema;
    }

    @Override
    public String description() {
        StringBuilder sb = new StringBuilder("MAST ").append(dataset.describe());
        if ((dataset.kind() == MastDataset.Kind.OBSERVATIONS || dataset.kind() == MastDataset.Kind.CATALOG)
                && options.hasPosition()) {
            sb.append(" within ")
                    .append(options.radiusDegrees())
                    .append(" deg of ")
                    .append(options.target() != null ? options.target() : options.get(MastOptions.COORDINATES));
        }
        sb.append(" [filters=").append(filters.toJson()).append(']');
        if (count) {
            sb.append(" [COUNT_BIG(*)]");
        }
        if (limit >= 0) {
            sb.append(" [limit=").append(limit).append(']');
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
            MastPlanner planner = new MastPlanner(options, dataset);
            partitions = switch (dataset.kind()) {
                case OBSERVATIONS -> {
                    if (position == null && options.hasPosition()) {
                        position = planner.position();
                    }
                    yield planner.observations(
                            filters.toJson(),
                            MastPlanner.columns(schema, required, dataset.notFilterable()),
                            position,
                            count,
                            limit);
                }
                case PRODUCTS -> planner.products(filters.valuesOf("obsID"), limit);
                case PORTAL -> planner.portal(limit);
                case CATALOG ->
                    planner.catalog(
                            planner.center(),
                            filters.toJson(),
                            MastPlanner.catalogColumns(schema, required, planner.catalog()),
                            limit);
            };
        }
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new MastPartitionReaderFactory(options.clientConfig(), readSchema);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return MastMetrics.supported();
    }
}
