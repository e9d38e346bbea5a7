package io.herald.internal;

import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's parameters as ServiceStack binds request DTOs: query string, then a form body or a JSON
 * object body, names matched case-insensitively. Array values may be repeated parameters, JSON arrays
 * or comma-separated strings.
 */
public final class RequestParams {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private RequestParams() {
    }

    /**
     * Reads every parameter of {@code ex}.
     *
     * @throws HttpError 400 when a JSON body is malformed
     */
    public static RequestParams of(HttpExchange ex) {
        RequestParams p = new RequestParams();
        ex.queryParams().forEach((name, list) -> list.forEach(v -> p.put(name, v)));
        byte[] body = ex.body();
        if (body.length > 0) {
            String text = new String(body, StandardCharsets.UTF_8).trim();
            String type = ex.header("Content-Type");
            type = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (type.contains("json") || text.startsWith("{")) {
                Object parsed;
                try {
                    parsed = Json.parse(text);
                } catch (IllegalArgumentException e) {
                    throw HttpError.badRequest("Request body: " + e.getMessage());
                }
                if (!(parsed instanceof Map<?, ?> map)) {
                    throw HttpError.badRequest("Request body must be a JSON object");
                }
                map.forEach((k, v) -> {
                    if (v instanceof List<?> list) {
                        list.forEach(item -> p.put(String.valueOf(k), item == null ? null : String.valueOf(item)));
                    } else if (v != null) {
                        p.put(String.valueOf(k), String.valueOf(v));
                    }
                });
            } else if (type.contains("x-www-form-urlencoded") || text.contains("=")) {
                for (String pair : text.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    p.put(name, value);
                }
            }
        }
        return p;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Malformed form encoding: '" + s + "'");
        }
    }

    private void put(String name, String value) {
        if (value != null) {
            values.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
    }

    /** The first value of a parameter (any case), or null. */
    public String first(String name) {
        List<String> list = values.get(name.toLowerCase(Locale.ROOT));
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Every value of a parameter, with comma-separated values split; empty pieces kept. */
    public List<String> list(String name) {
        List<String> list = values.get(name.toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String v : list) {
                if (v.isEmpty()) {
                    continue;
                }
                for (String piece : v.split(",", -1)) {
                    out.add(piece);
                }
            }
        }
        return out;
    }
}
