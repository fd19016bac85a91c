package org.mastspark.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mastspark.emulator.sky.MastQueryException;

/**
 * One request being answered: its parsed parts and a response body that carries the injected faults
 * (bandwidth cap, mid-body reset, truncation). Not thread safe; one per request.
 */
final class Exchange {
    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpExchange http;
    final String method;
    final String path;
    final String rawQuery;
    /** Asked under {@link MastEmulator#MOVED_PREFIX} (the target of a same-host redirect): never redirected. */
    final boolean moved;

    private final Faults faults;
    private final boolean faulty;
    private byte[] body;
    private FaultyOutputStream out;
    int status;
    long rows = -1;
    String service;
    String logged = "";
    /** When the request arrived ({@link System#nanoTime()}). */
    final long startNanos = System.nanoTime();
    /** The cutout service whose limits apply, or null. */
    String cutoutService;
    /** When the cutout limits admitted the request, -1 if not (yet). */
    long admittedNanos = -1;
    /** When an admitted cutout request released its slot; 0 until then. */
    long endNanos;

    Exchange(HttpExchange http, Faults faults) {
        this.http = http;
        this.method = http.getRequestMethod();
        String raw = http.getRequestURI().getRawPath();
        this.moved = raw.startsWith(MastEmulator.MOVED_PREFIX + "/");
        this.path = moved ? raw.substring(MastEmulator.MOVED_PREFIX.length()) : raw;
        String q = http.getRequestURI().getRawQuery();
        this.rawQuery = q == null ? "" : q;
        this.faults = faults;
        this.faulty = faults.applies(path);
    }

    byte[] body() throws IOException {
        if (body == null) {
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
        }
        return body;
    }

    String bodyText() throws IOException {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * The request's parameters: those of the query string, then, for a POST, those of the body, a JSON object
     * (by its Content-Type or its leading brace; array values give one value each, nulls none) or a form. Keys
     * keep their spelling and order; a repeated key's values are in the order sent. Records the request as
     * logged (query string and body).
     *
     * @throws MastQueryException for a JSON body that does not parse or is not an object
     */
    Map<String, List<String>> parameters() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        addForm(out, rawQuery);
        String body = method.equals("POST") ? bodyText() : "";
        String type = String.valueOf(http.getRequestHeaders().getFirst("Content-Type"))
                .toLowerCase(Locale.ROOT);
        if (!body.isBlank() && (type.contains("json") || body.trim().startsWith("{"))) {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                throw new MastQueryException("The request body is not valid JSON");
            }
            if (json == null || !json.isObject()) {
                throw new MastQueryException("The JSON body must be an object of parameters");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> values = out.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> values.add(v.asText()));
                } else if (!e.getValue().isNull()) {
                    values.add(e.getValue().asText());
                }
            }
        } else {
            addForm(out, body);
        }
        logged = (rawQuery.isEmpty() ? "" : rawQuery + (body.isEmpty() ? "" : " ")) + body;
        return out;
    }

    /** Adds the pairs of an x-www-form-urlencoded text (query string or body), decoded; empty pairs skipped. */
    private static void addForm(Map<String, List<String>> out, String form) {
        if (form == null || form.isBlank()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
    }

    /** Values of a parameter in an x-www-form-urlencoded text (query string or body), decoded. */
    static List<String> params(String form, String name) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        addForm(all, form);
        return new ArrayList<>(all.getOrDefault(name, List.of()));
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    String cookie(String name) {
        for (String header : http.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return part.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    /**
     * Sends the status line and headers and returns the body stream.
     *
     * @param length the body length, 0 for chunked (unknown), -1 for none
     * @param truncatable whether this body may be cut short as "truncated JSON"
     */
    OutputStream start(int code, String contentType, long length, boolean truncatable) throws IOException {
        status = code;
        if (contentType != null) {
            http.getResponseHeaders().set("Content-Type", contentType);
        }
        http.sendResponseHeaders(code, length);
        long reset = -1;
        long truncate = -1;
        if (faulty && length >= 0 && code < 300) {
            reset = faults.drawReset(length);
            if (reset == -1 && truncatable && length == 0 && faults.drawTruncation()) {
                truncate = faults.drawCutPoint();
            }
        }
        out = new FaultyOutputStream(
                http.getResponseBody(), faulty ? faults.bandwidthBytesPerSecond() : 0, reset, truncate, faults);
        return new BufferedOutputStream(out, 64 * 1024);
    }

    void sendBytes(int code, String contentType, byte[] bytes) throws IOException {
        // JSON goes chunked so that a "truncated JSON" fault can end it early without a length mismatch.
        boolean json = contentType != null && contentType.contains("json");
        try (OutputStream o = start(code, contentType, bytes.length == 0 ? -1 : json ? 0 : bytes.length, json)) {
            o.write(bytes);
        }
    }

    void sendJson(int code, String json) throws IOException {
        sendBytes(code, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }
}
