package io.herald.internal;

import io.herald.Framing;
import io.herald.Selectors;
import java.nio.charset.StandardCharsets;

/**
 * Builds the shared part of an SSE event, {@code data: [channel@]selector body\n\n}, once per message.
 * The per-stream {@code id: N\n} line is written by the transport in front of it.
 */
public final class Frames {

    /** The bare keep-alive written to channel members when join notifications are off. */
    public static final byte[] NOP = {'\n'};

    /** The comment written to a stream that has been silent for a keepalive interval: every SSE parser skips it. */
    public static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

    /** {@code retry: <ms>}: how long a browser waits before it reconnects. */
    public static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One event in the given framing (see {@link Framing}); {@code channel} only shows in ServiceStack's. */
    public static byte[] encode(Framing framing, String channel, String selector, String body) {
        return framing == Framing.STANDARD ? named(selector, body) : encode(channel, selector, body);
    }

    /** A W3C-style named event: {@code event: <selector>\ndata: <body>\n\n}. */
    public static byte[] named(String selector, String body) {
        String json = escapeSeparators(body == null ? "" : body);
        checkSingleLine(selector);
        checkSingleLine(json);
        return ("event: " + selector + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private Frames() {
    }

    /**
     * The {@code data:} text of one event. {@code channel} may be null (no prefix). {@code body} must
     * already be single-line JSON (or empty); it is checked again here because the frame is a security
     * boundary.
     */
    public static String dataText(String channel, String selector, String body) {
        StringBuilder sb = new StringBuilder(16 + selector.length() + (body == null ? 0 : body.length())
                + (channel == null ? 0 : channel.length() + 1));
        if (channel != null) {
            sb.append(channel).append('@');
        }
        sb.append(selector).append(' ');
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    /** The encoded {@code data: <text>\n\n} bytes. */
    public static byte[] encode(String channel, String selector, String body) {
        String text = dataText(channel, selector, escapeSeparators(body));
        checkSingleLine(text);
        return ("data: " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * JSON text with U+0085, U+2028 and U+2029 written as {@code \\uXXXX} escapes. Valid JSON holds them only
     * inside strings, where the escape means the same character, so the value is unchanged; the raw
     * characters would end the line for parsers that split on Unicode line breaks. Many JSON writers
     * (Jackson among them) leave them raw.
     */
    public static String escapeSeparators(String json) {
        if (json == null) {
            return null;
        }
        int i = 0;
        while (i < json.length() && !isSeparator(json.charAt(i))) {
            i++;
        }
        if (i == json.length()) {
            return json;
        }
        StringBuilder sb = new StringBuilder(json.length() + 16).append(json, 0, i);
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (isSeparator(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isSeparator(char c) {
        return c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /**
     * Throws if {@code text} holds CR, LF, NUL, U+0085, U+2028 or U+2029, which could end or forge an SSE line
     * for some parser.
     */
    public static void checkSingleLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == 0 || isSeparator(c)) {
                throw new IllegalArgumentException("Event text must be a single line; found "
                        + String.format("\\u%04x", (int) c) + " at " + i + " in '"
                        + Selectors.printable(text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
            }
        }
    }

    /**
     * Makes caller-supplied raw JSON safe for one {@code data:} line: CR and LF (which valid JSON only
     * has as whitespace between tokens) become spaces; NUL is refused.
     */
    public static String collapseRawJson(String json) {
        if (json == null) {
            return null;
        }
        if (json.indexOf(0) >= 0) {
            throw new IllegalArgumentException("Raw JSON must not contain NUL characters");
        }
        return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\r', ' ').replace('\n', ' ');
    }
}
