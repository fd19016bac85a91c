package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.sky.MastQueryException;

/**
 * {@link Exchange#parameters()} on real HTTP requests: a bare JDK server whose one handler reads the parameters
 * and answers them as text ({@code key=[values]} per line, then the logged request), or the error's message.
 */
class ExchangeTest {
    private static HttpServer server;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", http -> {
            Exchange ex = new Exchange(http, new Faults(1));
            StringBuilder sb = new StringBuilder();
            try {
                for (Map.Entry<String, List<String>> e : ex.parameters().entrySet()) {
                    sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
                }
                sb.append("logged: ").append(ex.logged);
            } catch (MastQueryException e) {
                sb.append("error: ").append(e.getMessage());
            }
            ex.sendBytes(
                    200, "text/plain; charset=utf-8", sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/p";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String send(String method, String query, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + (query == null ? "" : "?" + query)));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void queryStringKeysAreDecodedAndRepeatedKeysKeepTheirOrder() throws Exception {
        assertThat(send("GET", "b=2&a%20b=x+y&b=%C3%A9&&flag&c=", null, null))
                .isEqualTo("b=[2, é]\na b=[x y]\nflag=[]\nc=[]\nlogged: b=2&a%20b=x+y&b=%C3%A9&&flag&c=");
    }

    @Test
    void aFormPostAddsTheBodyAfterTheQueryString() throws Exception {
        assertThat(send("POST", "ra=1&survey=a", "application/x-www-form-urlencoded", "survey=b&dec=-2%2E5"))
                .isEqualTo("ra=[1]\nsurvey=[a, b]\ndec=[-2.5]\nlogged: ra=1&survey=a survey=b&dec=-2%2E5");
        assertThat(send("POST", null, "application/x-www-form-urlencoded", "x=1"))
                .isEqualTo("x=[1]\nlogged: x=1");
    }

    @Test
    void aJsonPostGivesOneValuePerArrayElementAndNoneForNull() throws Exception {
        String body = "{\"ra\": 1.5, \"survey\": [\"a\", \"b\"], \"none\": null, \"name\": \"M 31\"}";
        assertThat(send("POST", "ra=0", "application/json", body))
                .isEqualTo("ra=[0, 1.5]\nsurvey=[a, b]\nnone=[]\nname=[M 31]\nlogged: ra=0 " + body);
        // a body starting with a brace is JSON whatever its content type
        assertThat(send("POST", null, "application/x-www-form-urlencoded", " {\"x\": [1, 2]}"))
                .isEqualTo("x=[1, 2]\nlogged:  {\"x\": [1, 2]}");
    }

    @Test
    void aBodyIsOnlyReadForAPost() throws Exception {
        assertThat(send("PUT", "a=1", "application/x-www-form-urlencoded", "b=2"))
                .isEqualTo("a=[1]\nlogged: a=1");
    }

    @Test
    void aJsonBodyThatIsNotAnObjectIsRefused() throws Exception {
        assertThat(send("POST", null, "application/json", "{\"x\": "))
                .isEqualTo("error: The request body is not valid JSON");
        assertThat(send("POST", null, "application/json", "[1, 2]"))
                .isEqualTo("error: The JSON body must be an object of parameters");
    }

    @Test
    void oneParameterOfAFormText() {
        assertThat(Exchange.params("uri=a%2Fb&x=1&uri=c+d&uri", "uri")).containsExactly("a/b", "c d", "");
        assertThat(Exchange.params("x=1", "uri")).isEmpty();
        assertThat(Exchange.params(null, "uri")).isEmpty();
    }
}
