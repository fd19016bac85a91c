package org.mastspark.connector.metrics;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.mastspark.connector.client.http.ClientMetrics;

/** The custom metrics a MAST scan reports to the Spark UI, and their task values. */
public final class MastMetrics {
    private MastMetrics() {}

    /** The metrics a scan declares ({@code Scan.supportedCustomMetrics}). */
    public static CustomMetric[] supported() {
        return new CustomMetric[] {
            new MastRowsMetric(),
            new MastBytesMetric(),
            new MastRequestsMetric(),
            new MastRetriesMetric(),
            new MastExecutingWaitMetric(),
            new MastFilesOpenedMetric(),
            new MastRowGroupsReadMetric(),
            new MastRowGroupsSkippedMetric()
        };
    }

    /** A task's current values ({@code PartitionReader.currentMetricsValues}). */
    public static CustomTaskMetric[] values(ClientMetrics m) {
        return new CustomTaskMetric[] {
            value(MastRowsMetric.NAME, m.rows()),
            value(MastBytesMetric.NAME, m.bytes()),
            value(MastRequestsMetric.NAME, m.requests()),
            value(MastRetriesMetric.NAME, m.retries()),
            value(MastExecutingWaitMetric.NAME, m.executingWaitMillis()),
            value(MastFilesOpenedMetric.NAME, m.filesOpened()),
            value(MastRowGroupsReadMetric.NAME, m.rowGroupsRead()),
            value(MastRowGroupsSkippedMetric.NAME, m.rowGroupsSkipped())
        };
    }

    private static CustomTaskMetric value(String name, long value) {
        return new CustomTaskMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long value() {
                return value;
            }
        };
    }
}
