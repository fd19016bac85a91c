package org.mastspark.connector.client.portal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.mastspark.connector.text.Echo;

/**
 * One logical Portal ("Mashup") query: service, parameters, page size and the {@code cacheBreaker} that
 * ties its pages and polls together. Immutable and serializable: a Spark partition carries its request
 * to the executor, so that every page of one query uses the same cacheBreaker and therefore the same
 * row order on MAST's side.
 *
 * <p>The wire encoding is exactly astroquery's: {@code request=} followed by Python's
 * {@code urllib.parse.quote(json.dumps(obj))}, keys in the order service, params, format, pagesize, page,
 * extras, cacheBreaker.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class PortalRequest implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String service;
    private final String paramsJson;
    private final String format;
    private final int pagesize;
    private final String cacheBreaker;

    private PortalRequest(String service, String paramsJson, String format, int pagesize, String cacheBreaker) {
        this.service = service;
        this.paramsJson = paramsJson;
        this.format = format;
        this.pagesize = pagesize;
        this.cacheBreaker = cacheBreaker;
    }

    /** A JSON-format query with a fresh cacheBreaker. */
    public static PortalRequest of(String service, JsonNode params, int pagesize) {
        return of(service, params, "json", pagesize, UUID.randomUUID().toString());
    }

    public static PortalRequest of(String service, JsonNode params, String format, int pagesize, String cacheBreaker) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("Portal service name must not be empty");
        }
        if (params != null && !params.isObject()) {
            throw new IllegalArgumentException(
                    "Invalid value '" + Echo.of(params) + "' for 'params' of " + service + ": expected a JSON object");
        }
        if (pagesize < 1) {
            throw new IllegalArgumentException(
                    "Invalid value '" + pagesize + "' for option 'pagesize': expected a positive number of rows");
        }
        String json = params == null ? "{}" : params.toString();
        return new PortalRequest(service, json, Objects.requireNonNull(format), pagesize, cacheBreaker);
    }

    public String service() {
        return service;
    }

    /** A fresh copy of the parameters. */
    public ObjectNode params() {
        try {
            return (ObjectNode) MAPPER.readTree(paramsJson);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable params of " + service, e);
        }
    }

    public String format() {
        return format;
    }

    public int pagesize() {
        return pagesize;
    }

    public String cacheBreaker() {
        return cacheBreaker;
    }

    /** The same query with other parameters and a new cacheBreaker (a new logical query). */
    public PortalRequest withParams(JsonNode newParams) {
        return of(service, newParams, format, pagesize, UUID.randomUUID().toString());
    }

    /** The same logical query with another page size (a new cacheBreaker: row order may change). */
    public PortalRequest withPagesize(int newPagesize) {
        return of(service, params(), format, newPagesize, UUID.randomUUID().toString());
    }

    /** A number as Python's {@code str(float)} writes it, as MAST sees it in astroquery's position strings. */
    public static String pythonNumber(double value) {
        return PythonJson.pythonFloat(value);
    }

    /** The JSON text of the request for one page, formatted as Python's {@code json.dumps}. */
    public String toJson(int page) {
        StringBuilder sb = new StringBuilder(128 + paramsJson.length());
        sb.append("{\"service\": ");
        PythonJson.writeString(sb, service);
        sb.append(", \"params\": ");
        PythonJson.write(sb, params());
        sb.append(", \"format\": ");
        PythonJson.writeString(sb, format);
        sb.append(", \"pagesize\": ").append(pagesize);
        sb.append(", \"page\": ").append(page);
        if (cacheBreaker != null) {
            sb.append(", \"cacheBreaker\": ");
            PythonJson.writeString(sb, cacheBreaker);
        }
        sb.append('}');
        return sb.toString();
    }

    /** The form body for one page: {@code request=} + the quoted JSON. */
    public String formBody(int page) {
        return "request=" + PythonJson.quote(toJson(page));
    }

    @Override
    public String toString() {
        return service + " " + paramsJson + " (pagesize " + pagesize + ")";
    }

    /** Python's {@code json.dumps} text and {@code urllib.parse.quote}, so that MAST sees what astroquery sends. */
    static final class PythonJson {
        private static final char[] HEX = "0123456789ABCDEF".toCharArray();

        private PythonJson() {}

        static void write(StringBuilder sb, JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                sb.append("null");
            } else if (node.isObject()) {
                sb.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    writeString(sb, e.getKey());
                    sb.append(": ");
                    write(sb, e.getValue());
                }
                sb.append('}');
            } else if (node.isArray()) {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, node.get(i));
                }
                sb.append(']');
            } else if (node.isTextual()) {
                writeString(sb, node.textValue());
            } else if (node.isBoolean()) {
                sb.append(node.booleanValue() ? "true" : "false");
            } else if (node.isIntegralNumber()) {
                sb.append(node.bigIntegerValue());
            } else if (node.isNumber()) {
                sb.append(pythonFloat(node.doubleValue()));
            } else {
                writeString(sb, node.asText());
            }
        }

        /** Python's float repr for the common cases: shortest round-trip digits, "1e-05" exponents. */
        static String pythonFloat(double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            String s = Double.toString(d);
            int e = s.indexOf('E');
            if (e < 0) {
                return s;
            }
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            int exp = Integer.parseInt(s.substring(e + 1));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }

        /** A JSON string as {@code json.dumps} writes it ({@code ensure_ascii=True}). */
        static void writeString(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            sb.append("\\u")
                                    .append(HEX[(c >> 12) & 0xF])
                                    .append(HEX[(c >> 8) & 0xF])
                                    .append(HEX[(c >> 4) & 0xF])
                                    .append(HEX[c & 0xF]);
                            // Python writes lower-case hex digits in \\u escapes.
                            int n = sb.length();
                            for (int k = n - 4; k < n; k++) {
                                sb.setCharAt(k, Character.toLowerCase(sb.charAt(k)));
                            }
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        /** Python's {@code urllib.parse.quote(s)} (safe {@code "/"}): spaces become %20, never '+'. */
        static String quote(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(bytes.length * 2);
            for (byte b : bytes) {
                int c = b & 0xFF;
                if ((c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || c == '_'
                        || c == '.'
                        || c == '-'
                        || c == '~'
                        || c == '/') {
                    sb.append((char) c);
                } else {
                    sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            }
            return sb.toString();
        }
    }
}
