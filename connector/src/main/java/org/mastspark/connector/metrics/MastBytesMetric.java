package org.mastspark.connector.metrics;

/** Spark UI metric: bytes received from MAST, summed over tasks. */
public final class MastBytesMetric extends MastSumMetric {
    public static final String NAME = "bytes";

    public MastBytesMetric() {
        super(NAME, "bytes received from MAST");
    }
}
