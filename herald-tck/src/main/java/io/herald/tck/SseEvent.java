package io.herald.tck;

/**
 * One event read off a stream, with the ServiceStack selector grammar already applied.
 *
 * @param id       the {@code id:} field, or null
 * @param data     the {@code data:} field (one line)
 * @param channel  the part before {@code @} in the selector, or null
 * @param selector the selector without the channel
 * @param body     the text after the first space (JSON or empty)
 */
public record SseEvent(String id, String data, String channel, String selector, String body) {

    static SseEvent parse(String id, String data) {
        int space = data.indexOf(' ');
        String head = space < 0 ? data : data.substring(0, space);
        String body = space < 0 ? "" : data.substring(space + 1);
        int at = head.indexOf('@');
        String channel = at < 0 ? null : head.substring(0, at);
        String selector = at < 0 ? head : head.substring(at + 1);
        return new SseEvent(id, data, channel, selector, body);
    }

    /** The numeric id. */
    public long numericId() {
        return Long.parseLong(id);
    }

    /** True if this is {@code cmd.<name>}, e.g. {@code is("onJoin")}. */
    public boolean is(String cmd) {
        return selector.equals("cmd." + cmd);
    }
}
