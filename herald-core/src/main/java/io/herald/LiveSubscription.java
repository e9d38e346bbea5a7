package io.herald;

import io.herald.http.EventSink;
import io.herald.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's own record of one stream it holds: the {@link EventSubscription} view hooks and services see,
 * plus what only the node may touch (the sink, heartbeats, channel changes). Thread-safe.
 */
final class LiveSubscription implements EventSubscription {

    /** Meta keys written first, in this order; other keys follow in insertion order. */
    private static final List<String> META_ORDER =
            List.of("userId", "isAuthenticated", "displayName", "channels", "createdAt", "profileUrl");

    private final String id;
    private final String userId;
    private final String userName;
    private final String displayName;
    private final String sessionId;
    private final String userAddress;
    private final boolean authenticated;
    private final String profileUrl;
    private final long createdAt;
    private final Framing framing;
    private volatile EventSink sink;
    /** Whether idle expiry applies: the client heartbeats (or the node requires it of every stream). */
    private volatile boolean heartbeating;
    private final Map<String, String> meta = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> serverArgs = new ConcurrentHashMap<>();
    private volatile List<String> channels;
    private volatile long lastPulseAt;
    private volatile String metaJson;
    /** The {@code cmd.onHeartbeat} frame and the meta JSON it was made from (rebuilt when the meta changes). */
    private volatile HeartbeatFrame heartbeatFrame;

    private record HeartbeatFrame(String metaJson, byte[] frame) {
    }

    /** A ServiceStack-framed stream under idle expiry, writing to {@code sink} (for tests). */
    LiveSubscription(String id, List<String> channels, String userId, String userName, String displayName,
                     String sessionId, String userAddress, boolean authenticated, String profileUrl,
                     long createdAt, EventSink sink) {
        this(id, channels, userId, userName, displayName, sessionId, userAddress, authenticated, profileUrl,
                createdAt, Framing.SERVICESTACK, true);
        attach(sink);
    }

    /**
     * A subscription whose stream is not open yet ({@link #attach} it once its head is written).
     *
     * @param id            20 random {@code [A-Za-z0-9]} characters
     * @param channels      the channels, validated by the caller
     * @param userId        never null
     * @param displayName   never null
     * @param createdAt     unix milliseconds
     * @param framing       how its events are written
     * @param heartbeating  whether idle expiry applies from the start ({@link Liveness#HEARTBEATS})
     */
    LiveSubscription(String id, List<String> channels, String userId, String userName, String displayName,
                     String sessionId, String userAddress, boolean authenticated, String profileUrl,
                     long createdAt, Framing framing, boolean heartbeating) {
        this.id = Objects.requireNonNull(id, "id");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.userName = userName;
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.sessionId = sessionId;
        this.userAddress = userAddress;
        this.authenticated = authenticated;
        this.profileUrl = profileUrl;
        this.createdAt = createdAt;
        this.lastPulseAt = createdAt;
        this.framing = Objects.requireNonNull(framing, "framing");
        this.heartbeating = heartbeating;
        this.channels = List.copyOf(channels);
        meta.put("userId", userId);
        meta.put("isAuthenticated", Boolean.toString(authenticated));
        meta.put("displayName", displayName);
        meta.put("channels", String.join(",", this.channels));
        meta.put("createdAt", Long.toString(createdAt));
        if (profileUrl != null) {
            meta.put("profileUrl", profileUrl);
        }
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
        return displayName;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String userAddress() {
        return userAddress;
    }

    @Override
    public boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public String profileUrl() {
        return profileUrl;
    }

    @Override
    public long createdAt() {
        return createdAt;
    }

    @Override
    public long lastPulseAt() {
        return lastPulseAt;
    }

    /** Records a heartbeat at {@code nowMillis}: from now on the stream must keep heartbeating. */
    void pulse(long nowMillis) {
        lastPulseAt = nowMillis;
        heartbeating = true;
    }

    /** Whether idle expiry applies (see {@link Liveness}). */
    boolean heartbeating() {
        return heartbeating;
    }

    Framing framing() {
        return framing;
    }

    /** The {@code cmd.onHeartbeat} reply in this stream's framing, encoded once per version of the meta. */
    byte[] heartbeatFrame() {
        String meta = metaJson();
        HeartbeatFrame f = heartbeatFrame;
        if (f == null || f.metaJson() != meta) {
            f = new HeartbeatFrame(meta, io.herald.internal.Frames.encode(framing, null, "cmd.onHeartbeat", meta));
            heartbeatFrame = f;
        }
        return f.frame();
    }

    /** Gives the subscription its stream, once the head is written. */
    void attach(EventSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("Subscription " + id + " already has a stream");
        }
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public List<String> channels() {
        return channels;
    }

    @Override
    public boolean hasChannel(String channel) {
        return channels.contains(channel);
    }

    /** The sink that writes to this stream. */
    EventSink sink() {
        return sink;
    }

    @Override
    public boolean isClosed() {
        EventSink s = sink;
        return s != null && !s.isOpen();
    }

    /**
     * Adds channels not yet present, keeping order.
     *
     * @return the channels that were actually added
     */
    synchronized List<String> addChannels(List<String> toAdd) {
        LinkedHashSet<String> set = new LinkedHashSet<>(channels);
        List<String> added = new ArrayList<>();
        for (String c : toAdd) {
            if (set.add(c)) {
                added.add(c);
            }
        }
        if (!added.isEmpty()) {
            setChannels(new ArrayList<>(set));
        }
        return added;
    }

    /**
     * Removes channels that are present.
     *
     * @return the channels that were actually removed
     */
    synchronized List<String> removeChannels(List<String> toRemove) {
        List<String> next = new ArrayList<>(channels);
        List<String> removed = new ArrayList<>();
        for (String c : toRemove) {
            if (next.remove(c)) {
                removed.add(c);
            }
        }
        if (!removed.isEmpty()) {
            setChannels(next);
        }
        return removed;
    }

    private void setChannels(List<String> next) {
        channels = List.copyOf(next);
        meta.put("channels", String.join(",", channels));
        metaJson = null;
    }

    @Override
    public Map<String, String> meta() {
        return meta;
    }

    @Override
    public void metaChanged() {
        metaJson = null;
    }

    @Override
    public Map<String, String> serverArgs() {
        return serverArgs;
    }

    @Override
    public Map<String, String> metaSnapshot() {
        Map<String, String> copy = new LinkedHashMap<>();
        synchronized (meta) {
            for (String key : META_ORDER) {
                String v = meta.get(key);
                if (v != null) {
                    copy.put(key, v);
                }
            }
            for (Map.Entry<String, String> e : meta.entrySet()) {
                if (e.getValue() != null) {
                    copy.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        return copy;
    }

    @Override
    public String metaJson() {
        String json = metaJson;
        if (json == null) {
            json = Json.writeFlat(metaSnapshot());
            metaJson = json;
        }
        return json;
    }

    @Override
    public SubscriptionInfo info() {
        return new SubscriptionInfo(id, channels, userId, userName, displayName, sessionId, userAddress,
                authenticated, createdAt, lastPulseAt, metaSnapshot(), Map.of(), Map.copyOf(serverArgs));
    }

    @Override
    public String toString() {
        return "Subscription{" + id + ", user " + userId + ", channels " + channels + "}";
    }
}
