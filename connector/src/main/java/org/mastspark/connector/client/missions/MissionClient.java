package org.mastspark.connector.client.missions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;

/**
 * A client of MAST's Mission Search API ({@code {baseUrl}/search/...}): column lists, searches streamed
 * page by page ({@code limit}/{@code offset}), product lists in batches of at most
 * {@value #PRODUCT_BATCH} dataset ids, and product download URLs. Cheap to create; the HTTP pool behind it
 * is shared per JVM. Thread safe (cursors are not).
 */
public final class MissionClient {
    /** Dataset ids per {@code post_list_products} request (astroquery's batch size). */
    public static final int PRODUCT_BATCH = 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);

    /** The dataset id column of the missions astroquery knows (its {@code dataset_kwds}). */
    private static final Map<String, String> DATASET_KEYWORDS = Map.of(
            "hst", "sci_data_set_name",
            "jwst", "fileSetName",
            "roman", "fileSetName",
            "classy", "Target",
            "ullyses", "observation_id",
            "iue", "iue_data_id");

    private final MastHttp http;

    public MissionClient(MastClientConfig config) {
        this.http = MastHttp.shared(config);
    }

    public MastClientConfig config() {
        return http.config();
    }

    /**
     * The dataset id column of a mission ({@code sci_data_set_name} for hst, {@code fileSetName} for jwst
     * and roman, ...), or null for a mission astroquery knows no keyword for.
     */
    public static String datasetKeyword(String mission) {
        return DATASET_KEYWORDS.get(mission.toLowerCase(Locale.ROOT));
    }

    /**
     * The columns of a mission's search table ({@code GET /search/util/api/v0.1/column_list?mission=}).
     *
     * @throws MastException when MAST's answer is not a list of columns (for an unknown mission, MAST
     *     answers an error status or an empty list: the message names the mission)
     */
    public List<MissionColumn> columns(String mission, ClientMetrics metrics) {
        String m = mission.toLowerCase(Locale.ROOT);
        String what = "Mission column_list for '" + m + "'";
        JsonNode answer;
        try (MastHttp.Response r = http.get(
                        what,
                        "/search/util/api/v0.1/column_list?mission=" + URLEncoder.encode(m, StandardCharsets.UTF_8),
                        -1,
                        metrics);
                InputStream in = r.body()) {
            answer = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new MastException(what + " failed: " + http.failure(e), e);
        }
        if (answer == null || !answer.isArray() || answer.isEmpty()) {
            throw new MastException("MAST's Mission Search API lists no columns for mission '" + m
                    + "' (answer: " + abbreviate(String.valueOf(answer))
                    + "); check the mission name (e.g. hst, jwst, roman, classy, ullyses, iue)");
        }
        List<MissionColumn> out = new ArrayList<>();
        for (JsonNode c : answer) {
            String name = c.path("column_name").asText(null);
            if (name == null || name.isEmpty()) {
                throw new MastException(what + ": a column has no column_name: " + abbreviate(c.toString()));
            }
            out.add(new MissionColumn(
                    name,
                    c.path("field_name").asText(""),
                    c.path("description").asText("").trim(),
                    c.path("qual_type").asText(""),
                    c.path("datatype").asText(""),
                    !"no".equalsIgnoreCase(c.path("queryable").asText("yes")),
                    "yes".equalsIgnoreCase(c.path("default_output").asText("no"))));
        }
        return out;
    }

    /**
     * Streams a search: the page {@code search} names and the pages after it, until {@code maxRows} rows
     * ({@code -1}: no budget), a short page, or MAST's {@code totalResults}.
     */
    public MissionCursor search(MissionSearch search, long maxRows, RowLayout layout, ClientMetrics metrics) {
        return search(search, maxRows, layout, metrics, null);
    }

    /**
     * Streams a search like {@link #search(MissionSearch, long, RowLayout, ClientMetrics)}, handing each row
     * to {@code sink} (null: arrays read with {@code current()}).
     */
    public MissionCursor search(
            MissionSearch search, long maxRows, RowLayout layout, ClientMetrics metrics, RowSink sink) {
        return new MissionCursor(http, search, maxRows, layout, metrics, sink);
    }

    /**
     * The number of rows a search matches ({@code totalResults} of a one-row page).
     *
     * @return the count, or -1 when MAST's answer does not say
     */
    public long count(MissionSearch search, ClientMetrics metrics) {
        try (MissionCursor c =
                search(search.withPage(1, 0), 1, RowLayout.builder().build(), metrics)) {
            while (c.next()) {
                // one row at most
            }
            return c.totalResults();
        }
    }

    /**
     * Streams the products of at most {@value #PRODUCT_BATCH} datasets ({@code POST
     * /search/<mission>/api/v0.1/post_list_products}); ids are sent once each, in the given order.
     */
    public MissionProductsCursor products(
            String mission, List<String> datasetIds, RowLayout layout, ClientMetrics metrics) {
        return products(mission, datasetIds, layout, metrics, null);
    }

    /**
     * Streams the products of at most {@value #PRODUCT_BATCH} datasets like {@link #products(String, List,
     * RowLayout, ClientMetrics)}, handing each row to {@code sink} (null: arrays read with {@code current()}).
     */
    public MissionProductsCursor products(
            String mission, List<String> datasetIds, RowLayout layout, ClientMetrics metrics, RowSink sink) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(datasetIds));
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("No dataset ids to list products for");
        }
        if (distinct.size() > PRODUCT_BATCH) {
            throw new IllegalArgumentException(distinct.size() + " dataset ids in one post_list_products request: MAST"
                    + " takes at most " + PRODUCT_BATCH + "; split them into batches");
        }
        return new MissionProductsCursor(http, mission.toLowerCase(Locale.ROOT), distinct, layout, metrics, sink);
    }

    /**
     * The download URL of a product: {@code retrieve_product?product_name=<uri>} for the missions that
     * serve files through the Mission API (hst, jwst, roman and its spectra and CGI sets), MAST's
     * {@code Download/file?uri=} otherwise (which needs a full {@code mast:} URI).
     */
    public String retrieveProductUrl(String mission, String uri) {
        return productUrl(http.config().baseUrl(), mission, uri);
    }

    /** {@link #retrieveProductUrl} for a given base URL (no client needed). */
    public static String productUrl(String baseUrl, String mission, String uri) {
        String m = mission.toLowerCase(Locale.ROOT);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return switch (m) {
            case "hst", "jwst", "roman", "roman_spectra", "roman_cgi" ->
                base + "/search/" + encodePath(m) + "/api/v0.1/retrieve_product?product_name="
                        + URLEncoder.encode(uri, StandardCharsets.UTF_8).replace("+", "%20");
            default -> {
                if (!uri.startsWith("mast:")) {
                    throw new IllegalArgumentException("For mission \"" + m + "\", a full MAST URI is required"
                            + " (mast:...), not '" + uri + "'");
                }
                yield base + "/api/v0.1/Download/file?uri=" + uri;
            }
        };
    }

    static String productsPath(String mission) {
        return "/search/" + encodePath(mission) + "/api/v0.1/post_list_products";
    }

    static String productsBody(List<String> ids) {
        ArrayNode a = MAPPER.createArrayNode();
        ids.forEach(a::add);
        try {
            return MAPPER.writeValueAsString(MAPPER.createObjectNode().set("dataset_ids", a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
