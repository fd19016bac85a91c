package org.mastspark.connector.read.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.metrics.MastMetrics;
import org.mastspark.connector.read.MastPartitionReaderFactory;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.emulator.MastEmulator;

/** The reader of a Portal partition reads its pages, reports its metrics to the Spark UI, and closes idempotently. */
class PortalPartitionReaderTest {

    @Test
    void readsItsPageRangeAndReportsRowsBytesRequestsRetriesAndExecutingWait() throws Exception {
        try (MastEmulator mast = MastEmulator.builder().seed(8).scale(0.01).build()) {
            mast.faults().executingPolls(1).serviceUnavailableRate(0.3).retryAfterSeconds(0);
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            params.put("columns", "obsid,s_dec");
            params.putArray("filters")
                    .addObject()
                    .put("paramName", "s_dec")
                    .putArray("values")
                    .addObject()
                    .put("min", -10)
                    .put("max", 10);
            PortalRequest request = PortalRequest.of("Mast.Caom.Filtered", params, 100);
            StructType schema =
                    new StructType().add("obsid", DataTypes.StringType).add("s_dec", DataTypes.DoubleType);
            MastClientConfig config = MastClientConfig.builder()
                    .baseUrl(mast.baseUrl())
                    .maxAttempts(20)
                    .initialBackoff(Duration.ofMillis(1))
                    .build();
            PartitionReader<InternalRow> reader = new MastPartitionReaderFactory(schema)
                    .createReader(new PortalPartition(config, request, 2, 3, MastSchemas.layout(schema), null, -1));
            int rows = 0;
            while (reader.next()) {
                assertThat(reader.get().getDouble(1)).isBetween(-10.0, 10.0);
                rows++;
            }
            reader.close();
            reader.close();
            assertThat(reader.next()).isFalse();

            Map<String, Long> metrics = new HashMap<>();
            for (CustomTaskMetric m : reader.currentMetricsValues()) {
                metrics.put(m.name(), m.value());
            }
            assertThat(rows).isEqualTo(200);
            assertThat(metrics).containsEntry("rows", 200L);
            assertThat(metrics.get("bytes")).isGreaterThan(200L * 20);
            long served = mast.requestLog().count(e -> "Mast.Caom.Filtered".equals(e.service()) || e.status() == 503);
            assertThat(metrics.get("requests")).isEqualTo(served);
            assertThat(metrics.get("retries")).isEqualTo(mast.requestLog().count(e -> e.status() == 503));
            assertThat(metrics.get("executingWaitMs")).isGreaterThanOrEqualTo(200L);
            assertThat(MastMetrics.supported())
                    .extracting(CustomMetric::name)
                    .containsExactlyInAnyOrderElementsOf(metrics.keySet());
        }
    }
}
