package io.herald;

/**
 * How a stream's events are written. Chosen per stream with the {@code framing} query parameter of
 * {@code /event-stream} ({@code ?framing=standard}), or for every stream with
 * {@link ServerEventsOptions.Builder#defaultFraming}. The ids, the order and what is replayed after a reconnect
 * are the same in both.
 */
public enum Framing {

    /**
     * ServiceStack's frames, the default: {@code id: N}, then {@code data: [channel@]selector body}. What
     * {@code @servicestack/client}, the C# client, {@code ss-utils.js}, herald.js and Herald's Java client read.
     */
    SERVICESTACK,

    /**
     * W3C-style named events for a bare {@code EventSource}: {@code id: N}, {@code event: <selector>} (for
     * example {@code cmd.chat}; a typed message sent without a selector is {@code cmd.<SimpleTypeName>}), then
     * {@code data: <json body>} with nothing in front, so
     * {@code es.addEventListener('cmd.chat', e => JSON.parse(e.data))} works with no library. The channel is not
     * written: listen on one channel per stream, or put it in the body, when it matters.
     */
    STANDARD;

    /** The framing a {@code framing} query value names (case-insensitive), or null when it names none. */
    static Framing parse(String value) {
        if (value == null) {
            return null;
        }
        for (Framing f : values()) {
            if (f.name().equalsIgnoreCase(value)) {
                return f;
            }
        }
        return null;
    }
}
