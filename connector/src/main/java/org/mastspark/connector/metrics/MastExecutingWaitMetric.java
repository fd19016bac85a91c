package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: time waiting for MAST to execute queries (ms), summed over tasks. */
public final class MastExecutingWaitMetric extends CustomSumMetric {
    public static final String NAME = "executingWaitMs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "time waiting for MAST to execute queries (ms)";
    }
}
