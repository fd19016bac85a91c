package org.mastspark.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks an emulator process over plain HTTP, as MAST's own clients do, without the connector: the independent
 * side of the cluster test's checks and of the benchmark's row counts.
 */
final class EmulatorHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;

    EmulatorHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A Portal request's whole answer (one page of up to {@code pagesize} rows). */
    JsonNode portal(String service, ObjectNode params, int pagesize) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("service", service);
        request.set("params", params);
        request.put("format", "json");
        request.put("pagesize", pagesize);
        request.put("page", 1);
        String body = "request=" + URLEncoder.encode(JSON.writeValueAsString(request), StandardCharsets.UTF_8);
        HttpResponse<byte[]> resp = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/v0/invoke"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IOException(service + " answered HTTP " + resp.statusCode());
        }
        JsonNode answer = JSON.readTree(resp.body());
        if (!answer.path("status").asText().equals("COMPLETE")) {
            throw new IOException(service + " answered " + answer.path("status") + ": " + answer.path("msg"));
        }
        return answer;
    }

    /** SANTA's entries for a name (empty when it knows none). */
    JsonNode santa(String name) throws IOException, InterruptedException {
        String url = baseUrl + "/Santa-war/query?outputFormat=json&resolveAll=False&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpResponse<String> resp =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException("SANTA answered HTTP " + resp.statusCode() + " for " + name);
        }
        return JSON.readTree(resp.body()).path("resolvedCoordinate");
    }

    /** A product's bytes from {@code Download/file}. */
    byte[] download(String uri) throws IOException, InterruptedException {
        String url = baseUrl + "/api/v0.1/Download/file?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
        HttpResponse<byte[]> resp =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IOException("Download/file answered HTTP " + resp.statusCode() + " for " + uri);
        }
        return resp.body();
    }

    /**
     * Reads every page (50,000 rows each) of a {@code Mast.Caom.Filtered} query and discards the rows, as a
     * client that only wants the emulator to serve them.
     *
     * @return the rows served
     */
    long drainObservations(String params) throws IOException, InterruptedException {
        String cacheBreaker = java.util.UUID.randomUUID().toString();
        long rows = 0;
        for (int page = 1; ; page++) {
            String request = "{\"service\": \"Mast.Caom.Filtered\", \"params\": " + params + ", \"format\": \"json\","
                    + " \"pagesize\": 50000, \"page\": " + page + ", \"cacheBreaker\": \"" + cacheBreaker + "\"}";
            HttpResponse<java.io.InputStream> resp = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/v0/invoke"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "request=" + URLEncoder.encode(request, StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long n = 0;
            try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(resp.body())) {
                while (p.nextToken() != null) {
                    if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                            && p.currentName().equals("data")
                            && p.getParsingContext().getParent().inRoot()) {
                        p.nextToken();
                        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                            p.skipChildren();
                            n++;
                        }
                    }
                }
            }
            rows += n;
            if (n < 50_000) {
                return rows;
            }
        }
    }

    /** How many CAOM observations have {@code lo <= s_dec <= hi} ({@code COUNT_BIG(*)}). */
    long countObservations(double lo, double hi) throws IOException, InterruptedException {
        ObjectNode params = JSON.createObjectNode();
        params.put("columns", "COUNT_BIG(*)");
        ObjectNode f = params.putArray("filters").addObject();
        f.put("paramName", "s_dec");
        f.putArray("values").addObject().put("min", lo).put("max", hi);
        return portal("Mast.Caom.Filtered", params, 1)
                .path("data")
                .path(0)
                .path("Column1")
                .asLong();
    }
}
