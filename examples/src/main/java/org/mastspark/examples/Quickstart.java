package org.mastspark.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.mastspark.emulator.MastEmulator;

/**
 * The quickstart: starts the embedded MAST emulator (no network needed) and shows what it serves by
 * asking it what a MAST user asks first: a cone search around M101, its count, and the products of one
 * observation.
 *
 * <p>Run with {@code ./mvnw -B -q -pl examples -am verify -DskipTests -Pquickstart}. Pass
 * {@code -Dquickstart.baseUrl=http://127.0.0.1:8765} to use a running emulator instead of the embedded
 * one.
 */
public final class Quickstart {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Quickstart() {}

    public static void main(String[] args) throws Exception {
        String external = System.getProperty("quickstart.baseUrl", "");
        MastEmulator emulator = external.isBlank() ? MastEmulator.start() : null;
        try {
            String baseUrl = emulator != null ? emulator.baseUrl() : external;
            System.out.println("MAST emulator at " + baseUrl
                    + (emulator != null ? " (embedded, seed 42, scale 1.0)" : " (external)"));

            String cone = "{\"ra\": 210.802429, \"dec\": 54.34875, \"radius\": 0.2}";
            JsonNode count = invoke(
                    baseUrl,
                    "Mast.Caom.Filtered.Position",
                    "{\"columns\": \"COUNT_BIG(*)\", \"filters\": [], \"position\": \"210.802429, 54.34875, 0.2\"}",
                    1);
            System.out.println("Observations within 0.2 deg of M101: "
                    + count.path("data").path(0).path("Column1").asText());

            JsonNode page = invoke(baseUrl, "Mast.Caom.Cone", cone, 10);
            System.out.printf(
                    "First %d of %d rows (%d columns):%n",
                    page.path("data").size(),
                    page.path("paging").path("rowsFiltered").asLong(),
                    page.path("fields").size());
            System.out.printf(
                    "  %-14s %-12s %-22s %-16s %11s %11s%n",
                    "obsid", "collection", "instrument", "obs_id", "s_ra", "s_dec");
            for (JsonNode row : page.path("data")) {
                System.out.printf(
                        "  %-14s %-12s %-22s %-16s %11.5f %11.5f%n",
                        row.path("obsid").asText(),
                        row.path("obs_collection").asText(),
                        row.path("instrument_name").asText(),
                        row.path("obs_id").asText(),
                        row.path("s_ra").asDouble(),
                        row.path("s_dec").asDouble());
            }
            if (page.path("data").size() > 0) {
                String obsid = page.path("data").path(0).path("obsid").asText();
                JsonNode products = invoke(baseUrl, "Mast.Caom.Products", "{\"obsid\": \"" + obsid + "\"}", 50);
                System.out.println("Products of observation " + obsid + ":");
                for (JsonNode p : products.path("data")) {
                    System.out.printf(
                            "  %-60s %-10s %10d bytes%n",
                            p.path("dataURI").asText(),
                            p.path("productType").asText(),
                            p.path("size").asLong());
                }
            }
            System.out.println("Next: spark.read().format(\"mast\") over this emulator is not built yet;"
                    + " see README's status table.");
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    private static JsonNode invoke(String baseUrl, String service, String params, int pagesize) throws Exception {
        String request = "{\"service\": \"" + service + "\", \"params\": " + params
                + ", \"format\": \"json\", \"pagesize\": " + pagesize + ", \"page\": 1, \"cacheBreaker\": \""
                + UUID.randomUUID() + "\"}";
        HttpRequest http = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v0/invoke"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "request=" + URLEncoder.encode(request, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(service + " answered HTTP " + response.statusCode());
        }
        JsonNode json = JSON.readTree(response.body());
        if (!"COMPLETE".equals(json.path("status").asText())) {
            throw new IllegalStateException(service + " answered status "
                    + json.path("status").asText() + ": " + json.path("msg").asText());
        }
        return json;
    }
}
