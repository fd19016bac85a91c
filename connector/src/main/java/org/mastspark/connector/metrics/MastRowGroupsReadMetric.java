package org.mastspark.connector.metrics;

/** Spark UI metric: Parquet row groups read by a read of files (HATS catalogs), summed over tasks. */
public final class MastRowGroupsReadMetric extends MastSumMetric {
    public static final String NAME = "rowGroupsRead";

    public MastRowGroupsReadMetric() {
        super(NAME, "Parquet row groups read");
    }
}
