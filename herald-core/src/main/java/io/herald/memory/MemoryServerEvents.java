package io.herald.memory;

import io.herald.EventSubscription;
import io.herald.JsonCodec;
import io.herald.RawJson;
import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.ServerEventsHooks;
import io.herald.ServerEventsOptions;
import io.herald.SubscriptionInfo;
import io.herald.internal.Frames;
import io.herald.internal.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default back-end: every subscription lives in this process.
 *
 * <p>Look-ups use concurrent indexes by subscription id, channel, user id, user name and session id.
 * Sending serialises the body once, takes the next event id under a short publish lock and hands the
 * shared bytes to the {@link LocalHub}, which fans them out on the connections' own I/O threads. One
 * total order per process: every stream sees events in event-id order.
 *
 * <p>A housekeeping thread removes subscriptions idle for longer than the idle timeout every
 * housekeeping interval (with {@code onLeave}), and handles streams that closed or were evicted as too
 * slow. Thread-safe.
 */
public final class MemoryServerEvents implements ServerEvents {

    private static final Logger log = LoggerFactory.getLogger(MemoryServerEvents.class);

    private final ServerEventsOptions options;
    private final JsonCodec codec;
    private final ServerEventsHooks hooks;
    private final Clock clock;
    private final LocalHub hub;
    private final Object publishLock = new Object();
    private long lastEventId;

    private final Map<String, EventSubscription> byId = new ConcurrentHashMap<>();
    private final Index byChannel = new Index();
    private final Index byUserId = new Index();
    private final Index byUserName = new Index();
    private final Index bySession = new Index();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder totalUnsubscriptions = new LongAdder();
    private final LongAdder notificationsSent = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder closedByClient = new LongAdder();

    private final ScheduledExecutorService background;
    private ScheduledFuture<?> houseKeeping;

    public MemoryServerEvents(ServerEventsOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.codec = options.codec();
        this.hooks = options.hooks();
        this.clock = options.clock();
        this.hub = new LocalHub(options.maxQueuedBytes(), options.maxQueuedFrames(), hooks, new LocalHub.Listener() {
            @Override
            public void onEvicted(EventSubscription sub, String reason) {
                log.warn("Closed subscription {} of user {}: {}", sub.id(), sub.userId(), reason);
                runInBackground(() -> unregister(sub.id()));
            }

            @Override
            public void onClosed(EventSubscription sub) {
                closedByClient.increment();
                runInBackground(() -> unregister(sub.id()));
            }
        });
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** A memory back-end with default options. */
    public MemoryServerEvents() {
        this(ServerEventsOptions.defaults());
    }

    /** The hub that writes to this process's streams. */
    public LocalHub hub() {
        return hub;
    }

    private void runInBackground(Runnable task) {
        try {
            background.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Herald background task failed", e);
                }
            });
        } catch (RuntimeException rejected) {
            task.run(); // shutting down: do it here rather than lose the clean-up
        }
    }

    // ---- sending -------------------------------------------------------------------------------

    @Override
    public void notifyAll(String selector, Object message) {
        byte[] data = Frames.encode(null, Selectors.checkSelector(selector), body(message));
        synchronized (publishLock) {
            hub.deliverToAll(++lastEventId, null, data);
        }
        notificationsSent.increment();
    }

    @Override
    public void notifyChannel(String channel, String selector, Object message) {
        Selectors.checkChannel(channel);
        byte[] data = Frames.encode(channel, Selectors.checkSelector(selector), body(message));
        synchronized (publishLock) {
            hub.deliverToChannel(++lastEventId, channel, data);
        }
        notificationsSent.increment();
    }

    @Override
    public void notifySubscription(String subscriptionId, String selector, Object message, String channelFilter) {
        EventSubscription sub = subscriptionId == null ? null : byId.get(subscriptionId);
        sendTo(sub == null ? List.of() : List.of(sub), selector, message, channelFilter);
    }

    @Override
    public void notifyUserId(String userId, String selector, Object message, String channelFilter) {
        sendTo(byUserId.get(userId), selector, message, channelFilter);
    }

    @Override
    public void notifyUserName(String userName, String selector, Object message, String channelFilter) {
        sendTo(byUserName.get(userName), selector, message, channelFilter);
    }

    @Override
    public void notifySession(String sessionId, String selector, Object message, String channelFilter) {
        sendTo(bySession.get(sessionId), selector, message, channelFilter);
    }

    private void sendTo(Collection<EventSubscription> subs, String selector, Object message, String channelFilter) {
        Selectors.checkSelector(selector);
        if (channelFilter != null) {
            Selectors.checkChannel(channelFilter);
        }
        List<EventSubscription> targets = new ArrayList<>(subs.size());
        for (EventSubscription sub : subs) {
            if (channelFilter == null || sub.hasChannel(channelFilter)) {
                targets.add(sub);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        byte[] data = Frames.encode(null, selector, body(message));
        publishTo(targets, data);
        notificationsSent.increment();
    }

    private void publishTo(List<EventSubscription> targets, byte[] data) {
        synchronized (publishLock) {
            hub.deliverTo(++lastEventId, targets, data);
        }
    }

    private void publishToChannelUnchecked(String channel, String selector, String json) {
        byte[] data = Frames.encode(channel, selector, json);
        synchronized (publishLock) {
            hub.deliverToChannel(++lastEventId, channel, data);
        }
    }

    private String body(Object message) {
        if (message == null) {
            return "";
        }
        if (message instanceof RawJson raw) {
            return raw.json();
        }
        return codec.encode(message);
    }

    // ---- looking up ----------------------------------------------------------------------------

    @Override
    public SubscriptionInfo getSubscriptionInfo(String subscriptionId) {
        EventSubscription sub = subscriptionId == null ? null : byId.get(subscriptionId);
        return sub == null ? null : sub.info();
    }

    /** The live subscription with this id held by this process, or null. */
    public EventSubscription getSubscription(String subscriptionId) {
        return subscriptionId == null ? null : byId.get(subscriptionId);
    }

    @Override
    public List<SubscriptionInfo> getSubscriptionInfosByUserId(String userId) {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (EventSubscription sub : byUserId.get(userId)) {
            out.add(sub.info());
        }
        return out;
    }

    @Override
    public List<SubscriptionInfo> getAllSubscriptionInfos() {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (EventSubscription sub : byId.values()) {
            out.add(sub.info());
        }
        return out;
    }

    @Override
    public List<Map<String, String>> getSubscriptionsDetails(String... channels) {
        Collection<EventSubscription> subs;
        if (channels == null || channels.length == 0) {
            subs = byId.values();
        } else {
            Set<EventSubscription> unique = new LinkedHashSet<>();
            for (String ch : channels) {
                unique.addAll(byChannel.get(ch));
            }
            subs = unique;
        }
        List<Map<String, String>> out = new ArrayList<>(subs.size());
        for (EventSubscription sub : subs) {
            out.add(sub.metaSnapshot());
        }
        return out;
    }

    // ---- subscriptions -------------------------------------------------------------------------

    @Override
    public void register(EventSubscription sub, Map<String, String> connectArgs) {
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
        totalConnections.increment();
        hub.add(sub);
        publishTo(List.of(sub), Frames.encode(null, "cmd.onConnect", Json.writeFlat(connectArgs)));
        try {
            hooks.subscribe(sub);
        } catch (RuntimeException e) {
            hooks.error(sub, e);
            log.warn("onSubscribe hook failed for {}", sub.id(), e);
        }
        if (options.notifyChannelOfSubscriptions()) {
            String meta = sub.metaJson();
            for (String ch : sub.channels()) {
                publishToChannelUnchecked(ch, "cmd.onJoin", meta);
            }
        } else {
            hub.nopToChannels(sub.channels(), sub);
        }
        if (!sub.sink().isOpen()) { // the client left while we were registering it
            unregister(sub.id());
        }
    }

    @Override
    public void unregister(String subscriptionId) {
        EventSubscription sub = subscriptionId == null ? null : byId.remove(subscriptionId);
        if (sub == null) {
            return;
        }
        synchronized (sub) {
            for (String ch : sub.channels()) {
                byChannel.remove(ch, sub);
            }
            byUserId.remove(sub.userId(), sub);
            byUserName.remove(sub.userName(), sub);
            bySession.remove(sub.sessionId(), sub);
        }
        totalUnsubscriptions.increment();
        hub.remove(sub, true);
        try {
            hooks.unsubscribe(sub);
        } catch (RuntimeException e) {
            hooks.error(sub, e);
            log.warn("onUnsubscribe hook failed for {}", sub.id(), e);
        }
        if (options.notifyChannelOfSubscriptions()) {
            String meta = sub.metaJson();
            for (String ch : sub.channels()) {
                publishToChannelUnchecked(ch, "cmd.onLeave", meta);
            }
        }
    }

    @Override
    public void subscribeToChannels(String subscriptionId, String... channels) {
        changeChannels(subscriptionId, channels, true);
    }

    @Override
    public void unsubscribeFromChannels(String subscriptionId, String... channels) {
        changeChannels(subscriptionId, channels, false);
    }

    private void changeChannels(String subscriptionId, String[] channels, boolean subscribe) {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(channels, "channels");
        List<String> list = Arrays.asList(channels);
        list.forEach(Selectors::checkChannel);
        EventSubscription sub = byId.get(subscriptionId);
        if (sub == null || list.isEmpty()) {
            return;
        }
        List<String> before;
        List<String> changed;
        synchronized (sub) {
            before = sub.channels();
            changed = subscribe ? sub.addChannels(list) : sub.removeChannels(list);
            for (String ch : changed) {
                if (subscribe) {
                    byChannel.add(ch, sub);
                } else {
                    byChannel.remove(ch, sub);
                }
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        hub.channelsChanged(sub, subscribe ? changed : List.of(), subscribe ? List.of() : changed);
        try {
            hooks.update(sub);
        } catch (RuntimeException e) {
            hooks.error(sub, e);
            log.warn("onUpdate hook failed for {}", sub.id(), e);
        }
        if (options.notifyChannelOfSubscriptions()) {
            // ServiceStack's memory back-end tells old and new channels alike (MergedChannels).
            Set<String> merged = new LinkedHashSet<>(before);
            merged.addAll(sub.channels());
            String meta = sub.metaJson();
            for (String ch : merged) {
                publishToChannelUnchecked(ch, "cmd.onUpdate", meta);
            }
        }
    }

    @Override
    public boolean pulse(String subscriptionId) {
        EventSubscription sub = subscriptionId == null ? null : byId.get(subscriptionId);
        if (sub == null) {
            return false;
        }
        sub.pulse(clock.millis());
        publishTo(List.of(sub), Frames.encode(null, "cmd.onHeartbeat", sub.metaJson()));
        return true;
    }

    @Override
    public int removeExpiredSubscriptions() {
        long now = clock.millis();
        long idleMs = options.idleTimeout().toMillis();
        int removed = 0;
        for (EventSubscription sub : byId.values()) {
            if (now - sub.lastPulseAt() > idleMs || sub.isClosed()) {
                if (!sub.isClosed()) {
                    expired.increment();
                }
                unregister(sub.id());
                removed++;
            }
        }
        return removed;
    }

    @Override
    public long getNextSequence(String sequenceName) {
        Objects.requireNonNull(sequenceName, "sequenceName");
        return sequences.computeIfAbsent(sequenceName, k -> new AtomicLong()).incrementAndGet();
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (houseKeeping == null && !background.isShutdown()) {
            long every = options.houseKeepingInterval().toMillis();
            houseKeeping = background.scheduleWithFixedDelay(() -> {
                try {
                    removeExpiredSubscriptions();
                } catch (RuntimeException e) {
                    log.error("Herald housekeeping failed", e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (houseKeeping != null) {
            houseKeeping.cancel(false);
            houseKeeping = null;
        }
        hub.closeAll();
        clearIndexes();
    }

    /** Stops and releases the housekeeping thread; the instance cannot be started again. */
    @Override
    public synchronized void close() {
        stop();
        background.shutdown();
    }

    @Override
    public void reset() {
        hub.forgetAll();
        clearIndexes();
    }

    private void clearIndexes() {
        byId.clear();
        byChannel.clear();
        byUserId.clear();
        byUserName.clear();
        bySession.clear();
    }

    @Override
    public Map<String, Long> getStats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("subscriptions", (long) byId.size());
        stats.put("channels", (long) byChannel.size());
        stats.put("totalConnections", totalConnections.sum());
        stats.put("totalUnsubscriptions", totalUnsubscriptions.sum());
        stats.put("notificationsSent", notificationsSent.sum());
        stats.put("deliveries", hub.deliveries());
        stats.put("slowEvictions", hub.evictions());
        stats.put("expired", expired.sum());
        stats.put("closedByClient", closedByClient.sum());
        return stats;
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
