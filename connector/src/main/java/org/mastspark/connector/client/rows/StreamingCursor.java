package org.mastspark.connector.client.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastHttp;

/**
 * The common part of the cursors over MAST's JSON service APIs (Mission Search, catalogs): one or more
 * requests ("pages") whose answers are objects holding the rows in an array under one key. Each answer
 * is parsed as it streams (never a whole page as a tree). A page that breaks off (reset, truncated JSON,
 * read timeout) is requested again after a backoff and the rows already returned from it are skipped, so
 * nothing is lost or duplicated; retries are bounded by the client's {@code maxAttempts}.
 *
 * <p>Rows are JSON objects (read by column name, exact or else case-insensitive) or JSON arrays (read by
 * position, after the subclass has given positions with {@link #positions(String[])}). Arrays of rows
 * nested in the rows array are flattened (MAST's {@code post_list_products} may nest them).
 */
public abstract class StreamingCursor extends SinkCursor {
    private final MastHttp http;
    private final boolean arrayRows;
    protected final RowLayout layout;
    protected final ClientMetrics metrics;
    private final Map<String, Integer> lowerIndex = new HashMap<>();
    private MastHttp.Response response;
    private JsonParser parser;
    private boolean inRows;
    private int depth;
    private boolean done;
    private final Utf8Text text = new Utf8Text();
    private int attemptsOnPage;
    private int[] positionSlots;
    /** Rows read from the current page so far. */
    protected long rowsInPage;

    /**
     * @param arrayRows whether a JSON array in the rows array is a row (read by position) rather than a
     *     nested array of row objects
     * @param sink where rows go, or null for arrays read with {@link #current()}
     */
    protected StreamingCursor(MastHttp http, RowLayout layout, ClientMetrics metrics, boolean arrayRows, RowSink sink) {
        super(sink, layout.size());
        this.arrayRows = arrayRows;
        this.http = http;
        this.layout = layout;
        this.metrics = metrics;
        for (int i = 0; i < layout.size(); i++) {
            lowerIndex.putIfAbsent(layout.name(i).toLowerCase(Locale.ROOT), i);
        }
    }

    /** Sends the current page's request. */
    protected abstract MastHttp.Response send();

    /** The current page, for messages (no secrets). */
    protected abstract String what();

    /** The key of the rows array in the answer. */
    protected abstract String rowsKey();

    /**
     * A top-level field other than the rows (before or after them); the parser is on its value, which the
     * implementation must consume (skipChildren for structures it ignores).
     */
    protected abstract void headerField(String name, JsonParser p) throws IOException;

    /**
     * Called when a page has been read to its end; returns true to request another page (the subclass has
     * moved its state to it), false when the cursor is exhausted.
     *
     * @param sawRows whether the answer had the rows key at all
     */
    protected abstract boolean pageDone(boolean sawRows) throws IOException;

    /** True when no further row should be read (a row budget is used up). */
    protected boolean enough() {
        return false;
    }

    /** Maps positional rows: {@code names[k]} is the name of the k-th value of each row array. */
    protected final void positions(String[] names) {
        int[] slots = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            slots[k] = slotOf(names[k]);
        }
        positionSlots = slots;
    }

    @Override
    public final boolean next() {
        while (!done) {
            if (enough()) {
                close();
                return false;
            }
            try {
                if (parser == null) {
                    openPage();
                }
                if (inRows && nextRowStart()) {
                    readRow();
                    rowsInPage++;
                    metrics.countRow();
                    return true;
                }
                boolean sawRows = finishAnswer();
                closeResponse();
                if (pageDone(sawRows)) {
                    rowsInPage = 0;
                    attemptsOnPage = 0;
                } else {
                    done = true;
                }
            } catch (IOException e) {
                closeResponse();
                attemptsOnPage++;
                http.waitBeforeRetry(what(), attemptsOnPage, null, http.failure(e), metrics);
            }
        }
        return false;
    }

    @Override
    public final void close() {
        done = true;
        closeResponse();
    }

    private boolean sawRowsKey;
    private boolean ended;

    private void openPage() throws IOException {
        response = send();
        parser = MastHttp.JSON.createParser(response.body());
        sawRowsKey = false;
        ended = false;
        depth = 0;
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("MAST's answer is not a JSON object");
        }
        readFields();
        if (inRows) {
            for (long i = 0; i < rowsInPage; i++) {
                if (!nextRowStart()) {
                    close();
                    throw new MastException(what() + " returned fewer rows on a retry (" + i + ") than before ("
                            + rowsInPage + "): MAST did not keep the row order");
                }
                parser.skipChildren();
            }
        }
    }

    /** Reads top-level fields until the rows array opens (inRows) or the object ends. */
    private void readFields() throws IOException {
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                inRows = false;
                ended = true;
                return;
            }
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException(t == null ? "answer ended early" : "malformed answer: " + t);
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == null) {
                throw new IOException("answer ended early");
            }
            if (name.equals(rowsKey()) && value == JsonToken.START_ARRAY) {
                sawRowsKey = true;
                inRows = true;
                return;
            }
            if (name.equals(rowsKey()) && value == JsonToken.VALUE_NULL) {
                sawRowsKey = true;
                continue;
            }
            headerField(name, parser);
        }
    }

    /** Moves to the start of the next row; false when the rows array has ended. */
    private boolean nextRowStart() throws IOException {
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == null) {
                throw new IOException("answer ended early");
            }
            if (t == JsonToken.START_OBJECT) {
                return true;
            }
            if (t == JsonToken.START_ARRAY) {
                if (arrayRows) {
                    if (positionSlots == null) {
                        close();
                        throw new MastException(what() + ": rows are arrays but the answer named no columns"
                                + " before them ('info' must precede '" + rowsKey() + "')");
                    }
                    return true;
                }
                depth++;
                continue;
            }
            if (t == JsonToken.END_ARRAY) {
                if (depth == 0) {
                    inRows = false;
                    return false;
                }
                depth--;
                continue;
            }
            throw new IOException("expected a row in '" + rowsKey() + "', found " + t);
        }
    }

    /** Reads the rest of the answer after the rows; returns whether the rows key was present. */
    private boolean finishAnswer() throws IOException {
        if (inRows) {
            throw new IllegalStateException("rows not exhausted");
        }
        if (!ended) {
            readFields();
            if (inRows) {
                throw new IOException("'" + rowsKey() + "' appears twice in the answer");
            }
        }
        return sawRowsKey;
    }

    /**
     * Reads the row the parser is on into the sink, starting it afresh (a row re-read after a failure
     * mid-row starts again); a key the layout does not name is skipped, a missing one stays null.
     */
    private void readRow() throws IOException {
        sink.startRow();
        if (parser.currentToken() == JsonToken.START_ARRAY) {
            int k = 0;
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IOException("row ended early");
                }
                readValue(k < positionSlots.length ? positionSlots[k] : -1);
                k++;
            }
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            readValue(slotOf(name));
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("row object ended early");
        }
    }

    private void readValue(int slot) throws IOException {
        if (slot < 0) {
            parser.skipChildren();
        } else {
            layout.type(slot).write(parser, layout.name(slot), slot, sink, text);
        }
    }

    private int slotOf(String name) {
        int i = layout.indexOf(name);
        if (i >= 0) {
            return i;
        }
        Integer j = lowerIndex.get(name.toLowerCase(Locale.ROOT));
        return j == null ? -1 : j;
    }

    private void closeResponse() {
        inRows = false;
        MastHttp.release(parser, response);
        parser = null;
        response = null;
    }
}
