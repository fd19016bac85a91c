package org.mastspark.connector.client.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.http.RateLimiter;
import org.mastspark.connector.client.http.RetryPolicy;
import org.mastspark.connector.client.http.UrlEncoding;

/**
 * Streams files from MAST's {@code Download/file} endpoint to a caller's output stream with bounded memory
 * (one 64 KiB buffer), computing the SHA-256 on the way. Requests are retried as every MAST request is
 * ({@link MastHttp}: 408/429/5xx and connection failures, exponential backoff with equal jitter, at least
 * {@code Retry-After}, {@code maxAttempts} attempts in all). A body broken off part way is resumed with
 * {@code Range: bytes=<written>-} when the server answers {@code 206} with a matching {@code Content-Range};
 * otherwise the transfer restarts from byte 0 into a freshly opened sink. The byte count is checked against
 * {@code Content-Length} (or the total of {@code Content-Range}).
 *
 * <p>Redirects are followed (at most {@value MastHttp#MAX_REDIRECTS}, {@code Range} kept); the token of the
 * configuration is sent as the {@code mast_token} cookie to MAST's own host only, never to the host of a
 * redirect elsewhere, and never appears in messages. Also the curl-script route
 * ({@code Download/bundle.sh}). No Spark imports; thread safe.
 */
public final class DownloadClient {
    /** MAST's file download endpoint. */
    public static final String FILE_PATH = "/api/v0.1/Download/file";
    /** MAST's curl-script endpoint. */
    public static final String BUNDLE_PATH = "/api/v0.1/Download/bundle.sh";

    private static final int BUFFER = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final MastHttp http;
    private final RateLimiter limiter;

    /**
     * @param config where MAST is, timeouts, retries, token
     * @param limiter spacing of requests (shared by the threads of one task); {@link RateLimiter#perSecond}(0)
     *     for none
     */
    public DownloadClient(MastClientConfig config, RateLimiter limiter) {
        this.http = MastHttp.shared(config);
        this.limiter = limiter;
    }

    public MastClientConfig config() {
        return http.config();
    }

    /** Where a file is sent to: the destination, opened afresh on restart. */
    public interface Sink {
        /**
         * Opens the destination stream. {@code restart} is true when bytes written before must be discarded
         * (the server could not resume): the sink then abandons the previous stream and opens a new one.
         */
        OutputStream open(boolean restart) throws IOException;
    }

    /** The destination failed (not the network): never retried here. */
    public static final class SinkException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        public SinkException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * A finished transfer.
     *
     * @param bytes bytes written to the sink (the whole file)
     * @param contentLength the length MAST announced, or -1 when it sent none
     * @param requests GET requests sent (the first included)
     * @param resumes times a broken body was continued with {@code Range}
     * @param restarts times the transfer started again from byte 0
     * @param sha256 lower-case hex SHA-256 of the bytes
     */
    public record Transfer(long bytes, long contentLength, int requests, int resumes, int restarts, String sha256) {}

    /** The path and query of a file's download URL (the URI percent-encoded, {@code :} and {@code /} kept). */
    public static String filePath(String dataUri) {
        return FILE_PATH + "?uri=" + UrlEncoding.encode(dataUri, ":/");
    }

    /**
     * The size MAST announces for a file ({@code HEAD}), or -1 when it sends no {@code Content-Length}.
     *
     * @throws MastHttpException for 401/403/404 and HTTP errors outlasting the retries
     */
    public long contentLength(String dataUri, ClientMetrics metrics) {
        return contentLength("Download/file " + dataUri, filePath(dataUri), metrics);
    }

    /**
     * The size a download URL announces ({@code HEAD}), or -1 when it sends no {@code Content-Length}.
     *
     * @param what the request as named in messages
     * @param pathAndQuery the URL's path and query under the base URL, e.g. {@link #retrieveProductPath}
     */
    public long contentLength(String what, String pathAndQuery, ClientMetrics metrics) {
        limiter.acquire();
        try (MastHttp.Response r = http.head("HEAD " + what, pathAndQuery, metrics)) {
            return parseLong(r.header("Content-Length"));
        }
    }

    /**
     * The path and query of a Mission Search product download ({@code hst}, {@code jwst}, {@code roman}, ...):
     * {@code /search/<mission>/api/v0.1/retrieve_product?product_name=<dataset>/<file>}, the product name
     * percent-encoded with nothing kept ({@code /} as {@code %2F}), as astroquery sends it.
     */
    public static String retrieveProductPath(String mission, String productName) {
        return "/search/" + mission + "/api/v0.1/retrieve_product?product_name=" + UrlEncoding.encode(productName, "");
    }

    /**
     * Downloads one file into the sink.
     *
     * @throws MastHttpException for HTTP errors that retrying does not cure (401, 403, 404, ...) or that
     *     outlasted the retries
     * @throws MastException when the connection failed on every attempt
     * @throws SinkException when writing to the destination failed
     */
    public Transfer fetch(String dataUri, Sink sink, ClientMetrics metrics) {
        return fetch("Download/file " + dataUri, filePath(dataUri), sink, metrics);
    }

    /**
     * Downloads one file from any MAST download URL that answers as {@code Download/file} does
     * ({@code Content-Length}, {@code Range}), e.g. {@link #retrieveProductPath}.
     *
     * @param what the request as named in messages
     * @param pathAndQuery the URL's path and query under the base URL
     */
    public Transfer fetch(String what, String pathAndQuery, Sink sink, ClientMetrics metrics) {
        MessageDigest digest = sha256();
        OutputStream out = null;
        long written = 0;
        long total = -1;
        int requests = 0;
        int resumes = 0;
        int restarts = 0;
        int max = http.config().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            HttpGet get = new HttpGet(http.config().baseUrl() + pathAndQuery);
            if (written > 0) {
                get.setHeader("Range", "bytes=" + written + "-");
            }
            requests++;
            String failure;
            String retryAfter = null;
            try (MastHttp.Response r = http.sendOnce(what, get, metrics)) {
                long length = parseLong(r.header("Content-Length"));
                if (written > 0) {
                    long[] range = r.status() == 206 ? contentRange(r.header("Content-Range")) : null;
                    if (range != null && range[0] == written) {
                        resumes++;
                        total = range[2] >= 0 ? range[2] : total;
                    } else if (r.status() == 200) {
                        restarts++;
                        written = 0;
                        digest.reset();
                        out = openSink(sink, true);
                        total = length;
                    } else {
                        // A range we did not ask for: start again from byte 0 with a plain GET.
                        failure = "HTTP " + r.status() + " with Content-Range '" + r.header("Content-Range")
                                + "' for a request from byte " + written;
                        restarts++;
                        written = 0;
                        digest.reset();
                        out = openSink(sink, true);
                        http.waitBeforeRetry(what, attempt, null, failure, metrics);
                        continue;
                    }
                } else {
                    if (r.status() != 200) {
                        throw new MastHttpException(what, r.status(), "expected 200 for a download without Range");
                    }
                    total = length;
                    if (out == null) {
                        out = openSink(sink, false);
                    }
                }
                byte[] buf = new byte[BUFFER];
                try (InputStream in = r.body()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (n == 0) {
                            continue;
                        }
                        if (total >= 0 && written + n > total) {
                            throw new IOException("MAST sent more than the announced " + total + " bytes");
                        }
                        write(out, buf, n);
                        digest.update(buf, 0, n);
                        written += n;
                    }
                }
                if (total < 0 || written == total) {
                    return new Transfer(
                            written,
                            total,
                            requests,
                            resumes,
                            restarts,
                            HexFormat.of().formatHex(digest.digest()));
                }
                failure = "body ended after " + written + " of " + total + " bytes";
            } catch (MastHttp.Retryable e) {
                if (e.status() > 0 && attempt >= max) {
                    throw new MastHttpException(what + " (after " + attempt + " attempts)", e.status(), e.detail());
                }
                failure = e.reason();
                retryAfter = e.retryAfter();
            } catch (IOException e) {
                failure = http.failure(e) + " after " + written + " bytes";
            }
            http.waitBeforeRetry(what, attempt, retryAfter, failure, metrics);
        }
    }

    /**
     * The curl script MAST writes for these URIs ({@code POST Download/bundle.sh}, form {@code uri=...}
     * repeated), as astroquery's {@code download_products(curl_flag=True)} asks for it.
     */
    public String bundleScript(List<String> dataUris, ClientMetrics metrics) {
        if (dataUris.isEmpty()) {
            throw new IllegalArgumentException("No dataURIs given for the curl script: pass at least one");
        }
        StringBuilder form = new StringBuilder();
        for (String u : dataUris) {
            form.append(form.length() == 0 ? "" : "&").append("uri=").append(formEncode(u));
        }
        limiter.acquire();
        try (MastHttp.Response r = http.postForm("Download/bundle.sh", BUNDLE_PATH, form.toString(), metrics);
                InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MastException("Download/bundle.sh: reading the script failed: " + http.failure(e), e);
        }
    }

    private static OutputStream openSink(Sink sink, boolean restart) {
        try {
            return sink.open(restart);
        } catch (IOException e) {
            throw new SinkException(e);
        }
    }

    private static void write(OutputStream out, byte[] buf, int n) {
        try {
            out.write(buf, 0, n);
        } catch (IOException e) {
            throw new SinkException(e);
        }
    }

    /** {@code [first, last, total]} of a {@code Content-Range} ({@code total} -1 for {@code *}), or null. */
    static long[] contentRange(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) {
            return null;
        }
        return new long[] {
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))
        };
    }

    private static long parseLong(String v) {
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The backoff before retry number {@code retry} under this configuration (for other sources). */
    public static long backoffMillis(MastClientConfig config, int retry) {
        return new RetryPolicy(config).backoffMillis(retry);
    }
}
