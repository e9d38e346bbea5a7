package io.herald.tck.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

/** How a request carries its fields: a query string, a form body or a JSON body. */
enum Encoding {
    QUERY, FORM, JSON;

    /** {@code a=1&b=x%20y}: every byte outside the unreserved set percent-encoded. */
    String query(Map<String, Value> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((name, value) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(pct(name)).append('=').append(pct(value.text()));
        });
        return sb.toString();
    }

    /**
     * A JSON object of the values; strings escaped only as far as JSON requires, so U+0085, U+2028 and
     * U+2029 sometimes arrive raw (valid JSON) and sometimes as {@code \\u} escapes.
     */
    String body(Map<String, Value> values, Random random) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((name, value) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, name, false);
            sb.append(':');
            if (value.json()) {
                sb.append(value.text());
            } else {
                quote(sb, value.text(), random.nextBoolean());
            }
        });
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String text, boolean escapeSeparators) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || escapeSeparators && (c == '\u2028' || c == '\u2029' || c == '\u0085')
                    || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c)); // a lone surrogate can only travel escaped
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Percent-encodes the UTF-8 bytes of {@code s} except {@code A-Z a-z 0-9 - . _ ~}. */
    static String pct(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes.toByteArray()) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return sb.toString();
    }
}
