package org.mastspark.connector.client.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.RateLimiter;

/**
 * The streaming download client against a tiny server that misbehaves in ways the emulator does not: it
 * ignores Range (answers 200 with the whole body) or answers a range other than the one asked.
 */
class DownloadClientTest {
    private static final byte[] BODY = new byte[300_000];

    static {
        new Random(7).nextBytes(BODY);
    }

    private HttpServer server;
    private final List<String> ranges = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves BODY; the first request breaks off after half; later ones answer per {@code mode}. */
    private String serve(String mode) throws Exception {
        AtomicInteger n = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v0.1/Download/file", ex -> {
            int i = n.incrementAndGet();
            String range = ex.getRequestHeaders().getFirst("Range");
            synchronized (ranges) {
                ranges.add(range == null ? "-" : range);
            }
            if (i == 1) {
                ex.sendResponseHeaders(200, BODY.length);
                OutputStream out = ex.getResponseBody();
                out.write(BODY, 0, BODY.length / 2);
                out.flush();
                // leave without completing: the server drops the connection mid-body
                throw new IOException("injected reset");
            }
            if (mode.equals("wrong-range") && range != null) {
                ex.getResponseHeaders().set("Content-Range", "bytes 10-" + (BODY.length - 1) + "/" + BODY.length);
                ex.sendResponseHeaders(206, BODY.length - 10);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(BODY, 10, BODY.length - 10);
                }
                return;
            }
            ex.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(BODY);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static DownloadClient client(String url) {
        return new DownloadClient(
                MastClientConfig.builder()
                        .baseUrl(url)
                        .initialBackoff(Duration.ofMillis(1))
                        .maxAttempts(5)
                        .build(),
                RateLimiter.perSecond(0));
    }

    /** A sink recording how it was opened. */
    private static final class Recording implements DownloadClient.Sink {
        final List<Boolean> opens = new ArrayList<>();
        ByteArrayOutputStream current;

        @Override
        public OutputStream open(boolean restart) {
            opens.add(restart);
            current = new ByteArrayOutputStream();
            return current;
        }
    }

    @Test
    void aServerIgnoringRangeMakesTheTransferRestartIntoAFreshSink() throws Exception {
        String url = serve("ignore-range");
        Recording sink = new Recording();
        DownloadClient.Transfer t = client(url).fetch("mast:X/product/f.fits", sink, new ClientMetrics());
        assertThat(sink.current.toByteArray()).isEqualTo(BODY);
        assertThat(sink.opens).containsExactly(false, true);
        assertThat(t.restarts()).isEqualTo(1);
        assertThat(t.resumes()).isZero();
        assertThat(t.requests()).isEqualTo(2);
        assertThat(t.bytes()).isEqualTo(BODY.length);
        assertThat(t.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(BODY)));
        assertThat(ranges).containsExactly("-", "bytes=" + (BODY.length / 2) + "-");
    }

    @Test
    void aRangeOtherThanTheOneAskedIsNotSplicedIn() throws Exception {
        String url = serve("wrong-range");
        Recording sink = new Recording();
        DownloadClient.Transfer t = client(url).fetch("mast:X/product/f.fits", sink, new ClientMetrics());
        assertThat(sink.current.toByteArray()).isEqualTo(BODY);
        assertThat(sink.opens).containsExactly(false, true);
        assertThat(t.restarts()).isEqualTo(1);
        // broken at half, asked from half, got a range from byte 10: discarded, then a plain GET
        assertThat(ranges).containsExactly("-", "bytes=" + (BODY.length / 2) + "-", "-");
    }

    @Test
    void contentRangeParsing() {
        assertThat(DownloadClient.contentRange("bytes 5-9/10")).containsExactly(5, 9, 10);
        assertThat(DownloadClient.contentRange("bytes 5-9/*")).containsExactly(5, 9, -1);
        assertThat(DownloadClient.contentRange("bytes */10")).isNull();
        assertThat(DownloadClient.contentRange(null)).isNull();
        assertThat(DownloadClient.filePath("mast:HLA/url/cgi-bin/fitscut.cgi?red=a&blue=b c"))
                .isEqualTo("/api/v0.1/Download/file?uri=mast:HLA/url/cgi-bin/fitscut.cgi%3Fred%3Da%26blue%3Db%20c");
    }

    @Test
    void downloadPathsPercentEncodeAsAstroqueryQuotes() {
        String s = "a b/c:d+e%f&g=h\u00e9~";
        // Download/file keeps ':' and '/'; retrieve_product keeps nothing but the unreserved characters
        assertThat(DownloadClient.filePath(s))
                .isEqualTo("/api/v0.1/Download/file?uri=a%20b/c:d%2Be%25f%26g%3Dh%C3%A9~");
        assertThat(DownloadClient.retrieveProductPath("hst", s))
                .isEqualTo("/search/hst/api/v0.1/retrieve_product?product_name=a%20b%2Fc%3Ad%2Be%25f%26g%3Dh%C3%A9~");
    }

    @Test
    void aSinkFailureIsNotRetriedAsANetworkError() throws Exception {
        String url = serve("ignore-range");
        DownloadClient.Sink broken = restart -> new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> client(url).fetch("mast:X/product/f.fits", broken, new ClientMetrics()))
                .isInstanceOf(DownloadClient.SinkException.class)
                .hasMessageContaining("disk full");
        assertThat(ranges).hasSize(1);
    }
}
