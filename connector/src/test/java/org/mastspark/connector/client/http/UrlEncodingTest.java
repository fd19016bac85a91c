package org.mastspark.connector.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Percent-encoding as Python's {@code quote}: the expected strings are what CPython 3 prints for each call. */
class UrlEncodingTest {
    private static final String MIXED = "a b/c:d+e%f&g=h\u00e9~";

    @Test
    void nothingExtraKeepsOnlyUnreservedCharacters() {
        // quote('a b/c:d+e%f&g=hé~', safe='')
        assertThat(UrlEncoding.encode(MIXED, "")).isEqualTo("a%20b%2Fc%3Ad%2Be%25f%26g%3Dh%C3%A9~");
        assertThat(UrlEncoding.encode("AZaz09-._~", "")).isEqualTo("AZaz09-._~");
        assertThat(UrlEncoding.encode("", "")).isEmpty();
    }

    @Test
    void extraSafeCharactersAreKept() {
        // quote('a b/c:d+e%f&g=hé~', safe=':/')
        assertThat(UrlEncoding.encode(MIXED, ":/")).isEqualTo("a%20b/c:d%2Be%25f%26g%3Dh%C3%A9~");
        assertThat(UrlEncoding.encode("a=b&c", "=")).isEqualTo("a=b%26c");
    }

    @Test
    void multiByteCharactersAreEncodedPerUtf8Byte() {
        // quote of e-acute, the euro sign, U+1F600, a space and '*' (safe=''): two, three and four bytes
        assertThat(UrlEncoding.encode("\u00e9\u20ac\uD83D\uDE00 *", "")).isEqualTo("%C3%A9%E2%82%AC%F0%9F%98%80%20%2A");
        // a non-ASCII character in extraSafe does not keep its bytes
        assertThat(UrlEncoding.encode("\u00e9", "\u00c3")).isEqualTo("%C3%A9");
    }
}
