package io.herald.netty;

import io.herald.JsonCodec;
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

    static FullHttpResponse toNetty(HttpResponse r) {
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
