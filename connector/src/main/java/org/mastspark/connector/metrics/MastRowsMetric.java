package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Spark UI metric: rows read from MAST, summed over tasks. */
public final class MastRowsMetric extends CustomSumMetric {
    public static final String NAME = "rows";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "rows read from MAST";
    }
}
