package io.herald.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import java.util.Set;

/**
 * Splits SSE data into a {@link ServerEventMessage}: {@code [channel@]op.target[$css] body}. Stateless.
 */
final class MessageParser {

    /**
     * The {@code cmd.*} targets the client handles itself; their bodies are flat string maps.
     * {@code onResume} is Herald's extension, sent after the replay that follows a resumed connect.
     */
    static final Set<String> SYSTEM_TARGETS = Set.of("onConnect", "onJoin", "onLeave", "onUpdate", "onHeartbeat",
            "onResume");

    private MessageParser() {
    }

    /**
     * @throws ServerEventsException if the selector has no {@code .} or a system body is not JSON
     */
    static ServerEventMessage parse(long eventId, String lastEventId, String data) {
        int space = data.indexOf(' ');
        if (space < 0) {
            // Not a ServiceStack frame: plain SSE data, only onMessage sees it.
            return new ServerEventMessage(eventId, lastEventId, data, null, null, null, null, null, "", null);
        }
        String selector = data.substring(0, space);
        String json = data.substring(space + 1);
        String channel = null;
        int at = selector.indexOf('@');
        if (at >= 0) {
            channel = selector.substring(0, at);
            selector = selector.substring(at + 1);
        }
        int dot = selector.indexOf('.');
        if (dot < 0) {
            throw new ServerEventsException("invalid selector (no '.'): '" + abbreviate(selector) + "' in event id "
                    + (lastEventId.isEmpty() ? "(none)" : abbreviate(lastEventId)));
        }
        String op = selector.substring(0, dot);
        String target = selector.substring(dot + 1).replace("%20", " ");
        String css = null;
        int dollar = target.indexOf('$');
        if (dollar >= 0) {
            css = target.substring(dollar + 1);
            target = target.substring(0, dollar);
        }
        Map<String, String> meta = null;
        if ("cmd".equals(op) && SYSTEM_TARGETS.contains(target)) {
            try {
                meta = Json.readFlatMap(json);
            } catch (JsonProcessingException e) {
                throw new ServerEventsException("invalid JSON body of '" + selector + "': " + e.getOriginalMessage(), e);
            }
        }
        return new ServerEventMessage(eventId, lastEventId, data, channel, selector, op, target, css, json, meta);
    }

    static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
