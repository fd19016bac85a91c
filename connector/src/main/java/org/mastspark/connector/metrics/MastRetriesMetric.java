package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: MAST requests retried, summed over tasks. */
public final class MastRetriesMetric extends CustomSumMetric {
    public static final String NAME = "retries";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "MAST requests retried";
    }
}
