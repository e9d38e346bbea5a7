package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.Selectors;
import io.herald.http.HttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds Netty responses: plain ones from core's {@link HttpResponse}, and ServiceStack-style errors. */
final class Responses {

    static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    /** A status whose reason phrase is safe on a status line: printable ASCII, one line, bounded. */
    static HttpResponseStatus status(int code, String reason) {
        if (reason == null || reason.isEmpty()) {
            return HttpResponseStatus.valueOf(code);
        }
        StringBuilder sb = new StringBuilder(Math.min(reason.length(), 200));
        for (int i = 0; i < reason.length() && sb.length() < 200; i++) {
            char c = reason.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : c > 0x7f ? '?' : ' ');
        }
        String clean = sb.toString().trim();
        return clean.isEmpty() ? HttpResponseStatus.valueOf(code) : new HttpResponseStatus(code, clean);
    }

    /**
     * Refuses a response header that could end the header block early or be mangled on the wire: a name that
     * is not an HTTP token, or a value with a control character (CR, LF, NUL, NEL U+0085, ...), a line or
     * paragraph separator, or a character Netty cannot write as one byte (above U+00FF).
     *
     * @throws IllegalArgumentException naming the header
     */
    static void checkHeader(String name, String value) {
        if (name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("Response header name and value are required: "
                    + Selectors.printable(String.valueOf(name)));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("Response header name '" + Selectors.printable(name)
                        + "' is not a valid HTTP token");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((Selectors.isLineBreaking(c) && c != '\t') || c > 0xff) {
                throw new IllegalArgumentException("Response header " + name + " must not contain "
                        + (c > 0xff ? "characters beyond U+00FF (percent-encode them)" : "control characters or line breaks")
                        + ": '" + Selectors.printable(value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
            }
        }
    }

    /**
     * True when a message looks like it quotes Java internals (a package-qualified class name, an exception
     * class, a Jackson token) rather than speaking to the caller; such a message is replaced before it is sent.
     */
    static boolean looksInternal(String message) {
        return message != null && INTERNAL.matcher(message).find();
    }

    private static final java.util.regex.Pattern INTERNAL = java.util.regex.Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com|org|io|net|tools)\\.[a-z][a-z0-9_]*\\.[A-Za-z0-9_.$]*[A-Z]"
            + "|\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b|JsonToken|\\bat [a-z][\\w.$]+\\(");

    static FullHttpResponse toNetty(HttpResponse r) {
        r.headers().forEach(Responses::checkHeader);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(r.status(), r.reason()),
                Unpooled.wrappedBuffer(r.body()));
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        return res;
    }

    /** {@code {"responseStatus":{"errorCode":"...","message":"..."}}}, or status and reason only when emptyBody. */
    static FullHttpResponse error(JsonCodec codec, int status, String errorCode, String message, boolean emptyBody) {
        if (emptyBody) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(status, message));
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
            return res;
        }
        Map<String, String> inner = new LinkedHashMap<>();
        inner.put("errorCode", errorCode);
        inner.put("message", message);
        byte[] body = codec.encode(Map.of("responseStatus", inner)).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(status, message),
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }
}
