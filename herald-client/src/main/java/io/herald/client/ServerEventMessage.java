package io.herald.client;

import java.util.Map;
import java.util.Objects;

/**
 * One ServiceStack Server Events message: an SSE event whose data is {@code [channel@]op.target[$css] body}.
 *
 * <p>Immutable and safe to share between threads. Subclasses carry the typed system messages
 * ({@link ServerEventConnect}, {@link ServerEventJoin}, {@link ServerEventLeave},
 * {@link ServerEventUpdate}, {@link ServerEventHeartbeat}).
 */
public class ServerEventMessage {

    private final long eventId;
    private final String lastEventId;
    private final String data;
    private final String channel;
    private final String selector;
    private final String op;
    private final String target;
    private final String cssSelector;
    private final String json;
    private final Map<String, String> meta;

    ServerEventMessage(ServerEventMessage from) {
        this(from.eventId, from.lastEventId, from.data, from.channel, from.selector, from.op, from.target,
                from.cssSelector, from.json, from.meta);
    }

    ServerEventMessage(long eventId, String lastEventId, String data, String channel, String selector, String op,
            String target, String cssSelector, String json, Map<String, String> meta) {
        this.eventId = eventId;
        this.lastEventId = Objects.requireNonNull(lastEventId);
        this.data = Objects.requireNonNull(data);
        this.channel = channel;
        this.selector = selector;
        this.op = op;
        this.target = target;
        this.cssSelector = cssSelector;
        this.json = json == null ? "" : json;
        this.meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    /** The numeric SSE {@code id} of this event, or {@code -1} when the server sent none or a non-numeric one. */
    public long getEventId() {
        return eventId;
    }

    /** The SSE last event id as text (what the client sends back as {@code Last-Event-ID}); may be empty. */
    public String getLastEventId() {
        return lastEventId;
    }

    /** The whole SSE {@code data} value. */
    public String getData() {
        return data;
    }

    /** The channel from a {@code channel@} prefix, or {@code null} when the frame had none. */
    public String getChannel() {
        return channel;
    }

    /** The selector without channel prefix, e.g. {@code cmd.chat} or {@code css.background-image$#top}; null for non-ServiceStack data. */
    public String getSelector() {
        return selector;
    }

    /** The part of the selector before the first {@code .}, e.g. {@code cmd}, {@code trigger}, {@code css} or a receiver name. */
    public String getOp() {
        return op;
    }

    /** The part after the first {@code .} without any {@code $css} suffix, with {@code %20} decoded to a space. */
    public String getTarget() {
        return target;
    }

    /** The part after {@code $} in the target (with {@code %20} decoded), or {@code null}. */
    public String getCssSelector() {
        return cssSelector;
    }

    /** The body after the selector: JSON text, or the empty string for a null message. */
    public String getJson() {
        return json;
    }

    /** Flat string properties of system messages (every key of the payload); empty for other messages. */
    public Map<String, String> getMeta() {
        return meta;
    }

    /**
     * Deserialises the body into {@code type} (case-insensitive property names, unknown properties
     * ignored). An empty body gives {@code null}.
     *
     * @throws ServerEventsException if the body is not valid JSON for {@code type}
     */
    public <T> T getBodyAs(Class<T> type) {
        return Json.readBody(json, type, selector);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{eventId=" + eventId + ", data=" + abbreviate(data) + '}';
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
