package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain JDK HTTP client speaking to the emulator as astroquery does (Python-quoted form bodies). */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    /** Python's urllib.parse.quote(s): unreserved characters and '/' kept, everything else %XX. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    static HttpResponse<String> invoke(String baseUrl, String requestJson) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/v0/invoke"))
                        .header("Content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("request=" + quote(requestJson)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode invokeJson(String baseUrl, String requestJson) throws IOException, InterruptedException {
        HttpResponse<String> r = invoke(baseUrl, requestJson);
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** A Portal request as astroquery formats it. */
    static String request(String service, String params, int pagesize, int page, String cacheBreaker) {
        return "{\"service\": \"" + service + "\", \"params\": " + params + ", \"format\": \"json\", \"pagesize\": "
                + pagesize + ", \"page\": " + page
                + (cacheBreaker == null ? "" : ", \"cacheBreaker\": \"" + cacheBreaker + "\"")
                + "}";
    }

    static HttpResponse<byte[]> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<Void> head(String url) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
