package org.mastspark.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request being answered: its parsed parts and a response body that carries the injected faults
 * (bandwidth cap, mid-body reset, truncation). Not thread safe; one per request.
 */
final class Exchange {
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

    /** Values of a parameter in an x-www-form-urlencoded text (query string or body), decoded. */
    static List<String> params(String form, String name) {
        List<String> out = new ArrayList<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(k).equals(name)) {
                out.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
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
