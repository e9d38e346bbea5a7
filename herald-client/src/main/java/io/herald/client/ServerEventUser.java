package io.herald.client;

import java.util.List;
import java.util.Map;

/**
 * One entry of the subscribers list ({@code GetEventSubscribers}): the well-known keys as fields, every
 * other key in {@link #meta()}. Immutable.
 *
 * @param userId the user id ({@code -N} for anonymous users)
 * @param displayName the display name
 * @param profileUrl the avatar URL
 * @param channels the subscription's channels
 * @param meta every other key of the entry
 */
public record ServerEventUser(String userId, String displayName, String profileUrl, List<String> channels,
        Map<String, String> meta) {

    /** Copies the lists so the record stays immutable. */
    public ServerEventUser {
        channels = channels == null ? List.of() : List.copyOf(channels);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    static ServerEventUser fromMap(Map<String, String> map) {
        Map<String, String> rest = new java.util.LinkedHashMap<>(map);
        String userId = rest.remove("userId");
        String displayName = rest.remove("displayName");
        String profileUrl = rest.remove("profileUrl");
        List<String> channels = ServerEventCommand.splitChannels(rest.remove("channels"));
        return new ServerEventUser(userId, displayName, profileUrl, channels, rest);
    }
}
