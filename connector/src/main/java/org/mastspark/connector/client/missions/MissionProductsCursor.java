package org.mastspark.connector.client.missions;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;
import org.mastspark.connector.client.MastServiceException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.client.rows.StreamingCursor;

/**
 * Streams the products of one {@code post_list_products} request (at most
 * {@value MissionClient#PRODUCT_BATCH} dataset ids). Created by {@link MissionClient#products}.
 */
public final class MissionProductsCursor extends StreamingCursor {
    private final MastHttp http;
    private final String mission;
    private final List<String> datasetIds;

    MissionProductsCursor(
            MastHttp http,
            String mission,
            List<String> datasetIds,
            RowLayout layout,
            ClientMetrics metrics,
            RowSink sink) {
        super(http, layout, metrics, false, sink);
        this.http = http;
        this.mission = mission;
        this.datasetIds = List.copyOf(datasetIds);
    }

    @Override
    protected MastHttp.Response send() {
        return http.postJson(
                what(), MissionClient.productsPath(mission), MissionClient.productsBody(datasetIds), metrics);
    }

    @Override
    protected String what() {
        return "Mission products " + mission + " (" + datasetIds.size() + " datasets)";
    }

    @Override
    protected String rowsKey() {
        return "products";
    }

    @Override
    protected void headerField(String name, JsonParser p) throws IOException {
        p.skipChildren();
    }

    @Override
    protected boolean pageDone(boolean sawRows) {
        if (!sawRows) {
            throw new MastServiceException("Mission products " + mission, "the answer holds no 'products'");
        }
        return false;
    }
}
