package io.herald;

import io.herald.internal.BasicJsonCodec;
import java.util.ServiceLoader;

/**
 * Turns message bodies into JSON and request bodies back into objects.
 *
 * <p>Contract: {@link #encode} returns compact, single-line JSON (no raw CR or LF anywhere), property
 * names in camelCase, null properties left out, default values ({@code false}, {@code 0}) kept, non-ASCII
 * text written as it is. A {@link String} encodes as a quoted JSON string. {@link #decode} matches
 * property names case-insensitively (ServiceStack's C# clients send PascalCase, the TypeScript client
 * camelCase) and ignores unknown properties.
 *
 * <p>{@link #defaultCodec()} uses {@code herald-jackson} when it is on the class path and otherwise a small
 * built-in codec that handles maps, lists, arrays, strings, numbers, booleans and records. Implementations
 * must be thread-safe.
 */
public interface JsonCodec {

    /** Encodes a value as single-line JSON. {@code null} encodes as {@code null}. */
    String encode(Object value);

    /**
     * Decodes JSON into {@code type}.
     *
     * @throws IllegalArgumentException when the text is not valid JSON for that type; the message names
     *                                  the problem
     */
    <T> T decode(String json, Class<T> type);

    /**
     * The body of an event: null for a null message, the text of a {@link RawJson} as it is, anything
     * else {@link #encode encoded}.
     */
    default String body(Object message) {
        if (message == null) {
            return null;
        }
        return message instanceof RawJson raw ? raw.json() : encode(message);
    }

    /** The best codec available: Jackson through {@code herald-jackson} if present, else the built-in one. */
    static JsonCodec defaultCodec() {
        for (JsonCodec codec : ServiceLoader.load(JsonCodec.class, JsonCodec.class.getClassLoader())) {
            return codec;
        }
        return BasicJsonCodec.INSTANCE;
    }
}
