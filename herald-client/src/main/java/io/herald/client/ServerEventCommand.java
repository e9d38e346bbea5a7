package io.herald.client;

import java.util.Arrays;
import java.util.List;

/**
 * A system message about a subscription: the connect, join, leave, update and heartbeat payloads.
 * Their bodies are flat string maps; the well-known keys are exposed as typed getters and every key is
 * in {@link #getMeta()}. Immutable.
 */
public class ServerEventCommand extends ServerEventMessage {

    ServerEventCommand(ServerEventMessage message) {
        super(message);
    }

    /** {@code userId}: the authenticated user id, or {@code -N} for anonymous users. */
    public String getUserId() {
        return getMeta().get("userId");
    }

    /** {@code displayName} of the subscriber. */
    public String getDisplayName() {
        return getMeta().get("displayName");
    }

    /** {@code profileUrl} of the subscriber (may be a {@code data:} URL). */
    public String getProfileUrl() {
        return getMeta().get("profileUrl");
    }

    /** True only when {@code isAuthenticated} is the string {@code "true"}. */
    public boolean isAuthenticated() {
        return "true".equals(getMeta().get("isAuthenticated"));
    }

    /** The subscriber's channels ({@code channels} split on {@code ,}); empty if absent. */
    public List<String> getChannels() {
        return splitChannels(getMeta().get("channels"));
    }

    /** {@code createdAt} as unix epoch milliseconds, or 0 when absent or not a number. */
    public long getCreatedAt() {
        return Json.parseLong(getMeta().get("createdAt"), 0);
    }

    static List<String> splitChannels(String channels) {
        if (channels == null || channels.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(channels.split(",")).filter(s -> !s.isEmpty()).toList();
    }
}
