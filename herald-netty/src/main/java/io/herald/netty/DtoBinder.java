package io.herald.netty;

import io.herald.JsonCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a request DTO the way ServiceStack does: the JSON body first, then path variables, then the
 * query string, then form fields, later sources overriding earlier ones, names matched ignoring case.
 *
 * <p>Works through {@link JsonCodec} only: the merged values become one JSON object that the codec
 * decodes, so a single-valued field arrives as a string (the codec turns {@code "5"} into a number and
 * {@code "a,b"} into a string list) and a repeated field as a list.
 */
final class DtoBinder {

    private final JsonCodec codec;

    DtoBinder(JsonCodec codec) {
        this.codec = codec;
    }

    @SuppressWarnings("unchecked")
    <T> T bind(NettyExchange ex, Class<T> type, Map<String, String> pathVariables) {
        if (type == Void.class || type == void.class) {
            return null;
        }
        RequestData req = ex.data();
        byte[] body = ex.bodyUnsafe();
        String contentType = req.headers.get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        Map<String, List<String>> form = Map.of();
        String json = null;
        if (body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                form = new QueryStringDecoder(text, StandardCharsets.UTF_8, false, 1024, true).parameters();
            } else if (contentType.contains("json") || looksLikeJson(text)) {
                json = text;
            }
        }
        if (json != null && pathVariables.isEmpty() && req.query.isEmpty()) {
            return codec.decode(json, type); // the common JSON POST: no merging needed
        }
        Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (json != null) {
            Object parsed = codec.decode(json, Map.class);
            if (parsed instanceof Map<?, ?> map) {
                ((Map<String, Object>) map).forEach(values::put);
            }
        }
        values.putAll(pathVariables);
        putAll(values, req.query);
        putAll(values, form);
        if (values.isEmpty() && type == String.class) {
            return null;
        }
        return codec.decode(codec.encode(values), type);
    }

    private static void putAll(Map<String, Object> values, Map<String, List<String>> params) {
        params.forEach((k, v) -> {
            if (!v.isEmpty()) {
                values.put(k, v.size() == 1 ? v.get(0) : v);
            }
        });
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }
}
