package org.mastspark.connector.client;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;

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
    MastHttp.Response send() {
        return http.postJson(
                what(), MissionClient.productsPath(mission), MissionClient.productsBody(datasetIds), metrics);
    }

    @Override
    String what() {
        return "Mission products " + mission + " (" + datasetIds.size() + " datasets)";
    }

    @Override
    String rowsKey() {
        return "products";
    }

    @Override
    void headerField(String name, JsonParser p) throws IOException {
        p.skipChildren();
    }

    @Override
    boolean pageDone(boolean sawRows) {
        if (!sawRows) {
            throw new MastServiceException("Mission products " + mission, "the answer holds no 'products'");
        }
        return false;
    }
}
