package org.mastspark.connector.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * Brute-force access to the emulator's synthetic observations for tests: every observation in a
 * declination band, fetched with the JDK's own HTTP client (not the connector's) so that expectations
 * are computed independently of the code under test, then filtered in Java by the test.
 */
public final class EmulatorData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private EmulatorData() {}

    /** Every observation with s_dec in [lo, hi], all columns, as JSON objects. */
    static List<JsonNode> observationsInDecBand(String baseUrl, double lo, double hi) throws Exception {
        String request = "{\"service\": \"Mast.Caom.Filtered\", \"params\": {\"columns\": \"*\", \"filters\": "
                + "[{\"paramName\": \"s_dec\", \"values\": [{\"min\": " + lo + ", \"max\": " + hi + "}]}]}, "
                + "\"format\": \"json\", \"pagesize\": 400000, \"page\": 1, \"cacheBreaker\": \"" + UUID.randomUUID()
                + "\"}";
        HttpRequest http = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v0/invoke"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "request=" + URLEncoder.encode(request, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (!"COMPLETE".equals(answer.path("status").asText())) {
            throw new IllegalStateException("emulator answered " + answer.path("status") + " " + answer.path("msg"));
        }
        List<JsonNode> rows = new ArrayList<>();
        answer.path("data").forEach(rows::add);
        if (rows.size() != answer.path("paging").path("rowsFiltered").asInt()) {
            throw new IllegalStateException("band holds more rows than one page: narrow it");
        }
        return rows;
    }

    /** The bodies of the requests to {@code path} in the emulator's request log, oldest first, as JSON. */
    public static List<JsonNode> loggedBodies(MastEmulator mast, String path) {
        List<JsonNode> out = new ArrayList<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            if (e.path().equals(path)) {
                try {
                    out.add(JSON.readTree(e.request()));
                } catch (Exception ex) {
                    throw new AssertionError("unreadable logged body " + e.request(), ex);
                }
            }
        }
        return out;
    }

    /** Great-circle distance in degrees (haversine), written here independently of the emulator. */
    static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double dp = p2 - p1;
        double dl = Math.toRadians(ra2 - ra1);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(a))));
    }
}
