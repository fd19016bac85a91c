package org.mastspark.connector.metrics;

/** Spark UI metric: time waiting for MAST to execute queries (ms), summed over tasks. */
public final class MastExecutingWaitMetric extends MastSumMetric {
    public static final String NAME = "executingWaitMs";

    public MastExecutingWaitMetric() {
        super(NAME, "time waiting for MAST to execute queries (ms)");
    }
}
