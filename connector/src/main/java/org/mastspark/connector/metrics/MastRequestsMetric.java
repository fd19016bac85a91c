package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: HTTP requests sent to MAST, summed over tasks. */
public final class MastRequestsMetric extends CustomSumMetric {
    public static final String NAME = "requests";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "HTTP requests sent to MAST";
    }
}
