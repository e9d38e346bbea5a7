package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.http.HttpError;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
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
 *
 * <p>Every route goes through here, so this is where bad input is refused, each time with a
 * {@code 400 SerializationException} whose message names the field or says "Request body" in plain
 * words: a body that is not UTF-8, a form body with a broken {@code %}-escape, a JSON body that is not an
 * object ({@code null}, a list, a number...) when the DTO is one, and any field of the wrong shape (the
 * codec's message, e.g. {@code 'take' must be a whole number, got 'abc'}). A route with a DTO type never
 * gets a null DTO.
 */
final class DtoBinder {

    static final String ERROR_CODE = "SerializationException";

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
        boolean object = isObjectType(type);
        Map<String, List<String>> form = Map.of();
        String json = null;
        if (body.length > 0) {
            String text = utf8(body);
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                form = formFields(text);
            } else if ((contentType.contains("json") && !text.isBlank()) || looksLikeJson(text)) {
                json = text;
                if (object) {
                    requireObject(json);
                }
            }
        }
        T value;
        if (json != null && (!object || pathVariables.isEmpty() && req.query.isEmpty())) {
            value = decode(json, type); // the common JSON POST: no merging needed
        } else {
            Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (json != null) {
                Map<String, Object> parsed = decode(json, Map.class);
                if (parsed != null) {
                    values.putAll(parsed);
                }
            }
            values.putAll(pathVariables);
            putAll(values, req.query);
            putAll(values, form);
            if (values.isEmpty() && !object) {
                return null; // a scalar "DTO" with nothing given: there is nothing to build
            }
            value = decode(codec.encode(values), type);
        }
        if (value == null && object) {
            throw new HttpError(400, ERROR_CODE, "Request body is required");
        }
        return value;
    }

    private <T> T decode(String json, Class<T> type) {
        try {
            return codec.decode(json, type);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new HttpError(400, ERROR_CODE, message == null || message.isBlank() ? "Request body is invalid"
                    : Character.toUpperCase(message.charAt(0)) + message.substring(1));
        }
    }

    /** A DTO that binds from a JSON object (a record, bean or map), as opposed to a scalar, list or string. */
    private static boolean isObjectType(Class<?> type) {
        return !(type.isPrimitive() || type.isArray() || type.isEnum() || type == Object.class
                || CharSequence.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type)
                || type == Boolean.class || type == Character.class || Collection.class.isAssignableFrom(type));
    }

    /** Refuses a JSON body that is not an object, by its first character (the codec reports syntax errors). */
    private static void requireObject(String json) {
        String got = null;
        String text = json.strip();
        if (text.isEmpty()) {
            return;
        }
        char c = text.charAt(0);
        if (c == '{') {
            return;
        }
        if (c == '[') {
            got = "a list";
        } else if (c == '"') {
            got = "a string";
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            got = "a number";
        } else if (text.equals("null")) {
            got = "null";
        } else if (text.equals("true") || text.equals("false")) {
            got = text;
        }
        if (got != null) {
            throw new HttpError(400, ERROR_CODE, "Request body must be a JSON object, got " + got);
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(400, ERROR_CODE, "Request body is not valid UTF-8");
        }
    }

    private static Map<String, List<String>> formFields(String text) {
        try {
            return new QueryStringDecoder(text, StandardCharsets.UTF_8, false, 1024, true).parameters();
        } catch (IllegalArgumentException e) {
            // Netty's message quotes the whole body: say what is wrong without echoing it
            throw new HttpError(400, ERROR_CODE, "Request body is not valid form data: a %-escape is broken");
        }
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
