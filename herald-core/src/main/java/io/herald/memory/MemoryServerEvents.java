package io.herald.memory;

import io.herald.EventSubscription;
import io.herald.JsonCodec;
import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.ServerEventsHooks;
import io.herald.ServerEventsOptions;
import io.herald.SubscriptionInfo;
import io.herald.internal.Frames;
import io.herald.internal.Json;
import java.time.Clock;
import java.util.ArrayList;
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
    private final EventHistory history; // guarded by publishLock
    private final long firstEventId;
    private long lastEventId; // guarded by publishLock

    private final LocalSubscriptions subs = new LocalSubscriptions();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder totalUnsubscriptions = new LongAdder();
    private final LongAdder notificationsSent = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder closedByClient = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder resumedWithGap = new LongAdder();


    private final ScheduledExecutorService background;
    private ScheduledFuture<?> houseKeeping;

    public MemoryServerEvents(ServerEventsOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.codec = options.codec();
        this.hooks = options.hooks();
        this.clock = options.clock();
        // Ids are times in microseconds (see nextEventId): a restarted server never reuses an id an old
        // client may still hold, so a resume position from an earlier run is recognised as lost.
        this.firstEventId = clock.millis() * 1000;
        this.lastEventId = firstEventId;
        this.history = new EventHistory(options.historySize(), options.historyRetention().toMillis());
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

    /**
     * The next event id: the current time in microseconds, or one more than the last id when events come
     * faster than that. Ids stay unique and increasing, and an id tells roughly when it was issued, so a
     * resume position from before a restart (or older than the history window) is recognised.
     */
    private long nextEventId() {
        lastEventId = Math.max(lastEventId + 1, clock.millis() * 1000);
        return lastEventId;
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
            long id = nextEventId();
            history.append(HistoryKeys.ALL, id, clock.millis(), data, null);
            hub.deliverToAll(id, null, data);
        }
        notificationsSent.increment();
    }

    @Override
    public void notifyChannel(String channel, String selector, Object message) {
        Selectors.checkChannel(channel);
        byte[] data = Frames.encode(channel, Selectors.checkSelector(selector), body(message));
        synchronized (publishLock) {
            long id = nextEventId();
            history.append(HistoryKeys.channel(channel), id, clock.millis(), data, null);
            hub.deliverToChannel(id, channel, data);
        }
        notificationsSent.increment();
    }

    @Override
    public void notifySubscription(String subscriptionId, String selector, Object message, String channelFilter) {
        EventSubscription sub = subs.get(subscriptionId);
        sendTo(null, sub == null ? List.of() : List.of(sub), selector, message, channelFilter);
    }

    @Override
    public void notifyUserId(String userId, String selector, Object message, String channelFilter) {
        sendTo(userId == null ? null : HistoryKeys.userId(userId), subs.byUserId(userId), selector, message, channelFilter);
    }

    @Override
    public void notifyUserName(String userName, String selector, Object message, String channelFilter) {
        sendTo(userName == null ? null : HistoryKeys.userName(userName), subs.byUserName(userName), selector, message,
                channelFilter);
    }

    @Override
    public void notifySession(String sessionId, String selector, Object message, String channelFilter) {
        sendTo(sessionId == null ? null : HistoryKeys.session(sessionId), subs.bySession(sessionId), selector, message,
                channelFilter);
    }

    /** @param historyKey where the message is kept for resuming clients; null: not kept */
    private void sendTo(String historyKey, Collection<EventSubscription> candidates, String selector, Object message,
                        String channelFilter) {
        Selectors.checkSelector(selector);
        if (channelFilter != null) {
            Selectors.checkChannel(channelFilter);
        }
        List<EventSubscription> targets = LocalSubscriptions.filter(candidates, channelFilter);
        if (targets.isEmpty() && historyKey == null) {
            return;
        }
        byte[] data = Frames.encode(null, selector, body(message));
        synchronized (publishLock) {
            long id = nextEventId();
            if (historyKey != null) {
                history.append(historyKey, id, clock.millis(), data, channelFilter);
            }
            if (!targets.isEmpty()) {
                hub.deliverTo(id, targets, data);
            }
        }
        notificationsSent.increment();
    }

    private void publishTo(List<EventSubscription> targets, byte[] data) {
        synchronized (publishLock) {
            hub.deliverTo(nextEventId(), targets, data);
        }
    }

    private void publishToChannelUnchecked(String channel, String selector, String json) {
        byte[] data = Frames.encode(channel, selector, json);
        synchronized (publishLock) {
            hub.deliverToChannel(nextEventId(), channel, data);
        }
    }

    private String body(Object message) {
        String body = codec.body(message);
        return body == null ? "" : body;
    }

    // ---- looking up ----------------------------------------------------------------------------

    @Override
    public SubscriptionInfo getSubscriptionInfo(String subscriptionId) {
        EventSubscription sub = subs.get(subscriptionId);
        return sub == null ? null : sub.info();
    }

    @Override
    public EventSubscription getLocalSubscription(String subscriptionId) {
        return subs.get(subscriptionId);
    }

    @Override
    public List<SubscriptionInfo> getSubscriptionInfosByUserId(String userId) {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (EventSubscription sub : subs.byUserId(userId)) {
            out.add(sub.info());
        }
        return out;
    }

    @Override
    public List<SubscriptionInfo> getAllSubscriptionInfos() {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (EventSubscription sub : subs.all()) {
            out.add(sub.info());
        }
        return out;
    }

    @Override
    public List<Map<String, String>> getSubscriptionsDetails(String... channels) {
        Collection<EventSubscription> found = subs.inChannels(channels);
        List<Map<String, String>> out = new ArrayList<>(found.size());
        for (EventSubscription sub : found) {
            out.add(sub.metaSnapshot());
        }
        return out;
    }

    // ---- subscriptions -------------------------------------------------------------------------

    @Override
    public void register(EventSubscription sub, Map<String, String> connectArgs, Long resumeAfter) {
        subs.add(sub);
        totalConnections.increment();
        byte[] connect = Frames.encode(null, "cmd.onConnect", Json.writeFlat(connectArgs));
        synchronized (publishLock) {
            // Under the publish lock: the replay holds exactly the events before onConnect, and
            // everything after it arrives live, so nothing is missed or sent twice.
            List<LocalHub.Frame> initial = new ArrayList<>();
            initial.add(new LocalHub.Frame(nextEventId(), connect));
            if (resumeAfter != null) {
                resume(sub, resumeAfter, initial);
            }
            hub.add(sub, initial);
        }
        hooks.subscribe(sub);
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

    private void resume(EventSubscription sub, long after, List<LocalHub.Frame> initial) {
        Set<String> keys = new LinkedHashSet<>();
        HistoryKeys.addFor(sub, keys);
        EventHistory.Replay replay = history.since(keys, after, new LinkedHashSet<>(sub.channels()), clock.millis());
        // A position before this process started, or one it never handed out, cannot be vouched for.
        boolean recovered = history.enabled() && replay.recovered() && after >= firstEventId
                && after <= lastEventId;
        // Even when something is gone, what history still holds was missed too: send it, flagged.
        List<EventHistory.Entry> entries = replay.entries();
        for (EventHistory.Entry e : entries) {
            initial.add(new LocalHub.Frame(e.eventId(), e.data()));
        }
        String body = "{\"lastEventId\":" + after + ",\"recovered\":" + recovered + ",\"replayed\":"
                + entries.size() + "}";
        initial.add(new LocalHub.Frame(nextEventId(), Frames.encode(null, "cmd.onResume", body)));
        (recovered ? resumed : resumedWithGap).increment();
    }

    @Override
    public void unregister(String subscriptionId) {
        EventSubscription sub = subs.remove(subscriptionId);
        if (sub == null) {
            return;
        }
        totalUnsubscriptions.increment();
        hub.remove(sub, true);
        hooks.unsubscribe(sub);
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
        List<String> list = Selectors.checkChannels(channels);
        EventSubscription sub = subs.get(subscriptionId);
        if (sub == null || list.isEmpty()) {
            return;
        }
        LocalSubscriptions.ChannelChange change = subs.changeChannels(sub, list, subscribe);
        List<String> before = change.before();
        List<String> changed = change.changed();
        if (changed.isEmpty()) {
            return;
        }
        hub.channelsChanged(sub, subscribe ? changed : List.of(), subscribe ? List.of() : changed);
        hooks.update(sub);
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
        EventSubscription sub = subs.get(subscriptionId);
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
        List<EventSubscription> idle = subs.expired(now, idleMs);
        for (EventSubscription sub : idle) {
            if (!sub.isClosed()) {
                expired.increment();
            }
            unregister(sub.id());
        }
        int removed = idle.size();
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
                    synchronized (publishLock) {
                        history.expire(clock.millis());
                    }
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
        subs.clear();
    }

    @Override
    public Map<String, Long> getStats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("subscriptions", (long) subs.size());
        stats.put("channels", (long) subs.channelCount());
        stats.put("totalConnections", totalConnections.sum());
        stats.put("totalUnsubscriptions", totalUnsubscriptions.sum());
        stats.put("notificationsSent", notificationsSent.sum());
        stats.put("deliveries", hub.deliveries());
        stats.put("slowEvictions", hub.evictions());
        stats.put("expired", expired.sum());
        stats.put("closedByClient", closedByClient.sum());
        stats.put("resumed", resumed.sum());
        stats.put("resumedWithGap", resumedWithGap.sum());
        synchronized (publishLock) {
            stats.put("historyEvents", history.entryCount());
            stats.put("historyBytes", history.byteCount());
        }
        return stats;
    }
}
