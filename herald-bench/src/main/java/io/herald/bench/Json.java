package io.herald.bench;

import java.util.Locale;

/** Appends a flat JSON object field by field; enough for result lines, no library needed. */
final class Json {
    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    private StringBuilder key(String k) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        return sb.append('"').append(k).append("\":");
    }

    Json put(String k, String v) {
        key(k).append('"');
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        return this;
    }

    Json put(String k, long v) {
        key(k).append(v);
        return this;
    }

    Json put(String k, double v) {
        key(k).append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null");
        return this;
    }

    /** Inserts already-encoded JSON (an object or array). */
    Json raw(String k, String json) {
        key(k).append(json);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
