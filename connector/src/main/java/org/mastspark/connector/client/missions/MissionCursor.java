package org.mastspark.connector.client.missions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mastspark.connector.client.MastServiceException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.client.rows.StreamingCursor;

/**
 * Streams the rows of a mission search from its {@code offset}, one request per page of {@code limit}
 * rows, until {@code maxRows} rows are read, a page comes back short, or MAST's {@code totalResults} is
 * reached. Created by {@link MissionClient#search}.
 */
public final class MissionCursor extends StreamingCursor {
    private final MastHttp http;
    private final long maxRows;
    private MissionSearch page;
    private long read;
    private long totalResults = -1;
    private final List<String> messages = new ArrayList<>();

    MissionCursor(
            MastHttp http, MissionSearch first, long maxRows, RowLayout layout, ClientMetrics metrics, RowSink sink) {
        super(http, layout, metrics, false, sink);
        this.http = http;
        this.page = first;
        this.maxRows = maxRows;
    }

    /** MAST's {@code totalResults} of the last page read, or -1 when it has not said. */
    public long totalResults() {
        return totalResults;
    }

    @Override
    protected MastHttp.Response send() {
        return http.postJson(what(), page.path(), page.json(), metrics);
    }

    @Override
    protected String what() {
        return "Mission search " + page.mission() + " (offset " + page.offset() + ", limit " + page.limit() + ")";
    }

    @Override
    protected String rowsKey() {
        return "results";
    }

    @Override
    protected boolean enough() {
        return maxRows >= 0 && read() >= maxRows;
    }

    private long read() {
        return read + rowsInPage;
    }

    @Override
    protected void headerField(String name, JsonParser p) throws IOException {
        switch (name) {
            case "totalResults" -> {
                if (p.currentToken().isNumeric()) {
                    totalResults = p.getLongValue();
                }
            }
            case "messages" -> {
                messages.clear();
                if (p.currentToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        messages.add(
                                p.currentToken() == JsonToken.VALUE_STRING
                                        ? p.getText()
                                        : p.readValueAsTree().toString());
                    }
                } else {
                    p.skipChildren();
                }
            }
            default -> p.skipChildren();
        }
    }

    @Override
    protected boolean pageDone(boolean sawRows) {
        if (!sawRows) {
            throw new MastServiceException(
                    "Mission search " + page.mission(),
                    messages.isEmpty()
                            ? "the answer holds no 'results'"
                            : String.join("; ", messages) + " (the answer holds no 'results')");
        }
        long inPage = rowsInPage;
        read += inPage;
        if (inPage < page.limit()) {
            return false;
        }
        long nextOffset = page.offset() + page.limit();
        if (totalResults >= 0 && nextOffset >= totalResults) {
            return false;
        }
        if (maxRows >= 0 && read >= maxRows) {
            return false;
        }
        page = page.withPage(page.limit(), nextOffset);
        return true;
    }
}
