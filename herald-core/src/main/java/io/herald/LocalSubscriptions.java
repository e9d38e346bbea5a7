package io.herald;

import io.herald.internal.SetIndex;
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
final class LocalSubscriptions {

    private final Map<String, LiveSubscription> byId = new ConcurrentHashMap<>();
    private final SetIndex<LiveSubscription> byChannel = new SetIndex<>();
    private final SetIndex<LiveSubscription> byUserId = new SetIndex<>();
    private final SetIndex<LiveSubscription> byUserName = new SetIndex<>();
    private final SetIndex<LiveSubscription> bySession = new SetIndex<>();

    /**
     * Indexes a new subscription.
     *
     * @throws IllegalStateException if its id is already indexed
     */
    void add(LiveSubscription sub) {
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
    LiveSubscription remove(String id) {
        LiveSubscription sub = id == null ? null : byId.remove(id);
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
    record ChannelChange(List<String> before, List<String> changed) {
    }

    /** Adds ({@code subscribe}) or removes channels of an indexed subscription and updates the index. */
    ChannelChange changeChannels(LiveSubscription sub, List<String> channels, boolean subscribe) {
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

    LiveSubscription get(String id) {
        return id == null ? null : byId.get(id);
    }

    Collection<LiveSubscription> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    int channelCount() {
        return byChannel.size();
    }

    /** Each channel with the number of streams in it. */
    Map<String, Integer> channelCounts() {
        return byChannel.counts();
    }

    Collection<LiveSubscription> byChannel(String channel) {
        return byChannel.get(channel);
    }

    Collection<LiveSubscription> byUserId(String userId) {
        return byUserId.get(userId);
    }

    Collection<LiveSubscription> byUserName(String userName) {
        return byUserName.get(userName);
    }

    Collection<LiveSubscription> bySession(String sessionId) {
        return bySession.get(sessionId);
    }

    /** Subscriptions in any of {@code channels}, each once; every subscription when none are given. */
    Collection<LiveSubscription> inChannels(String... channels) {
        if (channels == null || channels.length == 0) {
            return byId.values();
        }
        Set<LiveSubscription> unique = new LinkedHashSet<>();
        for (String ch : channels) {
            unique.addAll(byChannel.get(ch));
        }
        return unique;
    }

    /**
     * Subscriptions under idle expiry with no heartbeat for longer than {@code idleMillis}, and those whose stream
     * has closed.
     */
    List<LiveSubscription> expired(long nowMillis, long idleMillis) {
        List<LiveSubscription> out = new ArrayList<>();
        for (LiveSubscription sub : byId.values()) {
            if (sub.heartbeating() && nowMillis - sub.lastPulseAt() > idleMillis || sub.isClosed()) {
                out.add(sub);
            }
        }
        return out;
    }

    /** {@code subs} that listen to {@code channelFilter} (all of them when it is null). */
    static List<LiveSubscription> filter(Collection<LiveSubscription> subs, String channelFilter) {
        List<LiveSubscription> out = new ArrayList<>(subs.size());
        for (LiveSubscription sub : subs) {
            if (channelFilter == null || sub.hasChannel(channelFilter)) {
                out.add(sub);
            }
        }
        return out;
    }

    void clear() {
        byId.clear();
        byChannel.clear();
        byUserId.clear();
        byUserName.clear();
        bySession.clear();
    }
}
