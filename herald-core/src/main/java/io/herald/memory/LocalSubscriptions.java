package io.herald.memory;

import io.herald.EventSubscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The look-up indexes of the streams this process holds: by subscription id, channel, user id, user name
 * and session id. Null keys are not indexed. Thread-safe; a subscription's entries are changed under its
 * own monitor so concurrent channel changes and removal cannot leave stale entries.
 */
public final class LocalSubscriptions {

    private final Map<String, EventSubscription> byId = new ConcurrentHashMap<>();
    private final Index byChannel = new Index();
    private final Index byUserId = new Index();
    private final Index byUserName = new Index();
    private final Index bySession = new Index();

    /**
     * Indexes a new subscription.
     *
     * @throws IllegalStateException if its id is already indexed
     */
    public void add(EventSubscription sub) {
        synchronized (sub) {
            if (byId.putIfAbsent(sub.id(), sub) != null) {
                throw new IllegalStateException("Subscription " + sub.id() + " is already registered");
            }
            for (String ch : sub.channels()) {
                byChannel.add(ch, sub);
            }
            byUserId.add(sub.userId(), sub);
            byUserName.add(sub.userName(), sub);
            bySession.add(sub.sessionId(), sub);
        }
    }

    /** Removes a subscription by id; returns it, or null if it was not indexed. */
    public EventSubscription remove(String id) {
        EventSubscription sub = id == null ? null : byId.remove(id);
        if (sub != null) {
            synchronized (sub) {
                for (String ch : sub.channels()) {
                    byChannel.remove(ch, sub);
                }
                byUserId.remove(sub.userId(), sub);
                byUserName.remove(sub.userName(), sub);
                bySession.remove(sub.sessionId(), sub);
            }
        }
        return sub;
    }

    /** Result of a channel change: the channels before, and those actually added or removed. */
    public record ChannelChange(List<String> before, List<String> changed) {
    }

    /** Adds ({@code subscribe}) or removes channels of an indexed subscription and updates the index. */
    public ChannelChange changeChannels(EventSubscription sub, List<String> channels, boolean subscribe) {
        synchronized (sub) {
            List<String> before = sub.channels();
            List<String> changed = subscribe ? sub.addChannels(channels) : sub.removeChannels(channels);
            if (byId.get(sub.id()) == sub) {
                for (String ch : changed) {
                    if (subscribe) {
                        byChannel.add(ch, sub);
                    } else {
                        byChannel.remove(ch, sub);
                    }
                }
            }
            return new ChannelChange(before, changed);
        }
    }

    public EventSubscription get(String id) {
        return id == null ? null : byId.get(id);
    }

    public Collection<EventSubscription> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    public int channelCount() {
        return byChannel.size();
    }

    public Collection<EventSubscription> byChannel(String channel) {
        return byChannel.get(channel);
    }

    public Collection<EventSubscription> byUserId(String userId) {
        return byUserId.get(userId);
    }

    public Collection<EventSubscription> byUserName(String userName) {
        return byUserName.get(userName);
    }

    public Collection<EventSubscription> bySession(String sessionId) {
        return bySession.get(sessionId);
    }

    /** Subscriptions in any of {@code channels}, each once; every subscription when none are given. */
    public Collection<EventSubscription> inChannels(String... channels) {
        if (channels == null || channels.length == 0) {
            return byId.values();
        }
        Set<EventSubscription> unique = new LinkedHashSet<>();
        for (String ch : channels) {
            unique.addAll(byChannel.get(ch));
        }
        return unique;
    }

    /** Subscriptions with no heartbeat for longer than {@code idleMillis}, or whose stream has closed. */
    public List<EventSubscription> expired(long nowMillis, long idleMillis) {
        List<EventSubscription> out = new ArrayList<>();
        for (EventSubscription sub : byId.values()) {
            if (nowMillis - sub.lastPulseAt() > idleMillis || sub.isClosed()) {
                out.add(sub);
            }
        }
        return out;
    }

    /** {@code subs} that listen to {@code channelFilter} (all of them when it is null). */
    public static List<EventSubscription> filter(Collection<EventSubscription> subs, String channelFilter) {
        List<EventSubscription> out = new ArrayList<>(subs.size());
        for (EventSubscription sub : subs) {
            if (channelFilter == null || sub.hasChannel(channelFilter)) {
                out.add(sub);
            }
        }
        return out;
    }

    public void clear() {
        byId.clear();
        byChannel.clear();
        byUserId.clear();
        byUserName.clear();
        bySession.clear();
    }

    /** key -> subscriptions, with null keys skipped and empty sets dropped. */
    private static final class Index {
        private final Map<String, Set<EventSubscription>> map = new ConcurrentHashMap<>();

        void add(String key, EventSubscription sub) {
            if (key != null) {
                // add inside compute: a concurrent remove must not drop the set we are adding to
                map.compute(key, (k, set) -> {
                    Set<EventSubscription> s = set != null ? set : ConcurrentHashMap.newKeySet();
                    s.add(sub);
                    return s;
                });
            }
        }

        void remove(String key, EventSubscription sub) {
            if (key != null) {
                map.computeIfPresent(key, (k, set) -> {
                    set.remove(sub);
                    return set.isEmpty() ? null : set;
                });
            }
        }

        Collection<EventSubscription> get(String key) {
            if (key == null) {
                return List.of();
            }
            Set<EventSubscription> set = map.get(key);
            return set == null ? List.of() : set;
        }

        int size() {
            return map.size();
        }

        void clear() {
            map.clear();
        }
    }
}
