package io.herald;

import io.herald.internal.Frames;

/**
 * A message body that is already JSON and is sent as it is, without going through the {@link JsonCodec}.
 * Line breaks (valid in JSON only as whitespace between tokens) are turned into spaces so the body stays
 * on one {@code data:} line; NUL characters are refused.
 *
 * @param json the JSON text; must be valid JSON (Herald does not parse it)
 */
public record RawJson(String json) {

    public RawJson {
        if (json == null) {
            throw new IllegalArgumentException("json must not be null");
        }
        json = Frames.collapseRawJson(json);
    }

    public static RawJson of(String json) {
        return new RawJson(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
