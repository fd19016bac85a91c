package org.mastspark.connector.client.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastServiceException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;

/**
 * A client of MAST's Portal ("Mashup") API: streamed, paged queries, counts and column configurations.
 * Cheap to create; the HTTP pool behind it is shared per JVM. Thread safe (cursors are not).
 */
public final class PortalClient {
    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);

    private final MastHttp http;

    public PortalClient(MastClientConfig config) {
        this.http = MastHttp.shared(config);
    }

    public MastClientConfig config() {
        return http.config();
    }

    /**
     * Streams pages {@code firstPage..lastPage} (inclusive) of a query; {@code lastPage} -1 reads to the
     * last page MAST reports.
     */
    public PortalCursor open(
            PortalRequest request, int firstPage, int lastPage, RowLayout layout, ClientMetrics metrics) {
        return open(request, firstPage, lastPage, layout, metrics, null);
    }

    /**
     * Streams pages {@code firstPage..lastPage} like {@link #open(PortalRequest, int, int, RowLayout,
     * ClientMetrics)}, handing each row to {@code sink} (null: arrays read with {@code current()}).
     */
    public PortalCursor open(
            PortalRequest request, int firstPage, int lastPage, RowLayout layout, ClientMetrics metrics, RowSink sink) {
        return new PortalCursor(http, request, firstPage, lastPage, layout, metrics, sink);
    }

    /**
     * What a one-row request tells of a query without reading its rows: MAST's {@code paging.rowsFiltered}
     * (-1 when the answer has no paging) and the fields it declares.
     */
    public Probe probe(PortalRequest oneRow, ClientMetrics metrics) {
        try (PortalCursor c = open(oneRow, 1, 1, RowLayout.builder().build(), metrics)) {
            while (c.next()) {
                // at most one row: the answer's paging and fields are what is wanted
            }
            return new Probe(c.paging() == null ? -1 : c.paging().rowsFiltered(), c.fieldNames(), c.fieldTypes());
        }
    }

    /**
     * @param rowsFiltered the rows the query matches, or -1 when MAST did not say
     * @param fieldNames the columns MAST declares, in order
     * @param fieldTypes their MAST types
     */
    public record Probe(long rowsFiltered, List<String> fieldNames, List<String> fieldTypes) {}

    /** Streams every page of a query. */
    public PortalCursor openAll(PortalRequest request, RowLayout layout, ClientMetrics metrics) {
        return open(request, 1, -1, layout, metrics);
    }

    /**
     * The number of rows a filtered service matches, asked with {@code columns: "COUNT_BIG(*)"} as
     * astroquery's {@code query_criteria_count} does. MAST answers one row whose single column holds the
     * count (as a number or a numeric string).
     */
    public long count(String service, ObjectNode params, ClientMetrics metrics) {
        ObjectNode p = params.deepCopy();
        p.put("columns", "COUNT_BIG(*)");
        PortalRequest request = PortalRequest.of(service, p, 50_000);
        RowLayout layout = RowLayout.builder().add("Column1", MastType.LONG).build();
        try (PortalCursor cursor = openAll(request, layout, metrics)) {
            if (!cursor.next() || cursor.current()[0] == null) {
                throw new MastException(service + " count query returned no count");
            }
            return (Long) cursor.current()[0];
        }
    }

    /**
     * Resolves an object name to {@code [ra, dec]} in degrees with MAST's {@code Mast.Name.Lookup}
     * service (the resolver astroquery 0.4.x uses), taking MAST's first answer.
     *
     * @throws MastException naming the object when MAST cannot resolve it
     */
    public double[] resolveName(String name, ClientMetrics metrics) {
        String json = "{\"service\": \"Mast.Name.Lookup\", \"params\": {\"input\": " + pythonString(name)
                + ", \"format\": \"json\"}}";
        String what = "Mast.Name.Lookup of '" + name + "'";
        JsonNode answer;
        try (MastHttp.Response r =
                        http.get(what, "/api/v0/invoke?request=" + PortalRequest.PythonJson.quote(json), -1, metrics);
                InputStream in = r.body()) {
            answer = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new MastException(what + " failed: " + http.failure(e), e);
        }
        JsonNode first = answer.path("resolvedCoordinate").path(0);
        if (!first.has("ra") || !first.has("decl")) {
            throw new MastException("Could not resolve '" + name + "' to a sky position: MAST's name resolver"
                    + " knows no such object; give option 'coordinates' instead");
        }
        return new double[] {first.path("ra").asDouble(), first.path("decl").asDouble()};
    }

    /**
     * The whole answer of a one-page request, as MAST sent it: for answers that are documents rather than rows,
     * such as {@code Mast.Caom.All} in {@code extjs} format (its facets' histograms, which
     * {@code Observations.list_missions} reads).
     *
     * @throws MastServiceException when MAST answers {@code status: ERROR}, with MAST's message
     * @throws MastException when the answer is not JSON or the request fails
     */
    public JsonNode document(PortalRequest request, ClientMetrics metrics) {
        String what = request.service() + " (" + request.format() + ")";
        JsonNode answer;
        try (MastHttp.Response r = http.postForm(what, "/api/v0/invoke", request.formBody(1), metrics);
                InputStream in = r.body()) {
            answer = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new MastException(what + " failed: " + http.failure(e), e);
        }
        if (answer == null || !answer.isObject()) {
            throw new MastException(what + ": MAST's answer is not a JSON object");
        }
        if ("ERROR".equalsIgnoreCase(answer.path("status").asText())) {
            throw new MastServiceException(request.service(), answer.path("msg").asText(null));
        }
        return answer;
    }

    private static String pythonString(String s) {
        StringBuilder sb = new StringBuilder();
        PortalRequest.PythonJson.writeString(sb, s);
        return sb.toString();
    }

    /**
     * The column configuration MAST's portal uses for a service ({@code columnsconfig}): per column its
     * label, datatype, description, unit, separator. An empty object when MAST has none.
     */
    public JsonNode columnsConfig(String colConfigId, ClientMetrics metrics) {
        String what = "columnsconfig " + colConfigId;
        try (MastHttp.Response r = http.postForm(
                        what,
                        "/portal/Mashup/Mashup.asmx/columnsconfig",
                        "colConfigId=" + PortalRequest.PythonJson.quote(colConfigId),
                        metrics);
                InputStream in = r.body()) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new MastException(what + " failed: " + http.failure(e), e);
        }
    }
}
