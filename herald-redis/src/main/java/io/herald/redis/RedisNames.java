package io.herald.redis;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of target names (user ids, user names, session ids, channels) inside topic messages:
 * {@code %} and every character up to and including space become {@code %XX}, so names with spaces or
 * other whitespace travel intact; names without them are written unchanged (and read the same way by
 * ServiceStack servers sharing the Redis).
 */
final class RedisNames {

    private RedisNames() {
    }

    static String encode(String name) {
        boolean plain = true;
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = c > ' ' && c != '%' && c != 0x7f;
        }
        if (plain) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == '%' || c == 0x7f) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String decode(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        byte[] out = new byte[name.length() * 3];
        int n = 0;
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '%' && i + 2 < utf8.length) {
                int hi = Character.digit(utf8[i + 1], 16);
                int lo = Character.digit(utf8[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out[n++] = (byte) (hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
