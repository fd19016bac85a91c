package org.mastspark.connector.client.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as Python's {@code urllib.parse.quote} does it (what astroquery sends): UTF-8 bytes, the
 * unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) kept, spaces as {@code %20} (not {@code +}), upper-case
 * hex. {@link java.net.URLEncoder} differs (form encoding: {@code +} for spaces, {@code *} kept, {@code ~}
 * encoded), so MAST's clients that must match astroquery byte for byte use this.
 */
public final class UrlEncoding {
    private UrlEncoding() {}

    /**
     * Percent-encodes a string.
     *
     * @param s the text to encode
     * @param extraSafe ASCII characters kept as they are besides the unreserved ones, e.g. {@code ":/"} for
     *     {@code quote(s, safe=':/')}, or {@code ""} for {@code quote(s, safe='')}
     */
    public static String encode(String s, String extraSafe) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || (c < 0x80 && extraSafe.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
