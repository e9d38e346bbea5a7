package io.herald;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one subscription, wherever in the cluster it lives.
 *
 * @param id              the subscription id: 20 characters {@code [A-Za-z0-9]}, a bearer capability
 * @param channels        the channels it listens to, in order
 * @param userId          {@code userAuthId} of a signed-in user, or {@code -n} for anonymous ones
 * @param userName        the session's user name, or null
 * @param displayName     the name shown to other users
 * @param sessionId       the session id, or null
 * @param userAddress     the IP address the stream was opened from
 * @param authenticated   whether the user signed in
 * @param createdAt       when the stream opened, unix milliseconds
 * @param lastPulseAt     the last heartbeat (or the creation time), unix milliseconds
 * @param meta            the public info shown to everyone (join, leave, subscribers list)
 * @param connectArgs     the private {@code onConnect} payload
 * @param serverArgs      server-only values set by hooks
 */
public record SubscriptionInfo(String id, List<String> channels, String userId, String userName,
                               String displayName, String sessionId, String userAddress, boolean authenticated,
                               long createdAt, long lastPulseAt, Map<String, String> meta,
                               Map<String, String> connectArgs, Map<String, String> serverArgs) {

    public SubscriptionInfo {
        channels = List.copyOf(channels);
        meta = frozen(meta);
        connectArgs = frozen(connectArgs);
        serverArgs = frozen(serverArgs);
    }

    private static Map<String, String> frozen(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
