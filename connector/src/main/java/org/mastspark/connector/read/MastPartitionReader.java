package org.mastspark.connector.read;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.metrics.MastMetrics;

/**
 * Reads one {@link MastPartition} of any source on an executor: opens its cursor lazily on the first
 * {@link #next()}, which parses MAST's rows straight into one reused {@code UnsafeRow} ({@link SparkRowSink}),
 * keeps the rows the partition's {@link SkyRows} keeps (computing their columns), stops at the partition's
 * limit and reports the connector's metrics. {@link #close()} is idempotent.
 */
final class MastPartitionReader implements PartitionReader<InternalRow> {
    private final MastPartition partition;
    private final SparkRowSink sink;
    private final SkyRows sky;
    private final ClientMetrics metrics = new ClientMetrics();
    private RowCursor cursor;
    private InternalRow row;
    private long emitted;
    private boolean closed;

    MastPartitionReader(StructType readSchema, MastPartition partition) {
        this.partition = partition;
        this.sky = partition.sky();
        this.sink = new SparkRowSink(readSchema, partition.layout().size());
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        if (partition.count() != null) {
            if (emitted++ > 0) {
                return false;
            }
            row = new GenericInternalRow(new Object[] {partition.count()});
            return true;
        }
        if (partition.limit() >= 0 && emitted >= partition.limit()) {
            return false;
        }
        if (cursor == null) {
            cursor = partition.open(metrics, sink);
        }
        while (cursor.next()) {
            if (sky != null && !sky.keep(sink)) {
                continue;
            }
            row = sink.finishRow();
            emitted++;
            return true;
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
