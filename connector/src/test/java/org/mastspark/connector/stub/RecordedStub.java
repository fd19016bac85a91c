package org.mastspark.connector.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.mastspark.connector.client.http.MastClientConfig;

/**
 * A tiny local HTTP server for client tests: answers each path with what a test registers (typically a
 * recorded MAST response, astroquery's test data as shipped in the emulator's resources), and records
 * every request (method, path, query, content type, body). Not the emulator: no MAST logic beyond what
 * a test writes into its handler.
 */
public final class RecordedStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded request. */
    public record Request(String method, String path, String query, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An answer: status and body bytes. */
    public record Answer(int status, byte[] body) {
        public static Answer ok(String body) {
            return new Answer(200, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public RecordedStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "recorded-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A client configuration for this stub whose retries wait 1 ms, then at most 5 ms. */
    public MastClientConfig quickRetries() {
        return MastClientConfig.builder()
                .baseUrl(baseUrl())
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .build();
    }

    /** Answers a path (exact, without the query) with a handler. */
    public RecordedStub on(String path, Function<Request, Answer> handler) {
        routes.put(path, handler);
        return this;
    }

    /** Answers a path with a recorded file, always. */
    public RecordedStub onFile(String path, String recordedFile) {
        String body = recorded(recordedFile);
        return on(path, r -> Answer.ok(body));
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public void clear() {
        requests.clear();
    }

    /** A recorded MAST response (astroquery's test data) as text. */
    public static String recorded(String file) {
        try (InputStream in = RecordedStub.class.getResourceAsStream("/org/mastspark/emulator/recorded/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode recordedJson(String file) {
        try {
            return JSON.readTree(recorded(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A handler answering {@code recorded} with its array {@code field} cut to the rows a Mission Search request's
     * {@code limit} and {@code offset} ask (nothing else of the request is applied).
     */
    public static Function<Request, Answer> pagedByLimitAndOffset(JsonNode recorded, String field) {
        return r -> {
            JsonNode body = r.json();
            int offset = body.path("offset").asInt();
            return slice(recorded, field, offset, offset + body.path("limit").asInt());
        };
    }

    /**
     * A handler answering {@code recorded} with its array {@code field} cut to the rows a Pan-STARRS request's
     * {@code page} (from 1) and {@code pagesize} ask (nothing else of the request is applied).
     */
    public static Function<Request, Answer> pagedByPageAndSize(JsonNode recorded, String field) {
        return r -> {
            JsonNode body = r.json();
            int page = body.path("page").asInt();
            int size = body.path("pagesize").asInt();
            return slice(recorded, field, (page - 1) * size, page * size);
        };
    }

    /** {@code recorded} with its array {@code field} cut to elements [from, to) (fewer at its end). */
    private static Answer slice(JsonNode recorded, String field, int from, int to) {
        ObjectNode answer = recorded.deepCopy();
        ArrayNode rows = answer.putArray(field);
        for (int i = from; i < Math.min(to, recorded.path(field).size()); i++) {
            rows.add(recorded.path(field).get(i));
        }
        return Answer.ok(answer.toString());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request r = new Request(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    body);
            requests.add(r);
            Function<Request, Answer> h = routes.get(r.path());
            Answer a = h == null
                    ? new Answer(404, "{\"error\": \"no route\"}".getBytes(StandardCharsets.UTF_8))
                    : h.apply(r);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(a.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
