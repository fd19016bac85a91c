package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: bytes received from MAST, summed over tasks. */
public final class MastBytesMetric extends CustomSumMetric {
    public static final String NAME = "bytes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bytes received from MAST";
    }
}
