package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/**
 * A MAST metric summed over tasks. Spark creates each metric from its class name with the no-arg
 * constructor, so every metric keeps a class of its own, which only names it here.
 */
abstract class MastSumMetric extends CustomSumMetric {
    private final String name;
    private final String description;

    MastSumMetric(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }
}
