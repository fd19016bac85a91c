package org.mastspark.connector.client.portal;

import static org.mastspark.connector.client.http.MastHttp.JSON;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastServiceException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowScanner;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.client.rows.SinkCursor;

/**
 * Streams the rows of a range of pages of one Portal query, parsing each response as it arrives (never a
 * whole page as a tree): Jackson reads the envelope ({@code status}, {@code msg}, {@code fields},
 * {@code paging}), a {@link RowScanner} the rows of {@code data}, into the cursor's {@link RowSink}.
 *
 * <p>Pages are requested with the query's single {@code cacheBreaker}, so MAST keeps one row order for
 * all of them. A response that breaks off (connection reset, truncated JSON, read timeout) is requested
 * again after a backoff, and the rows already returned from that page are skipped: nothing is lost or
 * duplicated. While MAST answers {@code EXECUTING}, the identical request is repeated with a growing
 * pause (200 ms up to 5 s) until the query timeout. {@code status: ERROR} raises
 * {@link MastServiceException}.
 *
 * <p>Not thread safe: one cursor per reading thread. {@link #close()} is idempotent.
 */
public final class PortalCursor extends SinkCursor {
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final String INVOKE_PATH = "/api/v0/invoke";

    private final MastHttp http;
    private final PortalRequest request;
    private final RowLayout layout;
    private final ClientMetrics metrics;
    private int lastPage;
    private int page;
    private long rowsInPage;
    private int attemptsOnPage;
    private MastHttp.Response response;
    private InputStream body;
    private JsonParser parser;
    private final RowScanner scanner;
    private boolean inData;
    private boolean objectEnded;
    private boolean done;
    private String status;
    private String msg;
    private PortalPaging paging;
    private List<String> fieldNames = Collections.emptyList();
    private List<String> fieldTypes = Collections.emptyList();

    /**
     * @param lastPage the last page to read (inclusive), or -1 to follow MAST's {@code pagesFiltered}
     * @param sink where rows go, or null for arrays read with {@link #current()}
     */
    PortalCursor(
            MastHttp http,
            PortalRequest request,
            int firstPage,
            int lastPage,
            RowLayout layout,
            ClientMetrics metrics,
            RowSink sink) {
        super(sink, layout.size());
        if (firstPage < 1 || (lastPage != -1 && lastPage < firstPage)) {
            throw new IllegalArgumentException("Invalid page range " + firstPage + ".." + lastPage);
        }
        this.http = http;
        this.request = request;
        this.layout = layout;
        this.scanner = new RowScanner(layout);
        this.metrics = metrics;
        this.page = firstPage;
        this.lastPage = lastPage;
    }

    /** Advances to the next row; false when the page range is exhausted. */
    @Override
    public boolean next() {
        while (!done) {
            try {
                if (response == null) {
                    openPage();
                }
                if (inData) {
                    if (scanner.nextRow(sink)) {
                        rowsInPage++;
                        metrics.countRow();
                        return true;
                    }
                    inData = false;
                    parser = JSON.createParser(scanner.rest());
                    parser.nextToken();
                }
                finishPage();
            } catch (IOException e) {
                closeResponse();
                attemptsOnPage++;
                http.waitBeforeRetry(what(), attemptsOnPage, null, http.failure(e), metrics);
            }
        }
        return false;
    }

    /** The {@code paging} block of the last completed page, or null before the first page ends. */
    public PortalPaging paging() {
        return paging;
    }

    /** Column names and MAST types of the last page read, as MAST declared them in {@code fields}. */
    public List<String> fieldNames() {
        return fieldNames;
    }

    public List<String> fieldTypes() {
        return fieldTypes;
    }

    @Override
    public void close() {
        done = true;
        closeResponse();
    }

    private String what() {
        return request.service() + " page " + page;
    }

    private void openPage() throws IOException {
        long pollDelay = 200;
        long started = System.nanoTime();
        while (true) {
            response = http.postForm(what(), INVOKE_PATH, request.formBody(page), metrics);
            body = response.body();
            parser = JSON.createParser(body);
            status = null;
            msg = null;
            paging = null;
            readHeader();
            if ("EXECUTING".equalsIgnoreCase(status)) {
                closeResponse();
                long waited = System.nanoTime() - started;
                if (waited / 1_000_000L > http.config().queryTimeout().toMillis()) {
                    throw new MastException(what() + " was still EXECUTING on MAST after "
                            + waited / 1_000_000_000L + " s (queryTimeout "
                            + http.config().queryTimeout().toSeconds()
                            + " s); narrow the query or raise the timeout");
                }
                long t0 = System.nanoTime();
                MastHttp.sleep(pollDelay, what());
                metrics.countExecutingWait(System.nanoTime() - t0);
                pollDelay = Math.min(5000, pollDelay * 3 / 2);
                continue;
            }
            if ("ERROR".equalsIgnoreCase(status)) {
                closeResponse();
                done = true;
                throw new MastServiceException(request.service(), msg);
            }
            if (inData) {
                for (long i = 0; i < rowsInPage; i++) {
                    if (!scanner.nextRow(RowScanner.DISCARD)) {
                        throw new MastException(what() + " returned fewer rows on a retry (" + i + ") than before ("
                                + rowsInPage + "): MAST did not keep the row order of this query");
                    }
                }
            }
            return;
        }
    }

    /**
     * Reads the top-level object up to the first row of 'data', then hands the rest of the body to the
     * row scanner (or reads to the object's end when there is no data).
     */
    private void readHeader() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("MAST's answer is not a JSON object");
        }
        inData = false;
        objectEnded = false;
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                objectEnded = true;
                return;
            }
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException("malformed answer: " + t);
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == null) {
                throw new IOException("answer ended early");
            }
            if ("data".equals(name) && value == JsonToken.START_ARRAY && !isTerminalStatus()) {
                ByteArrayOutputStream buffered = new ByteArrayOutputStream();
                parser.releaseBuffered(buffered);
                // not closed: that would close the body the scanner goes on reading
                parser = null;
                scanner.start(buffered.toByteArray(), buffered.size(), body);
                inData = true;
                return;
            }
            readTopLevelField(name, value);
        }
    }

    private boolean isTerminalStatus() {
        return "ERROR".equalsIgnoreCase(status) || "EXECUTING".equalsIgnoreCase(status);
    }

    private void readTopLevelField(String name, JsonToken value) throws IOException {
        switch (name) {
            case "status" -> status = value == JsonToken.VALUE_NULL ? null : parser.getText();
            case "msg" -> msg = value == JsonToken.VALUE_NULL ? null : parser.getText();
            case "paging" -> {
                JsonNode p = MAPPER.readTree(parser);
                paging = new PortalPaging(
                        p.path("page").asLong(page),
                        p.path("pageSize").asLong(request.pagesize()),
                        p.path("pagesFiltered").asLong(1),
                        p.path("rows").asLong(-1),
                        p.path("rowsFiltered").asLong(-1));
            }
            case "fields" -> {
                JsonNode f = MAPPER.readTree(parser);
                List<String> names = new ArrayList<>();
                List<String> types = new ArrayList<>();
                for (JsonNode field : f) {
                    names.add(field.path("name").asText());
                    types.add(field.path("type").asText());
                }
                fieldNames = List.copyOf(names);
                fieldTypes = List.copyOf(types);
            }
            default -> parser.skipChildren();
        }
    }

    /** Reads the rest of the answer after 'data', checks it, and moves to the next page or the end. */
    private void finishPage() throws IOException {
        while (!objectEnded) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                break;
            }
            if (t == null) {
                throw new IOException("answer ended early");
            }
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException("malformed answer: " + t);
            }
            String name = parser.currentName();
            readTopLevelField(name, parser.nextToken());
        }
        if ("ERROR".equalsIgnoreCase(status)) {
            closeResponse();
            done = true;
            throw new MastServiceException(request.service(), msg);
        }
        if (paging != null && paging.rows() >= 0 && paging.rows() != rowsInPage) {
            closeResponse();
            done = true;
            throw new MastException(what() + " held " + rowsInPage + " rows but MAST's paging says " + paging.rows());
        }
        closeResponse();
        if (lastPage == -1) {
            lastPage = paging == null ? page : (int) Math.max(page, paging.pagesFiltered());
        }
        if (page < lastPage) {
            page++;
            rowsInPage = 0;
            attemptsOnPage = 0;
        } else {
            done = true;
        }
    }

    private void closeResponse() {
        inData = false;
        MastHttp.release(parser, response);
        parser = null;
        response = null;
    }
}
