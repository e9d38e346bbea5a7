package io.herald.tck;

import io.herald.EventSubscription;
import io.herald.SubscriptionInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A subscription with fixed values, for registry contract tests: what a node would hand its registry, without a
 * stream behind it.
 */
public final class FixedSubscription implements EventSubscription {

    private final String id;
    private final List<String> channels;
    private final String userId;
    private final String userName;
    private final String sessionId;
    private final long createdAt;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Map<String, String> serverArgs = new ConcurrentHashMap<>();

    public FixedSubscription(String id, List<String> channels, String userId, String userName, String sessionId,
                             long createdAt) {
        this.id = id;
        this.channels = List.copyOf(channels);
        this.userId = userId;
        this.userName = userName;
        this.sessionId = sessionId;
        this.createdAt = createdAt;
        meta.put("userId", userId);
        meta.put("isAuthenticated", "false");
        meta.put("displayName", "user" + userId);
        meta.put("channels", String.join(",", channels));
        meta.put("createdAt", Long.toString(createdAt));
    }

    /** The same subscription with another channel list (as after a channel change). */
    public FixedSubscription withChannels(List<String> next) {
        return new FixedSubscription(id, next, userId, userName, sessionId, createdAt);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String userName() {
        return userName;
    }

    @Override
    public String displayName() {
        return "user" + userId;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String userAddress() {
        return "127.0.0.1";
    }

    @Override
    public boolean isAuthenticated() {
        return false;
    }

    @Override
    public String profileUrl() {
        return null;
    }

    @Override
    public long createdAt() {
        return createdAt;
    }

    @Override
    public long lastPulseAt() {
        return createdAt;
    }

    @Override
    public List<String> channels() {
        return channels;
    }

    @Override
    public boolean hasChannel(String channel) {
        return channels.contains(channel);
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public Map<String, String> meta() {
        return meta;
    }

    @Override
    public void metaChanged() {
    }

    @Override
    public Map<String, String> serverArgs() {
        return serverArgs;
    }

    @Override
    public Map<String, String> metaSnapshot() {
        return new LinkedHashMap<>(meta);
    }

    @Override
    public String metaJson() {
        return JsonText.write(meta);
    }

    @Override
    public SubscriptionInfo info() {
        return new SubscriptionInfo(id, channels, userId, userName, displayName(), sessionId, userAddress(), false,
                createdAt, createdAt, meta, Map.of(), serverArgs);
    }
}
