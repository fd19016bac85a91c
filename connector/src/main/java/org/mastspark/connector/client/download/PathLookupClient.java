package org.mastspark.connector.client.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.http.RateLimiter;

/**
 * MAST's {@code path_lookup}: where products live in the public cloud bucket. At most {@link #BATCH} URIs
 * per request (MAST answers 414 beyond that), as astroquery's {@code get_cloud_paths} batches them. No Spark
 * imports; thread safe.
 */
public final class PathLookupClient {
    /** URIs per request. */
    public static final int BATCH = 40;
    /** The endpoint, relative to the base URL. */
    public static final String PATH = "/api/v0.1/path_lookup/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MastHttp http;
    private final RateLimiter limiter;

    public PathLookupClient(MastClientConfig config, RateLimiter limiter) {
        this.http = MastHttp.shared(config);
        this.limiter = limiter;
    }

    /**
     * The cloud path (e.g. {@code /hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits}) of each URI MAST knows
     * to be in the cloud; URIs it answers with another status, or not at all, are absent from the map.
     * Duplicates are asked once.
     */
    public Map<String, String> lookup(Collection<String> dataUris, ClientMetrics metrics) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(dataUris));
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += BATCH) {
            List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + BATCH));
            StringBuilder q = new StringBuilder(PATH).append('?');
            for (String u : batch) {
                q.append("uri=").append(URLEncoder.encode(u, StandardCharsets.UTF_8));
                q.append('&');
            }
            q.append("use_cloud_path=True");
            String what = "path_lookup (" + batch.size() + " URIs from " + batch.get(0) + ")";
            limiter.acquire();
            JsonNode answer;
            try (MastHttp.Response r = http.get(what, q.toString(), 0, metrics);
                    InputStream in = r.body()) {
                answer = JSON.readTree(in);
            } catch (IOException e) {
                throw new MastException(what + ": unreadable answer: " + http.failure(e), e);
            }
            if (answer == null || !answer.isObject()) {
                throw new MastException(what + ": expected a JSON object keyed by URI");
            }
            for (String u : batch) {
                JsonNode e = answer.get(u);
                if (e != null
                        && e.path("status_code").asInt() == 200
                        && e.path("path").isTextual()
                        && !e.path("path").asText().isBlank()) {
                    out.put(u, e.path("path").asText());
                }
            }
        }
        return out;
    }
}
