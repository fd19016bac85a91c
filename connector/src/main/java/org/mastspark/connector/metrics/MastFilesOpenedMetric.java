package org.mastspark.connector.metrics;

/** Spark UI metric: Parquet files opened by a read of files (HATS catalogs), summed over tasks. */
public final class MastFilesOpenedMetric extends MastSumMetric {
    public static final String NAME = "filesOpened";

    public MastFilesOpenedMetric() {
        super(NAME, "Parquet files opened");
    }
}
