package org.mastspark.connector.metrics;

/** Spark UI metric: Parquet row groups skipped (statistics, dictionaries, column indexes) by a read of files (HATS catalogs), summed over tasks. */
public final class MastRowGroupsSkippedMetric extends MastSumMetric {
    public static final String NAME = "rowGroupsSkipped";

    public MastRowGroupsSkippedMetric() {
        super(NAME, "Parquet row groups skipped (statistics, dictionaries, column indexes)");
    }
}
