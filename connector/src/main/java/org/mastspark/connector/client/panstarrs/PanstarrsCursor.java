package org.mastspark.connector.client.panstarrs;

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
 * Streams pages {@code firstPage, firstPage + step, firstPage + 2 step, ...} of a Pan-STARRS query until
 * a page holds fewer than {@code pagesize} rows. Rows arrive as arrays in the order of the answer's
 * {@code info} (which must come before {@code data}, as MAST sends it) or as objects; both are read by
 * column name, case-insensitively (MAST's {@code info} says {@code objname} for {@code objName}).
 * Created by {@link PanstarrsClient#query}.
 */
public final class PanstarrsCursor extends StreamingCursor {
    private final MastHttp http;
    private final PanstarrsQuery query;
    private final int step;
    private int page;
    private boolean sawInfo;
    private List<String> infoNames = List.of();

    PanstarrsCursor(
            MastHttp http,
            PanstarrsQuery query,
            int firstPage,
            int step,
            RowLayout layout,
            ClientMetrics metrics,
            RowSink sink) {
        super(http, layout, metrics, true, sink);
        if (firstPage < 1 || step < 1) {
            throw new IllegalArgumentException("Invalid page walk " + firstPage + " step " + step);
        }
        this.http = http;
        this.query = query;
        this.page = firstPage;
        this.step = step;
    }

    /** Column names of the last answer's {@code info}, in row order. */
    public List<String> infoNames() {
        return infoNames;
    }

    @Override
    protected MastHttp.Response send() {
        sawInfo = false;
        return http.postJson(what(), query.path(), query.json(page), metrics);
    }

    @Override
    protected String what() {
        return "Pan-STARRS " + query.release() + "/" + query.table() + " page " + page;
    }

    @Override
    protected String rowsKey() {
        return "data";
    }

    @Override
    protected void headerField(String name, JsonParser p) throws IOException {
        if (name.equals("info") && p.currentToken() == JsonToken.START_ARRAY) {
            List<String> names = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String n = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if (key.equals("name")) {
                        n = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                names.add(n == null ? "" : n);
            }
            infoNames = List.copyOf(names);
            positions(names.toArray(new String[0]));
            sawInfo = true;
        } else {
            p.skipChildren();
        }
    }

    @Override
    protected boolean pageDone(boolean sawRows) {
        if (!sawRows) {
            throw new MastServiceException(
                    "Pan-STARRS " + query.release() + "/" + query.table(), "the answer holds no 'data'");
        }
        if (rowsInPage < query.pagesize()) {
            return false;
        }
        page += step;
        return true;
    }
}
