package org.mastspark.connector.metrics;

/** Spark UI metric: rows read from MAST, summed over tasks. */
public final class MastRowsMetric extends MastSumMetric {
    public static final String NAME = "rows";

    public MastRowsMetric() {
        super(NAME, "rows read from MAST");
    }
}
