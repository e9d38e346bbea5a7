package io.herald.tck.fuzz;

import java.util.List;
import java.util.Random;

/**
 * The hostile values the fuzzer puts into fields, query parameters, path variables and bodies: line
 * breaks of every kind (alone, and as attempts to forge SSE fields or HTTP headers), control characters,
 * separators, oversized and empty text, JSON of every wrong shape. Nothing here spells a Java package or
 * exception name, so one found in a response can only have come from the server.
 */
final class HostileValues {

    /** Every character some parser ends a line at: CR, LF, NUL, NEL, LINE and PARAGRAPH SEPARATOR. */
    static final List<String> LINE_BREAKS = List.of("\r", "\n", "\r\n", "\u0000", "\u0085", "\u2028", "\u2029");

    /** Attempts to end the current line and write one of the attacker's own. */
    static final List<String> FORGERIES = List.of(
            "x\r\nevent: forged\r\ndata: forged",
            "x\n\nid: 999999\ndata: forged",
            "x\u2028event: forged\u2028data: forged",
            "x\u2029data: forged\u2029\u2029",
            "x\u0085retry: 1\u0085data: forged",
            "x\rid: 1\rdata: forged\r\r",
            "x\u0000data: forged",
            "x\r\nX-Forged: 1",
            "x\r\nSet-Cookie: forged=1",
            "x\r\n\r\nHTTP/1.1 200 OK\r\nX-Forged: 1\r\n\r\n",
            "x%0D%0AX-Forged:%201",
            "\u2028\u2029\u0085\r\n\u0000");

    /** Text that is not a line break but is still unusual somewhere. */
    static final List<String> ODD = List.of(
            "", " ", "\t", "a b", "a,b", "a,,b", ",", "@", "a@b", "*", ".", "..", "../..", "cmd.", ".x", "cmd.x y",
            "cmd.x@y", "cmd.x$#top", "%00", "%zz", "%", "{", "}", "\"", "\\", "\\u0000", "null", "[]", "{}", "1e999",
            "-1", "0", "99999999999999999999", "NaN", "true", "\u001b[31mred", "\u007f", "\u009b", "\u202eevil",
            "\ufeff", "\ud83d\ude00", "\ud83d", "\udc00x", "\u00e9\u00e8", "\uff0e\uff0e", "<script>alert(1)</script>",
            "' OR '1'='1", "${jndi:ldap://127.0.0.1/x}", "x".repeat(300), "y".repeat(5000));

    /** JSON values of every shape, to put where a string, number or object belongs. */
    static final List<String> JSON_VALUES = List.of(
            "null", "1", "-1.5e300", "1e999", "12345678901234567890", "true", "false", "[]", "[\"a\",\"b\"]", "[null]",
            "[[]]", "{}", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "\"\\ud800\"", "\"\\u0000\"", "\"\\u2028\"",
            "\"\\r\\nevent: forged\"", "\"a\\u0085b\"", "[".repeat(200) + "]".repeat(200));

    /** Whole bodies that are not the JSON object a DTO route wants, or not JSON at all. */
    static final List<String> BODIES = List.of(
            "null", "[]", "[{}]", "[null]", "5", "-0.5", "\"x\"", "true", "false", "", " ", "{", "}", "{\"a\":",
            "{\"a\":1,}", "{'a':1}", "{\"a\":1}{\"b\":2}", "{\"a\" 1}", "{a:1}", "\u0000", "\ufeff{}", "NaN",
            "[".repeat(3000), "{\"a\":".repeat(1500), "\"" + "z".repeat(20_000) + "\"",
            "{\"x\":\"\\ud800\\udc00\\udfff\"}", "{\"x\":\"\\uZZZZ\"}", "{\"x\":\"unterminated");

    private HostileValues() {
    }

    /** A hostile replacement for a field's valid value. */
    static String text(Random random, String valid) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> insert(random, valid, pick(random, LINE_BREAKS));
            case 2 -> pick(random, FORGERIES);
            case 3 -> pick(random, ODD);
            case 4 -> insert(random, valid, pick(random, ODD));
            default -> randomText(random);
        };
    }

    /** {@code text} with {@code piece} at a random position. */
    static String insert(Random random, String text, String piece) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return text.substring(0, at) + piece + text.substring(at);
    }

    /** 1 to 24 characters drawn from controls, separators, surrogates, ASCII and a few scripts. */
    static String randomText(Random random) {
        int n = 1 + random.nextInt(24);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(8);
            char c = switch (kind) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0x7f + random.nextInt(0x21));
                case 2 -> pick(random, List.of('\u2028', '\u2029', '\u0085', '\u200b', '\u202e', '\ufeff', '\ufffe'));
                case 3 -> (char) (0xd800 + random.nextInt(0x800));
                case 4 -> (char) (0x3040 + random.nextInt(0x60));
                default -> (char) (0x20 + random.nextInt(0x5f));
            };
            sb.append(c);
        }
        return sb.toString();
    }

    static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
