package io.herald.memory;

import io.herald.EventSubscription;
import io.herald.SubscriptionInfo;
import io.herald.internal.SetIndex;
import io.herald.spi.Registry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process {@link Registry}: the subscriptions themselves (no copies), indexed by channel and user id,
 * each with the time it was last touched. Thread-safe; nothing here blocks.
 */
public final class MemoryRegistry implements Registry {

    private static final class Entry {
        final EventSubscription sub;
        volatile long touchedAt;

        Entry(EventSubscription sub, long touchedAt) {
            this.sub = sub;
            this.touchedAt = touchedAt;
        }
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final SetIndex<String> byChannel = new SetIndex<>();
    private final SetIndex<String> byUserId = new SetIndex<>();

    @Override
    public void put(EventSubscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        synchronized (this) { // index updates of one subscription never interleave with its removal
            Entry previous = byId.put(subscription.id(), new Entry(subscription, subscription.lastPulseAt()));
            if (previous != null) {
                unindex(previous.sub.id(), previous.sub.channels(), previous.sub.userId());
            }
            subscription.channels().forEach(c -> byChannel.add(c, subscription.id()));
            byUserId.add(subscription.userId(), subscription.id());
        }
    }

    @Override
    public boolean remove(SubscriptionInfo subscription) {
        synchronized (this) {
            Entry e = byId.remove(subscription.id());
            if (e == null) {
                return false;
            }
            unindex(e.sub.id(), e.sub.channels(), e.sub.userId());
            unindex(subscription.id(), subscription.channels(), subscription.userId());
            return true;
        }
    }

    private void unindex(String id, List<String> channels, String userId) {
        channels.forEach(c -> byChannel.remove(c, id));
        byUserId.remove(userId, id);
    }

    @Override
    public void update(EventSubscription subscription, List<String> added, List<String> removed) {
        synchronized (this) {
            Entry e = byId.get(subscription.id());
            if (e != null) {
                byId.put(subscription.id(), new Entry(subscription, e.touchedAt));
                added.forEach(c -> byChannel.add(c, subscription.id()));
                removed.forEach(c -> byChannel.remove(c, subscription.id()));
            }
        }
    }

    @Override
    public boolean touch(String subscriptionId, long nowMillis) {
        Entry e = subscriptionId == null ? null : byId.get(subscriptionId);
        if (e == null) {
            return false;
        }
        e.touchedAt = nowMillis;
        return true;
    }

    @Override
    public SubscriptionInfo get(String subscriptionId) {
        Entry e = subscriptionId == null ? null : byId.get(subscriptionId);
        return e == null ? null : e.sub.info();
    }

    @Override
    public List<SubscriptionInfo> byUserId(String userId) {
        return infos(byUserId.get(userId));
    }

    @Override
    public List<SubscriptionInfo> inChannels(Collection<String> channels) {
        if (channels.isEmpty()) {
            return infos(byId.keySet());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String c : channels) {
            ids.addAll(byChannel.get(c));
        }
        return infos(ids);
    }

    @Override
    public List<SubscriptionInfo> staleBefore(long cutoffMillis) {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (Entry e : byId.values()) {
            if (e.touchedAt < cutoffMillis) {
                out.add(e.sub.info());
            }
        }
        return out;
    }

    @Override
    public synchronized void clear() {
        byId.clear();
        byChannel.clear();
        byUserId.clear();
    }

    private List<SubscriptionInfo> infos(Collection<String> ids) {
        List<SubscriptionInfo> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Entry e = byId.get(id);
            if (e != null) {
                out.add(e.sub.info());
            }
        }
        return out;
    }
}
