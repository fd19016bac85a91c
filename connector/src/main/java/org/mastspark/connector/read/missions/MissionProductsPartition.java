package org.mastspark.connector.read.missions;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.List;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.read.MastPartition;

/** The products of one batch of at most 1,000 datasets: one {@code post_list_products} request. */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class MissionProductsPartition extends MastPartition {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final String mission;
    private final List<String> datasetIds;

    MissionProductsPartition(
            MastClientConfig config, String mission, List<String> datasetIds, RowLayout layout, long limit) {
        super(layout, null, limit);
        this.config = config;
        this.mission = mission;
        this.datasetIds = List.copyOf(datasetIds);
    }

    List<String> datasetIds() {
        return datasetIds;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        return new MissionClient(config).products(mission, datasetIds, layout(), metrics, sink);
    }

    @Override
    public String describe() {
        return "products of " + datasetIds.size() + " " + mission + " datasets";
    }
}
