package io.herald;

import io.herald.internal.BasicJsonCodec;
import java.util.ServiceLoader;

/**
 * Turns message bodies into JSON and request bodies back into objects.
 *
 * <p>Contract: {@link #encode} returns compact, single-line JSON (no raw CR or LF anywhere), property
 * names in camelCase, null properties left out, default values ({@code false}, {@code 0}) kept, non-ASCII
 * text written as it is except DEL, the C1 controls (U+0085 among them) and U+2028/U+2029, which are
 * escaped as {@code \\uXXXX} because some parsers take them for line ends. A {@link String} encodes as a
 * quoted JSON string. {@link #decode} matches property names case-insensitively (ServiceStack's C#
 * clients send PascalCase, the TypeScript client camelCase) and ignores unknown properties.
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
     * @return the value, or null when the text is the JSON literal {@code null}
     * @throws IllegalArgumentException when the text is not valid JSON for that type; the message names
     *                                  the field and the problem in plain words (e.g.
     *                                  {@code 'take' must be a whole number, got 'abc'}), never a Java
     *                                  class name, because transports send it back to the caller
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
