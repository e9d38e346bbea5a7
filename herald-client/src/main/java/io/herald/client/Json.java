package io.herald.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/** The client's one Jackson configuration: case-insensitive, lenient reads; compact camelCase writes. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.USE_DEFAULTS))
            .build();

    private Json() {
    }

    static <T> T readBody(String json, Class<T> type, String selector) {
        return type.cast(readBody(json, MAPPER.constructType(type), selector));
    }

    /**
     * Reads a message body. For a {@code String} target a JSON string gives its value and any other
     * text is passed through as is (raw senders do not always quote). Empty bodies give null.
     */
    static Object readBody(String json, Type type, String selector) {
        return readBody(json, MAPPER.constructType(type), selector);
    }

    static Object readBody(String json, JavaType type, String selector) {
        if (json == null || json.isBlank()) {
            return null;
        }
        if (type.getRawClass() == String.class) {
            try {
                JsonNode node = MAPPER.readTree(json);
                return node != null && node.isTextual() ? node.textValue() : json;
            } catch (JsonProcessingException notJson) {
                return json;
            }
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ServerEventsException("cannot read body of '" + selector + "' as " + type.getRawClass().getName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a flat JSON object into a string map: strings as they are, numbers and booleans as their
     * text, nested values as JSON text, nulls left out. Not an object: empty map.
     */
    static Map<String, String> readFlatMap(String json) throws JsonProcessingException {
        Map<String, String> map = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return map;
        }
        JsonNode node = MAPPER.readTree(json);
        if (node != null && node.isObject()) {
            putAll(node, map);
        }
        return map;
    }

    static void putAll(JsonNode object, Map<String, String> map) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            map.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
    }

    static long parseLong(String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + " to JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
