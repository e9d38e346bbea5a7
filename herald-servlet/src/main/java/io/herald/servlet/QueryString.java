package io.herald.servlet;

import io.herald.Selectors;
import io.herald.http.HttpError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a raw query string ourselves rather than through {@code getParameter}, which would also consume
 * a form body that Herald reads as bytes. {@code +} is a space, {@code ;} is an ordinary character, and
 * at most {@value #MAX_PARAMS} parameters are kept (as Netty's decoder does).
 */
final class QueryString {

    static final int MAX_PARAMS = 1024;

    private QueryString() {
    }

    /**
     * Every parameter in order, names as sent, lists unmodifiable.
     *
     * @throws HttpError 400 naming the parameter when a percent-escape is malformed
     */
    static Map<String, List<String>> parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        int count = 0;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMS) {
                break;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName, rawName);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Query parameter '" + shorten(parameter) + "' has a malformed %-escape: '"
                    + shorten(text) + "'");
        }
    }

    private static String shorten(String s) {
        return Selectors.printable(s.length() > 80 ? s.substring(0, 80) + "..." : s);
    }
}
