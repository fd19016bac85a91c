package org.mastspark.connector.read.service;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.metrics.MastMetrics;

/**
 * Reads one {@link ServicePartition} on an executor: opens its cursor lazily on the first
 * {@link #next()}, keeps the rows the partition owns, converts them, reports metrics. {@link #close()}
 * is idempotent.
 */
final class ServiceReader implements PartitionReader<InternalRow> {
    private final ServicePartition partition;
    private final SparkRowSink sink;
    private final int width;
    private final ClientMetrics metrics = new ClientMetrics();
    private RowCursor cursor;
    private InternalRow row;
    private long emitted;
    private boolean closed;

    ServiceReader(StructType schema, ServicePartition partition) {
        this.partition = partition;
        this.sink = new SparkRowSink(schema, schema.size());
        this.width = schema.size();
    }

    @Override
    public boolean next() {
        if (closed || (partition.limit() >= 0 && emitted >= partition.limit())) {
            return false;
        }
        if (cursor == null) {
            cursor = partition.open(metrics);
        }
        while (cursor.next()) {
            Object[] values = cursor.current();
            if (partition.keeps(values)) {
                partition.rewrite(values);
                sink.startRow();
                for (int i = 0; i < Math.min(width, values.length); i++) {
                    if (values[i] != null) {
                        sink.putValue(i, values[i]);
                    }
                }
                row = sink.finishRow();
                emitted++;
                return true;
            }
        }
        return false;
    }

    @Override
    public InternalRow get() {
        return row;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return MastMetrics.values(metrics);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cursor != null) {
            cursor.close();
        }
    }
}
