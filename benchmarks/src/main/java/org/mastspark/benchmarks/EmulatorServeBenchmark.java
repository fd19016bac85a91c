package org.mastspark.benchmarks;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.mastspark.emulator.MastEmulator;

/**
 * How fast the emulator serves CAOM pages: 50,000-row pages of one query over one keep-alive connection
 * to a client that reads and discards the bytes. The emulator must not be the bottleneck of the
 * connector's benchmarks (target: at least 200,000 rows/s).
 *
 * <p>{@code ./mvnw -B -q -pl benchmarks -am verify -DskipTests -Pbench
 * -Dbench.class=org.mastspark.benchmarks.EmulatorServeBenchmark [-Dbench.args="--scale 1.0 --pages 10"]}
 */
public final class EmulatorServeBenchmark {
    private EmulatorServeBenchmark() {}

    public static void main(String[] args) throws Exception {
        double scale = 1.0;
        int pages = 6;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[i + 1]);
                case "--pages" -> pages = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (MastEmulator mast = MastEmulator.builder().scale(scale).build()) {
            String params =
                    "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"s_dec\", \"values\": [{\"min\": -90, \"max\": -30}]}]}";
            String cacheBreaker = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            Result first = fetch(mast.baseUrl(), params, 1, cacheBreaker);
            double planning = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "emulator scale %.2f: query evaluated and first page served in %.2f s%n",
                    scale,
                    planning);
            long rows = 0;
            long bytes = 0;
            long start = System.nanoTime();
            if (first.rows != 50_000) {
                throw new IllegalStateException("first page held " + first.rows + " rows, expected 50,000");
            }
            for (int page = 2; page <= pages + 1; page++) {
                Result r = fetch(mast.baseUrl(), params, page, cacheBreaker);
                if (r.rows != 50_000) {
                    throw new IllegalStateException("page " + page + " held " + r.rows + " rows: query too small");
                }
                rows += r.rows;
                bytes += r.bytes;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "served %d CAOM rows in %d pages of 50,000 over one connection: %.2f s, %,.0f rows/s, %.1f MB/s"
                            + " (target >= 200,000 rows/s)%n",
                    rows,
                    pages,
                    seconds,
                    rows / seconds,
                    bytes / seconds / 1e6);
        }
    }

    private record Result(long rows, long bytes) {}

    /** Rows of one page, read and discarded. */
    static long fetchRows(String baseUrl, String params, int page, String cacheBreaker) throws Exception {
        return fetch(baseUrl, params, page, cacheBreaker).rows;
    }

    /** POSTs a Portal request the way astroquery does (form body {@code request=...}). */
    private static HttpURLConnection send(String baseUrl, String request) throws Exception {
        HttpURLConnection c = (HttpURLConnection)
                URI.create(baseUrl + "/api/v0/invoke").toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        c.getOutputStream()
                .write(("request=" + URLEncoder.encode(request, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        return c;
    }

    /** POSTs a Portal request and returns the answer's text. */
    static String post(String baseUrl, String request) throws Exception {
        HttpURLConnection c = send(baseUrl, request);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Result fetch(String baseUrl, String params, int page, String cacheBreaker) throws Exception {
        String request = "{\"service\": \"Mast.Caom.Filtered\", \"params\": " + params + ", \"format\": \"json\", "
                + "\"pagesize\": 50000, \"page\": " + page + ", \"cacheBreaker\": \"" + cacheBreaker + "\"}";
        HttpURLConnection c = send(baseUrl, request);
        long bytes = 0;
        long rows = 0;
        byte[] buf = new byte[256 * 1024];
        // Count rows by the key that opens each CAOM row object, across buffer boundaries.
        byte[] key = "{\"intentType\"".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        try (InputStream in = c.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == key[matched]) {
                        if (++matched == key.length) {
                            rows++;
                            matched = 0;
                        }
                    } else {
                        matched = buf[i] == key[0] ? 1 : 0;
                    }
                }
            }
        }
        return new Result(rows, bytes);
    }
}
