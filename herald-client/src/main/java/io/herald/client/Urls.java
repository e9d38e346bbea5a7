package io.herald.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** URL building the way ServiceStack's C# client does it. */
final class Urls {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Urls() {
    }

    /** Parses a base URI given as text; the result still needs {@link #checkBaseUri}. */
    static URI parseBaseUri(String baseUri) {
        if (baseUri == null) {
            throw new IllegalArgumentException("baseUri must not be null");
        }
        try {
            return URI.create(baseUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUri is not a valid URI: " + baseUri, e);
        }
    }

    static URI checkBaseUri(URI baseUri) {
        if (baseUri == null) {
            throw new IllegalArgumentException("baseUri must not be null");
        }
        String scheme = baseUri.getScheme();
        if (!baseUri.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || baseUri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must be an absolute http or https URI: " + baseUri);
        }
        if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUri must not have a query or fragment: " + baseUri);
        }
        return baseUri;
    }

    /** Joins a base and a relative path with exactly one {@code /} between them. */
    static String combine(String base, String path) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? b : b + "/" + p;
    }

    /** {@code <base>/<path>?channels=A,B}: letters, digits and {@code , - .} kept, space as {@code +}, the rest %XX. */
    static URI streamUri(URI baseUri, String path, List<String> channels) {
        return URI.create(combine(baseUri.toString(), path) + "?channels=" + encodeQueryValue(String.join(",", channels)));
    }

    static String encodeQueryValue(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ',' || c == '-' || c == '.') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }
}
