package io.herald.bench;

import io.herald.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result line being built: an ordered JSON object, field by field, written and read back with Herald's own
 * codec ({@link JsonCodec#defaultCodec()}), so the harness carries no JSON code of its own.
 */
final class Json {

    private static final JsonCodec CODEC = JsonCodec.defaultCodec();

    private final Map<String, Object> fields = new LinkedHashMap<>();

    Json put(String k, String v) {
        fields.put(k, v);
        return this;
    }

    Json put(String k, long v) {
        fields.put(k, v);
        return this;
    }

    /** Rounded to four decimals; NaN and infinities become {@code null}. */
    Json put(String k, double v) {
        fields.put(k, Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null);
        return this;
    }

    /** A list of objects (e.g. the steps of a run). */
    Json put(String k, List<Json> objects) {
        fields.put(k, objects.stream().map(j -> j.fields).toList());
        return this;
    }

    @Override
    public String toString() {
        return CODEC.encode(fields);
    }

    /** A result line read back: numbers are {@link Number}s, nested objects maps, arrays lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String line) {
        return CODEC.decode(line, Map.class);
    }
}
