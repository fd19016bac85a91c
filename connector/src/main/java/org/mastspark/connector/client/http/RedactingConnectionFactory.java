package org.mastspark.connector.client.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.MessageHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpRequestWriterFactory;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.message.RequestLine;
import org.apache.hc.core5.http.message.StatusLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HttpClient connections that cannot log the MAST token. Once their loggers are at DEBUG, HttpClient's own
 * connections print every request header (logger {@code org.apache.hc.client5.http.headers}) and every
 * byte sent (logger {@code org.apache.hc.client5.http.wire}), the {@code mast_token} cookie included.
 * These never wrap their socket in the wire logger, and log headers to the same headers logger with the
 * values of {@code Cookie}, {@code Set-Cookie} and {@code Authorization} redacted
 * ({@code Cookie: mast_token=<redacted>}). Stateless and thread safe.
 */
final class RedactingConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {
    static final RedactingConnectionFactory INSTANCE = new RedactingConnectionFactory();

    private static final Logger HEADERS = LoggerFactory.getLogger("org.apache.hc.client5.http.headers");
    private static final AtomicLong COUNTER = new AtomicLong();

    private RedactingConnectionFactory() {}

    @Override
    public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
        Connection c = new Connection("http-outgoing-" + COUNTER.getAndIncrement());
        if (socket != null) {
            c.bind(socket);
        }
        return c;
    }

    /** A header's value as it may be logged. */
    static String redacted(Header h) {
        String name = h.getName();
        if (name.equalsIgnoreCase("Cookie")) {
            StringBuilder sb = new StringBuilder();
            for (String part : h.getValue().split(";")) {
                int eq = part.indexOf('=');
                sb.append(sb.length() == 0 ? "" : "; ")
                        .append((eq < 0 ? part : part.substring(0, eq)).trim())
                        .append("=<redacted>");
            }
            return sb.toString();
        }
        if (name.equalsIgnoreCase("Set-Cookie")
                || name.equalsIgnoreCase("Authorization")
                || name.equalsIgnoreCase("Proxy-Authorization")) {
            return "<redacted>";
        }
        return h.getValue();
    }

    /** HttpClient's connection without its wire log and with redacted header logging. */
    private static final class Connection extends DefaultManagedHttpClientConnection {
        Connection(String id) {
            super(
                    id,
                    null,
                    null,
                    Http1Config.DEFAULT,
                    null,
                    null,
                    DefaultHttpRequestWriterFactory.INSTANCE,
                    DefaultHttpResponseParserFactory.INSTANCE);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            // HttpClient's version wraps the socket in its wire logger when that logger is at DEBUG.
            bind(new SocketHolder(socket));
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            bind(new SocketHolder(sslSocket, socket));
        }

        @Override
        protected void onRequestSubmitted(ClassicHttpRequest request) {
            if (request != null && HEADERS.isDebugEnabled()) {
                logHeaders(">>", new RequestLine(request), request);
            }
        }

        @Override
        protected void onResponseReceived(ClassicHttpResponse response) {
            if (response != null && HEADERS.isDebugEnabled()) {
                logHeaders("<<", new StatusLine(response), response);
            }
        }

        /** Logs a message's first line and its headers, secrets redacted, marked with its direction. */
        private void logHeaders(String direction, Object firstLine, MessageHeaders message) {
            HEADERS.debug("{} {} {}", getId(), direction, firstLine);
            for (Header h : message.getHeaders()) {
                HEADERS.debug("{} {} {}: {}", getId(), direction, h.getName(), redacted(h));
            }
        }
    }
}
