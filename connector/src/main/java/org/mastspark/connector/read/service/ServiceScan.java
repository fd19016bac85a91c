package org.mastspark.connector.read.service;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.metrics.MastMetrics;
import org.mastspark.connector.schema.MastSchemas;

/**
 * What the planned reads of MAST's service APIs (missions, Pan-STARRS) share: the read schema, partitions
 * planned lazily and once ({@link #plan()}, on the driver), read by {@link ServiceReader}s, and the
 * connector's metrics. Subclasses plan the partitions and describe the scan. Thread safe for planning.
 */
public abstract class ServiceScan implements Scan, Batch {
    /** The read options. */
    protected final MastOptions options;
    /** The table's whole schema. */
    protected final StructType schema;
    /** The columns Spark asked for: the read schema. */
    protected final StructType required;
    /** The pushed row limit, or -1. */
    protected final long limit;

    private List<ServicePartition> partitions;

    protected ServiceScan(MastOptions options, StructType schema, StructType required, long limit) {
        this.options = options;
        this.schema = schema;
        this.required = required;
        this.limit = limit;
    }

    /** Plans the partitions; called once, on the driver. */
    protected abstract List<ServicePartition> plan();

    @Override
    public final StructType readSchema() {
        return required;
    }

    @Override
    public final Batch toBatch() {
        return this;
    }

    @Override
    public final synchronized InputPartition[] planInputPartitions() {
        if (partitions == null) {
            partitions = plan();
        }
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public final PartitionReaderFactory createReaderFactory() {
        return new ServiceReaderFactory(required);
    }

    @Override
    public final CustomMetric[] supportedCustomMetrics() {
        return MastMetrics.supported();
    }

    /** Appends the cone of a positional read, as the plan shows it: {@code " within R of T"}. */
    protected final void describeCone(StringBuilder sb, String defaultRadius) {
        if (options.hasPosition()) {
            sb.append(" within ")
                    .append(options.get(MastOptions.RADIUS) == null ? defaultRadius : options.get(MastOptions.RADIUS))
                    .append(" of ")
                    .append(options.target() != null ? options.target() : options.get(MastOptions.COORDINATES));
        }
    }

    /** Appends the pushed limit, if any, as the plan shows it. */
    protected final void describeLimit(StringBuilder sb) {
        if (limit >= 0) {
            sb.append(" [limit=").append(limit).append(']');
        }
    }

    /**
     * Adds the required columns to the columns asked of MAST and to the layout they are read with; for a
     * tiled read also the position columns (from {@code positions}, asked only then) when they are not
     * required, since each tile keeps only the rows it owns.
     *
     * @return the slots of the ra and dec columns in the layout, or {@code {-1, -1}} when not tiled
     */
    protected final int[] requestColumns(
            List<String> columns, RowLayout.Builder layout, boolean tiled, Supplier<String[]> positions) {
        for (StructField f : required.fields()) {
            columns.add(f.name());
            layout.add(f.name(), MastSchemas.mastType(f));
        }
        if (!tiled) {
            return new int[] {-1, -1};
        }
        String[] radec = positions.get();
        int[] slots = new int[2];
        for (int i = 0; i < 2; i++) {
            slots[i] = columns.indexOf(radec[i]);
            if (slots[i] < 0) {
                slots[i] = columns.size();
                columns.add(radec[i]);
                layout.add(radec[i], MastType.DOUBLE);
            }
        }
        return slots;
    }
}
