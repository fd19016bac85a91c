package org.mastspark.connector.client.panstarrs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;

/**
 * A client of the Pan-STARRS tables of MAST's catalogs API ({@code https://catalogs.mast.stsci.edu}):
 * column metadata and paged queries streamed as they arrive. Cheap to create; the HTTP pool behind it
 * is shared per JVM. Thread safe (cursors are not).
 */
public final class PanstarrsClient {
    /** The catalogs API's public address. */
    public static final String DEFAULT_URL = "https://catalogs.mast.stsci.edu";

    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);

    private final MastHttp http;

    /**
     * @param config settings whose base URL is the catalogs API's (the emulator serves it on its own URL); its
     *     token, if any, is not sent: the Pan-STARRS catalogs are public and need none
     */
    public PanstarrsClient(MastClientConfig config) {
        this.http = MastHttp.shared(config.toBuilder().token(null).build());
    }

    public MastClientConfig config() {
        return http.config();
    }

    /** The columns of a table ({@code GET /api/v0.1/panstarrs/<release>/<table>/metadata.json}). */
    public List<PanstarrsColumn> metadata(String release, String table, ClientMetrics metrics) {
        String what = "Pan-STARRS metadata of " + release + "/" + table;
        JsonNode answer;
        try (MastHttp.Response r = http.get(what, PanstarrsQuery.metadataPath(release, table), -1, metrics);
                InputStream in = r.body()) {
            answer = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new MastException(what + " failed: " + http.failure(e), e);
        }
        if (answer == null || !answer.isArray() || answer.isEmpty()) {
            throw new MastException(what + ": MAST listed no columns");
        }
        List<PanstarrsColumn> out = new ArrayList<>();
        for (JsonNode c : answer) {
            String name = c.path("name").asText(c.path("column_name").asText(""));
            if (name.isEmpty()) {
                throw new MastException(what + ": a column has no name: " + c);
            }
            out.add(new PanstarrsColumn(
                    name,
                    c.path("type").asText(c.path("datatype").asText("")),
                    c.path("db_type").asText(""),
                    c.path("description").asText(""),
                    PanstarrsColumn.orNull(c.path("unit").asText(null)),
                    PanstarrsColumn.orNull(c.path("ucd").asText(null))));
        }
        return out;
    }

    /**
     * Streams pages {@code firstPage, firstPage + step, ...} of a query until a page is short. With
     * {@code step} 1 that is every page from {@code firstPage}; with {@code step} k, k cursors starting at
     * pages 1..k read every page exactly once between them.
     */
    public PanstarrsCursor query(
            PanstarrsQuery query, int firstPage, int step, RowLayout layout, ClientMetrics metrics) {
        return query(query, firstPage, step, layout, metrics, null);
    }

    /**
     * Streams pages like {@link #query(PanstarrsQuery, int, int, RowLayout, ClientMetrics)}, handing each
     * row to {@code sink} (null: arrays read with {@code current()}).
     */
    public PanstarrsCursor query(
            PanstarrsQuery query, int firstPage, int step, RowLayout layout, ClientMetrics metrics, RowSink sink) {
        return new PanstarrsCursor(http, query, firstPage, step, layout, metrics, sink);
    }
}
