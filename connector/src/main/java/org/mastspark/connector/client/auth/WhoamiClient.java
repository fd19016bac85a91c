package org.mastspark.connector.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;

/**
 * MAST's session information: {@code GET {baseUrl}/whoami} with the token as the {@code mast_token} cookie, the
 * request astroquery's {@code session_info()} sends. MAST answers a JSON object ({@code ezid}, {@code eppn},
 * {@code attrib}, {@code anon}, {@code scopes}, {@code session}, {@code token}); the {@code token} member echoes
 * the token and is removed before the answer leaves this class. Thread safe.
 */
public final class WhoamiClient {
    /** The answer's member that carries the token itself; never returned. */
    public static final String TOKEN_MEMBER = "token";

    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);

    private final MastHttp http;

    /** A client of {@code config}'s base URL; the token, if any, goes as the {@code mast_token} cookie. */
    public WhoamiClient(MastClientConfig config) {
        this.http = MastHttp.shared(config);
    }

    /**
     * MAST's answer for the configured token, without its {@code token} member.
     *
     * @throws MastException when the request fails or the answer is not a JSON object
     */
    public ObjectNode whoami(ClientMetrics metrics) {
        String what = "MAST whoami";
        JsonNode answer;
        try (MastHttp.Response r = http.get(what, "/whoami", -1, metrics);
                InputStream in = r.body()) {
            answer = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new MastException(what + " failed: " + http.failure(e), e);
        }
        if (answer == null || !answer.isObject()) {
            throw new MastException(what + ": MAST's answer is not a JSON object");
        }
        ObjectNode o = (ObjectNode) answer;
        o.remove(TOKEN_MEMBER);
        return o;
    }
}
