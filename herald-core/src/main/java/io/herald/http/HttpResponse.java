package io.herald.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete, non-streaming HTTP response.
 *
 * @param status  the status code
 * @param reason  the reason phrase; also carried in error bodies so clients can show it
 * @param headers response headers (content type included when there is a body)
 * @param body    the body bytes, empty for none
 */
public record HttpResponse(int status, String reason, Map<String, String> headers, byte[] body) {

    public HttpResponse {
        Objects.requireNonNull(reason, "reason");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** 200 with an empty body. */
    public static HttpResponse ok() {
        return new HttpResponse(200, "OK", Map.of(), new byte[0]);
    }

    /** 200 with a JSON body. */
    public static HttpResponse json(String json) {
        return json(200, "OK", json);
    }

    /** A JSON response with the given status. */
    public static HttpResponse json(int status, String reason, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        return new HttpResponse(status, reason, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with a status, a reason phrase and no body. */
    public static HttpResponse status(int status, String reason) {
        return new HttpResponse(status, reason, Map.of(), new byte[0]);
    }

    /** A copy with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, reason, copy, body);
    }
}
