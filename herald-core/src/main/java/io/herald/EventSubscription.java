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
 * One live event stream held by this server: who it belongs to, which channels it listens to, and the
 * sink that writes to it. Created by {@link ServerEventsFeature} when a stream opens, handed to the
 * back-end by {@link ServerEvents#register}. Thread-safe.
 *
 * <p>{@link #meta()} is the public info every other user sees in join, leave and update events and the
 * subscribers list. Hooks may add keys to it (in {@code onCreated}) and to {@link #serverArgs()}, which
 * never leaves the server.
 */
public final class EventSubscription {

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
    private final EventSink sink;
    private final Map<String, String> meta = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> serverArgs = new ConcurrentHashMap<>();
    private volatile List<String> channels;
    private volatile long lastPulseAt;
    private volatile String metaJson;

    /**
     * @param id            20 random {@code [A-Za-z0-9]} characters
     * @param channels      the channels, validated by the caller
     * @param userId        never null
     * @param displayName   never null
     * @param createdAt     unix milliseconds
     * @param sink          where events for this stream are written
     */
    public EventSubscription(String id, List<String> channels, String userId, String userName, String displayName,
                             String sessionId, String userAddress, boolean authenticated, String profileUrl,
                             long createdAt, EventSink sink) {
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
        this.sink = Objects.requireNonNull(sink, "sink");
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

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String userName() {
        return userName;
    }

    public String displayName() {
        return displayName;
    }

    public String sessionId() {
        return sessionId;
    }

    public String userAddress() {
        return userAddress;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public String profileUrl() {
        return profileUrl;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastPulseAt() {
        return lastPulseAt;
    }

    /** Records a heartbeat at {@code nowMillis}. */
    public void pulse(long nowMillis) {
        lastPulseAt = nowMillis;
    }

    /** The channels, in order (an immutable snapshot). */
    public List<String> channels() {
        return channels;
    }

    public boolean hasChannel(String channel) {
        return channels.contains(channel);
    }

    /** The sink that writes to this stream. */
    public EventSink sink() {
        return sink;
    }

    /** True once the stream has closed. */
    public boolean isClosed() {
        return !sink.isOpen();
    }

    /**
     * Adds channels not yet present, keeping order. Called by back-ends.
     *
     * @return the channels that were actually added
     */
    public synchronized List<String> addChannels(List<String> toAdd) {
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
     * Removes channels that are present. Called by back-ends.
     *
     * @return the channels that were actually removed
     */
    public synchronized List<String> removeChannels(List<String> toRemove) {
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

    /**
     * The public info, live and mutable: hooks may add keys. Changes made after registration reach the
     * next join, leave, update or heartbeat event only after {@link #metaChanged()}.
     */
    public Map<String, String> meta() {
        return meta;
    }

    /** Drops the cached JSON of {@link #meta()} after a hook changed it. */
    public void metaChanged() {
        metaJson = null;
    }

    /** Server-only values for hooks and services; never sent to any client. */
    public Map<String, String> serverArgs() {
        return serverArgs;
    }

    /** An ordered copy of the meta map (known keys first). */
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

    /** The meta map as flat single-line JSON, cached until it changes. */
    public String metaJson() {
        String json = metaJson;
        if (json == null) {
            json = Json.writeFlat(metaSnapshot());
            metaJson = json;
        }
        return json;
    }

    /** A snapshot of this subscription. {@code connectArgs} are not kept after registration and are empty. */
    public SubscriptionInfo info() {
        return new SubscriptionInfo(id, channels, userId, userName, displayName, sessionId, userAddress,
                authenticated, createdAt, lastPulseAt, metaSnapshot(), Map.of(), Map.copyOf(serverArgs));
    }

    @Override
    public String toString() {
        return "EventSubscription{" + id + ", user " + userId + ", channels " + channels + "}";
    }
}
