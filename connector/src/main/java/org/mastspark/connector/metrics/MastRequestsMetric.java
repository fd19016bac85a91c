package org.mastspark.connector.metrics;

/** Spark UI metric: HTTP requests sent to MAST, summed over tasks. */
public final class MastRequestsMetric extends MastSumMetric {
    public static final String NAME = "requests";

    public MastRequestsMetric() {
        super(NAME, "HTTP requests sent to MAST");
    }
}
