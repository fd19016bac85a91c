package org.mastspark.connector.download;

import java.nio.charset.StandardCharsets;

/**
 * Where a product goes inside the destination, and the refusal of names that could write elsewhere. Each
 * path part ({@code obs_collection}, {@code obs_id}, the file name) must be one plain name: not empty, not
 * {@code .} or {@code ..}, no {@code /}, {@code \}, {@code :}, control or format characters (bidi
 * controls, zero-width characters), line or paragraph separators, noncharacters, unpaired surrogates or
 * leading/trailing white space, at most 255 bytes. A {@code dataURI} with a {@code ..} segment is refused as well.
 */
final class ProductPaths {
    static final String ROOT_FOLDER = "mastDownload";

    private ProductPaths() {}

    /**
     * The path of a product relative to the destination, with {@code /} separators.
     *
     * @param productFilename the products table's file name, or null to take the URI's last part
     * @param obsCollection null when unknown (then the URI's first part, as MAST's bundle script does)
     * @param obsId null when unknown (then no observation folder)
     * @throws IllegalArgumentException naming the field and the value when a part is not a plain name
     */
    static String relativePath(
            DownloadOptions.Layout layout, String dataUri, String productFilename, String obsCollection, String obsId) {
        checkUri(dataUri);
        String file = productFilename != null
                ? plain("productFilename", productFilename)
                : plain("file name from dataURI '" + printable(dataUri) + "'", lastPart(dataUri));
        if (layout == DownloadOptions.Layout.FLAT) {
            return file;
        }
        String collection = obsCollection != null
                ? plain("obs_collection", obsCollection)
                : plain("collection from dataURI '" + printable(dataUri) + "'", firstPart(dataUri));
        if (obsId == null) {
            return ROOT_FOLDER + "/" + collection + "/" + file;
        }
        return ROOT_FOLDER + "/" + collection + "/" + plain("obs_id", obsId) + "/" + file;
    }

    static void checkUri(String dataUri) {
        if (dataUri == null || dataUri.isBlank()) {
            throw new IllegalArgumentException("empty dataURI");
        }
        for (int i = 0; i < dataUri.length(); i++) {
            char c = dataUri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("dataURI '" + printable(dataUri) + "' contains a control character");
            }
        }
        for (String seg : dataUri.replace('\\', '/').split("/", -1)) {
            if (seg.equals("..")) {
                throw new IllegalArgumentException("dataURI '" + printable(dataUri)
                        + "' contains a '..' segment: refusing it so that nothing is written outside the destination");
            }
        }
    }

    private static String lastPart(String uri) {
        String u = uri;
        int q = u.indexOf('?');
        if (q >= 0 && u.lastIndexOf('/', q) >= 0) {
            // mast:HLA/url/cgi-bin/fitscut.cgi?red=a&blue=b: the name before the query
            u = u.substring(0, q);
        }
        return u.substring(u.lastIndexOf('/') + 1);
    }

    private static String firstPart(String uri) {
        String u = uri.startsWith("mast:") ? uri.substring(5) : uri;
        int slash = u.indexOf('/');
        return slash < 0 ? "" : u.substring(0, slash);
    }

    /** The value when it is one plain path part, else an error naming {@code field} and the value. */
    static String plain(String field, String value) {
        String why = null;
        if (value.isEmpty()) {
            why = "it is empty";
        } else if (value.equals(".") || value.equals("..")) {
            why = "it is '" + value + "'";
        } else if (value.indexOf('/') >= 0) {
            why = value.startsWith("/") ? "it is an absolute path" : "it contains '/'";
        } else if (value.indexOf('\\') >= 0) {
            why = "it contains a backslash";
        } else if (value.indexOf(':') >= 0) {
            why = "it contains ':'";
        } else if (!value.equals(value.strip())) {
            why = "it starts or ends with white space";
        } else if (value.getBytes(StandardCharsets.UTF_8).length > 255) {
            why = "it is longer than 255 bytes";
        } else {
            for (int i = 0; i < value.length() && why == null; ) {
                int cp = value.codePointAt(i);
                why = unsafe(cp);
                i += Character.charCount(cp);
            }
        }
        if (why != null) {
            throw new IllegalArgumentException(field + " '" + printable(value) + "' is not a plain file name (" + why
                    + "): refusing it so that nothing is written outside the destination");
        }
        return value;
    }

    /**
     * Why a code point may not be in a file name, or null. Besides control characters: format characters
     * (bidi controls such as U+202E, which makes {@code fdp.exe} display as {@code exe.pdf}, zero-width
     * characters, U+FEFF), line and paragraph separators, noncharacters and unpaired surrogates: they make a
     * name look unlike what it is, or break the tools that print it.
     */
    private static String unsafe(int cp) {
        String what = kind(cp);
        if (what == null) {
            return null;
        }
        return what.equals(CONTROL) ? "it contains " + what : "it contains " + what + ", " + escape(cp);
    }

    private static final String CONTROL = "a control character";

    /** What kind of unsafe code point {@code cp} is, or null for one a file name may hold. */
    private static String kind(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
            return CONTROL;
        } else if (Character.getType(cp) == Character.FORMAT) {
            return "an invisible or text-direction format character";
        } else if (cp == 0x2028 || cp == 0x2029) {
            return "a line or paragraph separator";
        } else if (isNoncharacter(cp)) {
            return "a Unicode noncharacter";
        } else if (cp <= 0xffff && Character.isSurrogate((char) cp)) {
            // codePointAt returns a lone surrogate as itself: a pair would have given a supplementary code point
            return "an unpaired surrogate";
        }
        return null;
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
    }

    /** {@code \\uXXXX} of the code point's UTF-16 units. */
    private static String escape(int cp) {
        StringBuilder sb = new StringBuilder();
        for (char c : Character.toChars(cp)) {
            sb.append(String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    /**
     * The value with control, format and other invisible or unsafe characters shown as {@code \\uXXXX}
     * (safe in logs and messages: nothing in it reorders or hides the text around it).
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length() && i < 300) {
            int cp = s.codePointAt(i);
            if (kind(cp) != null) {
                sb.append(escape(cp));
            } else {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return i < s.length() ? sb.append("...").toString() : sb.toString();
    }
}
