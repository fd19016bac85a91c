package org.mastspark.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * MAST's download endpoints: {@code Download/file} (HEAD and GET, byte ranges, 401 for exclusive-access
 * files without a valid token), {@code Download/bundle.sh} (a curl script), and {@code path_lookup}
 * (cloud paths of products).
 */
final class DownloadHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Set<String> CLOUD = Set.of("HST", "TESS", "GALEX", "KEPLER", "K2", "PS1", "JWST");

    private final SyntheticSky sky;
    private final Map<String, String> tokens;
    private final Map<String, Long> recordedSizes = Recorded.productSizes();
    private final String baseUrl;

    DownloadHandler(SyntheticSky sky, Map<String, String> tokens, String baseUrl) {
        this.sky = sky;
        this.tokens = tokens;
        this.baseUrl = baseUrl;
    }

    /** The URI astroquery asked for: 0.4.6 sends it unescaped, newer clients escape it. */
    static String uriParam(String rawQuery) {
        int at = rawQuery.startsWith("uri=") ? 0 : rawQuery.indexOf("&uri=") + 1;
        if (at < 0 || !rawQuery.startsWith("uri=", at)) {
            return null;
        }
        String v = rawQuery.substring(at + 4);
        int amp = v.indexOf('&');
        return Exchange.decode(amp < 0 ? v : v.substring(0, amp));
    }

    ProductFile find(String uri) {
        if (uri == null) {
            return null;
        }
        Long recorded = recordedSizes.get(uri);
        if (recorded != null) {
            return SyntheticSky.file(uri.substring(uri.lastIndexOf('/') + 1), recorded, false);
        }
        ProductFile synthetic = sky.product(uri).orElse(null);
        if (synthetic == null && uri.startsWith("mast:HLSP/")) {
            String rest = uri.substring("mast:HLSP/".length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                synthetic = sky.missionProduct(rest.substring(0, slash).toLowerCase(Locale.ROOT), uri)
                        .orElse(null);
            }
        }
        return synthetic;
    }

    void file(Exchange ex) throws IOException {
        String uri = uriParam(ex.rawQuery);
        ex.logged = uri == null ? "" : uri;
        ProductFile f = find(uri);
        if (f == null) {
            ex.sendJson(
                    404,
                    "{\"status\": \"ERROR\", \"msg\": \"File not found: "
                            + (uri == null ? "no uri" : uri.replace("\"", "'")) + "\"}");
            return;
        }
        serve(ex, uri.substring(uri.lastIndexOf('/') + 1), f);
    }

    /**
     * Sends a file as Download/file does: HEAD and GET, {@code Accept-Ranges}, 206 for a range, 416 past the
     * end, 401 for exclusive-access files without a valid {@code mast_token} cookie.
     */
    void serve(Exchange ex, String name, ProductFile f) throws IOException {
        if (f.exclusiveAccess()) {
            String token = ex.cookie("mast_token");
            if (token == null || !tokens.containsKey(token)) {
                ex.sendJson(
                        401,
                        "{\"status\": \"ERROR\", \"msg\": \"Unauthorized: this file is exclusive-access data;"
                                + " a valid MAST token is required\"}");
                return;
            }
        }
        var h = ex.http.getResponseHeaders();
        h.set("Accept-Ranges", "bytes");
        h.set("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
        String type = name.toLowerCase(Locale.ROOT).endsWith(".fits") ? "application/fits" : "application/octet-stream";
        long size = f.size();
        long from = 0;
        long to = size;
        int code = 200;
        String range = ex.http.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            boolean ok = m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty());
            if (ok) {
                if (m.group(1).isEmpty()) {
                    from = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    from = Long.parseLong(m.group(1));
                    to = m.group(2).isEmpty() ? size : Math.min(size, Long.parseLong(m.group(2)) + 1);
                }
                ok = from < size && from < to;
            }
            if (!ok) {
                h.set("Content-Range", "bytes */" + size);
                ex.sendBytes(416, null, new byte[0]);
                return;
            }
            code = 206;
            h.set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + size);
        }
        if (ex.method.equals("HEAD")) {
            h.set("Content-Type", type);
            h.set("Content-Length", Long.toString(to - from));
            ex.status = code;
            ex.http.sendResponseHeaders(code, -1);
            ex.http.close();
            return;
        }
        if (to - from == 0) {
            ex.sendBytes(code, type, new byte[0]);
            return;
        }
        try (OutputStream out = ex.start(code, type, to - from, false)) {
            f.write(from, to, out);
        }
    }

    void bundle(Exchange ex) throws IOException {
        List<String> uris = Exchange.params(ex.bodyText(), "uri");
        ex.logged = String.join(",", uris);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT));
        StringBuilder sb = new StringBuilder("#!/bin/bash\n#\n# Requested from the MAST emulator\n#\n");
        sb.append("cat <<EOT\n<<< Downloading ").append(uris.size()).append(" files >>>\nEOT\n\n");
        for (String uri : uris) {
            String path = "mastDownload/" + localPath(uri);
            sb.append("curl --globoff --location-trusted -f --progress-bar --create-dirs --output '")
                    .append(path)
                    .append("' '")
                    .append(baseUrl)
                    .append("/api/v0.1/Download/file?uri=")
                    .append(uri.replace("'", ""))
                    .append("'\n");
        }
        ex.http
                .getResponseHeaders()
                .set("Content-Disposition", "attachment; filename=\"mastDownload_" + stamp + ".sh\"");
        ex.sendBytes(200, "text/plain; charset=utf-8", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A script for the recorded Mast.Bundle.Request answer, whose url points here. */
    void bundleScript(Exchange ex) throws IOException {
        ex.sendBytes(
                200,
                "text/plain; charset=utf-8",
                "#!/bin/bash\n# MAST emulator bundle: the recorded Mast.Bundle.Request answer lists no files\n"
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String localPath(String uri) {
        String u = uri.replaceFirst("^mast:", "");
        String[] parts = u.split("/");
        String collection = parts.length > 0 ? parts[0] : "MAST";
        String file = parts[parts.length - 1];
        return collection + "/" + file;
    }

    void pathLookup(Exchange ex) throws IOException {
        List<String> uris = Exchange.params(ex.rawQuery, "uri");
        ex.logged = String.join(",", uris);
        if (uris.size() > 40) {
            ex.sendBytes(414, "text/plain", "Request-URI Too Large".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ObjectNode recorded = (ObjectNode) Recorded.file("mast_relative_path.json");
        ObjectNode out = JSON.createObjectNode();
        for (String uri : uris) {
            if (recorded.has(uri)) {
                out.set(uri, recorded.get(uri));
                continue;
            }
            ObjectNode e = out.putObject(uri);
            String path = cloudPath(uri);
            e.put("status_code", path == null ? 404 : 200);
            if (path == null) {
                e.putNull("path");
            } else {
                e.put("path", path);
            }
        }
        ex.sendJson(200, out.toString());
    }

    /** Where a product lives in the public cloud bucket, or null when it is not in the cloud. */
    String cloudPath(String uri) {
        if (find(uri) == null || !uri.startsWith("mast:")) {
            return null;
        }
        String collection = uri.substring(5, uri.indexOf('/')).toUpperCase(Locale.ROOT);
        if (!CLOUD.contains(collection)) {
            return null;
        }
        String file = uri.substring(uri.lastIndexOf('/') + 1);
        String stem = file.contains("_") ? file.substring(0, file.indexOf('_')) : file;
        return "/" + collection.toLowerCase(Locale.ROOT) + "/public/" + stem.substring(0, Math.min(4, stem.length()))
                + "/" + stem + "/" + file;
    }
}
