package org.mastspark.connector.fits;

import java.io.IOException;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one {@link FitsPartition} as columnar batches: the same files, splits, filters, errors and metrics as
 * {@link FitsPartitionReader} (which it drives), but rows are decoded a column at a time into
 * {@link FitsVector}s. Used when every read column is a scalar (see {@link FitsVector#supports}). The batch and
 * its vectors are reused: Spark consumes a batch before asking for the next.
 */
final class FitsBatchReader implements PartitionReader<ColumnarBatch> {
    private final FitsPartitionReader rows;
    private final FitsVector[] vectors;
    private final ColumnarBatch batch;
    private final int batchSize;

    FitsBatchReader(FitsPartitionReader rows, StructType readSchema, int batchSize) {
        this.rows = rows;
        this.batchSize = batchSize;
        this.vectors = new FitsVector[readSchema.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = new FitsVector(readSchema.fields()[i].dataType(), batchSize);
        }
        this.batch = new ColumnarBatch(vectors.clone());
    }

    @Override
    public boolean next() throws IOException {
        int n = rows.nextBatch(vectors, batchSize);
        batch.setNumRows(n);
        return n > 0;
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return rows.currentMetricsValues();
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
