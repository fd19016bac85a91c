package org.mastspark.connector.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * The transport itself against the emulator and a tiny counting server: request slots on every path,
 * the concurrency limit following the setting, shared pools, redirects and where the token goes.
 */
class MastHttpTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(5).scale(0.01).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clean() {
        mast.faults().reset();
        mast.requestLog().clear();
    }

    private static MastClientConfig.Builder config(String baseUrl) {
        return MastClientConfig.builder()
                .baseUrl(baseUrl)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(2))
                .maxAttempts(2);
    }

    private static String whoami(MastHttp http) throws IOException {
        try (MastHttp.Response r = http.get("whoami", "/whoami", -1, new ClientMetrics());
                InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A POST whose body fails to be written with the given throwable, as a missing class would. */
    private static HttpPost failingPost(String baseUrl, Throwable failure) {
        HttpPost post = new HttpPost(baseUrl + "/api/v0/invoke");
        post.setEntity(new AbstractHttpEntity(ContentType.APPLICATION_FORM_URLENCODED, null) {
            @Override
            public InputStream getContent() {
                throw new UnsupportedOperationException("this request body is only ever written, never read back");
            }

            @Override
            public void writeTo(OutputStream out) {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }

            @Override
            public long getContentLength() {
                return 10;
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public boolean isStreaming() {
                return false;
            }

            @Override
            public void close() {}
        });
        return post;
    }

    @Test
    void aRequestSlotIsReturnedWhateverTheRequestThrows() throws Exception {
        // One slot and a 1 s wait for it: a slot lost by the failed request would fail the next one.
        MastHttp http = MastHttp.shared(config(mast.baseUrl())
                .maxConcurrentRequests(1)
                .readTimeout(Duration.ofSeconds(1))
                .build());
        IllegalStateException bug = new IllegalStateException("a bug in a request body");
        assertThatThrownBy(() -> http.sendOnce("Portal request", failingPost(mast.baseUrl(), bug), new ClientMetrics()))
                .isSameAs(bug);
        assertThat(MastHttp.openRequests(mast.baseUrl())).isZero();
        assertThat(whoami(http)).contains("\"ezid\":\"anonymous\"");

        // An Error (a class missing from the class path) also makes HttpClient close the connection pool.
        NoClassDefFoundError missingJar = new NoClassDefFoundError("org/example/Missing");
        assertThatThrownBy(() ->
                        http.sendOnce("Portal request", failingPost(mast.baseUrl(), missingJar), new ClientMetrics()))
                .isSameAs(missingJar);
        assertThat(MastHttp.openRequests(mast.baseUrl())).isZero();
        assertThat(whoami(http)).contains("\"ezid\":\"anonymous\"");
        assertThat(MastHttp.openRequests(mast.baseUrl())).isZero();
    }

    @Test
    void clientsWithDistinctTokensAndTimeoutsShareOnePoolPerEndpoint() throws Exception {
        // other tests' endpoints may still be open (until idle for a minute)
        List<String> before = MastHttp.endpoints();
        for (int i = 0; i < 30; i++) {
            MastHttp http = MastHttp.shared(config(mast.baseUrl())
                    .token("token-" + i)
                    .readTimeout(Duration.ofSeconds(10 + i))
                    .maxAttempts(1 + i % 5)
                    .maxConcurrentRequests(1 + i % 8)
                    .build());
            assertThat(whoami(http)).contains("\"ezid\":\"anonymous\"");
        }
        List<String> after = MastHttp.endpoints();
        assertThat(after).contains(mast.baseUrl());
        assertThat(after.size()).isLessThanOrEqualTo(before.size() + 1);
        assertThat(transportThreads()).hasSizeLessThanOrEqualTo(1);

        // A pool nobody used for a while is closed (here: nobody uses it now), and comes back on demand.
        MastHttp.closeIdleEndpoints(Duration.ZERO);
        assertThat(MastHttp.endpoints()).doesNotContain(mast.baseUrl());
        assertThat(whoami(MastHttp.shared(config(mast.baseUrl()).build()))).contains("anonymous");
        assertThat(MastHttp.endpoints()).contains(mast.baseUrl());
    }

    /** Threads of HttpClient's idle-connection evictors and of our own pool reaper. */
    private static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("idle-connection-evictor") || n.startsWith("mast-http"))
                .toList();
    }

    @Test
    void anOpenResponseKeepsItsPoolOpen() throws Exception {
        MastHttp http = MastHttp.shared(config(mast.baseUrl()).build());
        try (MastHttp.Response r = http.get("whoami", "/whoami", -1, new ClientMetrics())) {
            MastHttp.closeIdleEndpoints(Duration.ZERO);
            assertThat(MastHttp.endpoints()).contains(mast.baseUrl());
            assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("anonymous");
        }
        MastHttp.closeIdleEndpoints(Duration.ZERO);
        assertThat(MastHttp.endpoints()).doesNotContain(mast.baseUrl());
    }

    @Test
    void theConcurrencyLimitFollowsTheSettingInEitherOrder() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger target = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            int now = open.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            try {
                // Wait until as many requests are open as the limit allows (or 2 s), then hold a moment, so
                // that the observed maximum is the limit exactly, or shows it exceeded.
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (open.get() < target.get() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.decrementAndGet();
            ex.sendResponseHeaders(200, 2);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("{}".getBytes(StandardCharsets.US_ASCII));
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Integer> observed = new ArrayList<>();
            for (int limit : new int[] {1, 4, 1}) {
                MastHttp http = MastHttp.shared(config(url)
                        .maxConcurrentRequests(limit)
                        .readTimeout(Duration.ofSeconds(30))
                        .build());
                target.set(limit);
                max.set(0);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(callers.submit(() -> {
                        try (MastHttp.Response r = http.get("call", "/x", -1, new ClientMetrics())) {
                            r.body().readAllBytes();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : calls) {
                    f.get(60, TimeUnit.SECONDS);
                }
                observed.add(max.get());
            }
            assertThat(observed).containsExactly(1, 4, 1);
        } finally {
            callers.shutdownNow();
            server.stop(0);
        }
    }

    @Test
    void redirectsAreFollowedAndTheTokenStaysOnMastsOwnHost() throws Exception {
        String token = "redirect-token-77";
        mast.addToken(token, "alice");
        MastHttp http = MastHttp.shared(config(mast.baseUrl()).token(token).build());

        // Same host: the token goes along (whoami names the user at the end of the redirect).
        mast.faults().pathPrefix("/whoami").redirectTo(mast.baseUrl() + MastEmulator.MOVED_PREFIX);
        assertThat(whoami(http)).contains("\"ezid\":\"alice\"");
        assertThat(mast.requestLog().entries())
                .extracting(e -> e.status() + " " + e.path() + " " + e.withToken())
                .containsExactly("302 /whoami true", "200 /whoami true");

        // Another host (another port is another origin): it never sees the token.
        try (MastEmulator other = MastEmulator.builder().seed(5).scale(0.01).build()) {
            other.addToken(token, "alice");
            mast.requestLog().clear();
            mast.faults().redirectTo(other.baseUrl());
            assertThat(whoami(http)).contains("\"ezid\":\"anonymous\"");
            assertThat(mast.requestLog().entries())
                    .extracting(RequestLog.Entry::withToken)
                    .containsExactly(true);
            assertThat(other.requestLog().entries())
                    .extracting(e -> e.status() + " " + e.path() + " " + e.withToken())
                    .containsExactly("200 /whoami false");
        }
    }

    @Test
    void endlessRedirectsEndWithAnErrorNamingTheLimit() {
        mast.faults().pathPrefix("/whoami").redirectTo(mast.baseUrl());
        MastHttp http = MastHttp.shared(config(mast.baseUrl()).build());
        assertThatThrownBy(() -> whoami(http))
                .isInstanceOf(MastHttpException.class)
                .hasMessage("whoami failed: HTTP 302: more than " + MastHttp.MAX_REDIRECTS + " redirects (the last to "
                        + mast.baseUrl() + "/whoami)");
        assertThat(mast.requestLog().count(e -> e.status() == 302)).isEqualTo(MastHttp.MAX_REDIRECTS + 1);
        assertThat(MastHttp.openRequests(mast.baseUrl())).isZero();
    }
}
