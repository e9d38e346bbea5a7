package io.herald.tck;

import io.herald.internal.Json;
import java.util.List;
import java.util.Map;

/** JSON parsing for assertions. */
public final class JsonText {

    private JsonText() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        Object v = Json.parse(json);
        if (!(v instanceof Map)) {
            throw new AssertionError("expected a JSON object, got: " + json);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> array(String json) {
        Object v = Json.parse(json);
        if (!(v instanceof List)) {
            throw new AssertionError("expected a JSON array, got: " + json);
        }
        return (List<Map<String, Object>>) v;
    }

    /** A flat {@code {"k":"v"}} object. */
    public static String write(Map<String, String> flat) {
        return Json.writeFlat(flat);
    }

    public static Object value(String json) {
        return Json.parse(json);
    }
}
