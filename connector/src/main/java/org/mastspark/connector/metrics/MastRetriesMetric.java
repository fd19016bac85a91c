package org.mastspark.connector.metrics;

/** Spark UI metric: MAST requests retried, summed over tasks. */
public final class MastRetriesMetric extends MastSumMetric {
    public static final String NAME = "retries";

    public MastRetriesMetric() {
        super(NAME, "MAST requests retried");
    }
}
