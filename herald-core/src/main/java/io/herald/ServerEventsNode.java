package io.herald;

import io.herald.internal.Frames;
import io.herald.internal.Json;
import io.herald.internal.LocalHub;
import io.herald.spi.Address;
import io.herald.spi.Broker;
import io.herald.spi.Control;
import io.herald.spi.Event;
import io.herald.spi.History;
import io.herald.spi.Message;
import io.herald.spi.Registry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link ServerEvents}: what a server does with subscriptions, written once over a
 * back-end's {@link Broker} (how events travel and are kept) and {@link Registry} (who is subscribed).
 * {@code MemoryServerEvents} and {@code RedisServerEvents} are this node over the in-process and the Redis
 * implementations; another back-end is a subclass that passes its own.
 *
 * <h2>What the node does</h2>
 * <ul>
 *   <li><b>Sending.</b> Validates selectors, channels and targets, serialises the body once, publishes one
 *       {@link Message}. Every node (this one included) receives the event from the broker, encodes the SSE
 *       frame once and hands it to its hub, which writes it to the matching streams it holds.</li>
 *   <li><b>Subscriptions.</b> Registers streams (in its own index and the registry), runs the hooks, announces
 *       joins, leaves and channel changes as presence events, answers heartbeats, removes idle streams and
 *       sweeps the registry entries of vanished nodes (distributed brokers only).</li>
 *   <li><b>Resume.</b> A stream opened with a last event id gets the kept events it missed from the broker's
 *       history, merged by id with live events, then {@code cmd.onResume}. When the broker's link drops and
 *       comes back, the node fills the gap for all its streams the same way.</li>
 *   <li><b>Replies</b> that concern one stream ({@code cmd.onConnect}, {@code cmd.onHeartbeat},
 *       {@code cmd.onResume}) are not events of the order: they carry the id of the newest event the stream
 *       has, so ids never decrease on a stream and a client's resume position is always a real one.</li>
 * </ul>
 *
 * <p>Thread-safe. Methods may block on the back-end's I/O; do not call them on an I/O event loop.
 */
public abstract class ServerEventsNode implements ServerEvents {

    private static final Logger log = LoggerFactory.getLogger(ServerEventsNode.class);

    private final ServerEventsOptions options;
    private final JsonCodec codec;
    private final ServerEventsHooks hooks;
    private final Clock clock;
    private final Broker broker;
    private final Registry registry;
    private final LocalHub hub;
    private final LocalSubscriptions local = new LocalSubscriptions();
    private final NodeStats stats = new NodeStats();
    private final Router router;
    private final GapFill gapFill;
    private final Housekeeper housekeeper;
    private boolean brokerRunning;

    /**
     * @param options  the settings shared with the endpoints
     * @param broker   moves and keeps messages; the node starts it in {@link #start()} and closes it
     * @param registry who is subscribed; the node closes it
     */
    protected ServerEventsNode(ServerEventsOptions options, Broker broker, Registry registry) {
        this.options = Objects.requireNonNull(options, "options");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.codec = options.codec();
        this.hooks = options.hooks();
        this.clock = options.clock();
        this.hub = new LocalHub(options.maxQueuedBytes(), options.maxQueuedFrames(), hooks, new LocalHub.Listener() {
            @Override
            public void onEvicted(EventSubscription sub, String reason) {
                log.warn("Closed subscription {} of user {}: {}", sub.id(), sub.userId(), reason);
                hooks.error(sub, new IllegalStateException("Subscription " + sub.id() + " evicted, " + reason));
                housekeeper.runInBackground(() -> unregister(sub.id()));
            }

            @Override
            public void onClosed(EventSubscription sub) {
                stats.closedByClient.increment();
                Throwable failure = sub instanceof LiveSubscription live ? live.sink().failure() : null;
                if (failure != null) {
                    hooks.error(sub, failure);
                }
                housekeeper.runInBackground(() -> unregister(sub.id()));
            }
        });
        this.router = new Router(hub, local, stats);
        this.gapFill = new GapFill(this, router);
        this.housekeeper = new Housekeeper(this, options, broker, registry, local, stats);
        startBroker();
    }

    /** Events flow from construction on, so a node can send before {@link #start()} (which adds the timers). */
    private void startBroker() {
        broker.start(listener);
        brokerRunning = true;
    }

    /** The broker this node publishes through. */
    protected final Broker broker() {
        return broker;
    }

    /** The registry this node keeps its subscriptions in. */
    protected final Registry registry() {
        return registry;
    }

    // ---- sending -------------------------------------------------------------------------------

    @Override
    public void notifyAll(String selector, Object message) {
        publish(Message.toAll(Selectors.checkSelector(selector), codec.body(message)));
    }

    @Override
    public void notifyChannel(String channel, String selector, Object message) {
        Selectors.checkChannel(channel);
        publish(Message.toChannels(List.of(channel), Selectors.checkSelector(selector), codec.body(message)));
    }

    @Override
    public void notifyChannels(Collection<String> channels, String selector, Object message) {
        Objects.requireNonNull(channels, "channels");
        List<String> list = new ArrayList<>(new LinkedHashSet<>(channels));
        if (list.isEmpty()) {
            throw new IllegalArgumentException("channels is required: name at least one channel");
        }
        list.forEach(Selectors::checkChannel);
        publish(Message.toChannels(list, Selectors.checkSelector(selector), codec.body(message)));
    }

    @Override
    public void notifySubscription(String subscriptionId, String selector, Object message, String channelFilter) {
        notifyTarget(Message.Target.SUBSCRIPTION, "subscriptionId", subscriptionId, selector, message, channelFilter);
    }

    @Override
    public void notifyUserId(String userId, String selector, Object message, String channelFilter) {
        notifyTarget(Message.Target.USER_ID, "userId", userId, selector, message, channelFilter);
    }

    @Override
    public void notifyUserName(String userName, String selector, Object message, String channelFilter) {
        notifyTarget(Message.Target.USER_NAME, "userName", userName, selector, message, channelFilter);
    }

    @Override
    public void notifySession(String sessionId, String selector, Object message, String channelFilter) {
        notifyTarget(Message.Target.SESSION, "sessionId", sessionId, selector, message, channelFilter);
    }

    private void notifyTarget(Message.Target target, String field, String name, String selector, Object message,
                              String channelFilter) {
        Selectors.checkName(field, name);
        Selectors.checkSelector(selector);
        if (channelFilter != null) {
            Selectors.checkChannel(channelFilter);
        }
        publish(Message.to(target, name, selector, codec.body(message), channelFilter));
    }

    private void publish(Message message) {
        broker.publish(message);
        stats.notificationsSent.increment();
    }

    /** Publishes a presence event to each channel; a failure is logged, never thrown (the change itself stands). */
    private void announce(EventSubscription sub, Collection<String> channels, String selector) {
        String meta = sub.metaJson();
        for (String ch : channels) {
            try {
                publish(Message.toChannels(List.of(ch), selector, meta));
            } catch (BackendUnavailableException e) {
                log.warn("Could not announce {} of {} to {}: {}", selector, sub.id(), ch, e.getMessage());
            }
        }
    }

    // ---- receiving (the broker's listener) -------------------------------------------------------

    /** Events, control messages and link changes from the broker. */
    private final Broker.Listener listener = new Broker.Listener() {
        @Override
        public void onEvent(Event event) {
            if (gapFill.hold(event)) {
                return;
            }
            router.route(event);
        }

        @Override
        public void onControl(Control control) {
            ServerEventsNode.this.onControl(control);
        }

        @Override
        public void onResubscribing() {
            gapFill.begin(historyEnabled() && local.size() > 0, router.lastDelivered());
        }

        @Override
        public void onSubscribed(long positionBefore) {
            if (gapFill.end(positionBefore)) {
                housekeeper.afterResubscribe();
            }
        }
    };

    private boolean historyEnabled() {
        return options.historySize() > 0;
    }

    /** The addresses whose history every stream this node holds can use. */
    Set<Address> localAddresses() {
        Set<Address> out = new LinkedHashSet<>();
        for (LiveSubscription sub : local.all()) {
            out.addAll(Replay.addressesOf(sub));
        }
        return out;
    }

    private void onControl(Control c) {
        LiveSubscription sub = local.get(c.subscriptionId());
        if (sub == null) {
            return; // another node's stream
        }
        switch (c.kind()) {
            case PULSE -> localPulse(sub);
            case UNREGISTER -> housekeeper.runInBackground(() -> unregister(sub.id()));
            case SUBSCRIBE, UNSUBSCRIBE -> housekeeper.runInBackground(() -> changeLocal(sub, c.channels(),
                    c.kind() == Control.Kind.SUBSCRIBE));
        }
    }

    // ---- looking up ----------------------------------------------------------------------------

    @Override
    public SubscriptionInfo getSubscriptionInfo(String subscriptionId) {
        if (subscriptionId == null) {
            return null;
        }
        LiveSubscription sub = local.get(subscriptionId);
        return sub != null ? sub.info() : registry.get(subscriptionId);
    }

    @Override
    public EventSubscription getLocalSubscription(String subscriptionId) {
        return local.get(subscriptionId);
    }

    /** The node's own record of a stream it holds, for the endpoints. */
    LiveSubscription local(String subscriptionId) {
        return local.get(subscriptionId);
    }

    @Override
    public List<SubscriptionInfo> getSubscriptionInfosByUserId(String userId) {
        return userId == null ? List.of() : registry.byUserId(userId);
    }

    @Override
    public List<SubscriptionInfo> getAllSubscriptionInfos() {
        return registry.inChannels(List.of());
    }

    @Override
    public List<Map<String, String>> getSubscriptionsDetails(String... channels) {
        List<String> list = channels == null ? List.of() : Arrays.asList(channels);
        List<Map<String, String>> out = new ArrayList<>();
        try {
            for (SubscriptionInfo info : registry.inChannels(list)) {
                out.add(info.meta());
            }
        } catch (BackendUnavailableException e) {
            log.debug("Listing this server's subscribers only: {}", e.getMessage()); // the outage is logged once
            out.clear();
            for (LiveSubscription sub : local.inChannels(channels)) {
                out.add(sub.metaSnapshot());
            }
        }
        return out;
    }

    // ---- subscriptions -------------------------------------------------------------------------

    /** {@link #admit} then {@link #open}: a stream whose sink is already attached (tests, embedders). */
    void register(LiveSubscription sub, Map<String, String> connectArgs, Long resumeAfter) {
        admit(sub);
        open(sub, connectArgs, resumeAfter);
    }

    /**
     * Indexes a new subscription here and in the registry, before its stream's head is written, so a registry
     * that cannot take it answers the request with its error (503) and no stream opens.
     *
     * @throws BackendUnavailableException if the registry cannot take it (nothing is left registered)
     */
    void admit(LiveSubscription sub) {
        local.add(sub);
        try {
            registry.put(sub);
        } catch (RuntimeException e) {
            local.remove(sub.id());
            throw e;
        }
    }

    /** Undoes {@link #admit} for a stream that never opened: no hooks, no announcement. */
    void withdraw(LiveSubscription sub) {
        if (local.remove(sub.id()) != null) {
            try {
                registry.remove(sub.info());
            } catch (BackendUnavailableException e) {
                log.debug("Could not withdraw {} from the registry (the sweep will): {}", sub.id(), e.getMessage());
            }
        }
    }

    /**
     * Starts an admitted stream whose sink is attached: writes {@code cmd.onConnect} (and, when resuming, what it
     * missed), runs {@code onSubscribe}, announces it.
     *
     * @param resumeAfter the client's last event id, or null for a fresh stream
     */
    void open(LiveSubscription sub, Map<String, String> connectArgs, Long resumeAfter) {
        stats.totalConnections.increment();
        byte[] connect = Frames.encode(sub.framing(), null, "cmd.onConnect", Json.writeFlat(connectArgs));
        if (router.lastDelivered() <= 0) { // the broker's position could not be read when delivery started
            router.advanceTo(safePosition());
        }
        // A position past anything handed out (a client's bogus id) must not hold back what comes next.
        Long resumeAt = resumeAfter == null ? null
                : Math.min(resumeAfter, Math.max(safePosition(), router.lastDelivered()));
        Duration retry = options.retryInterval();
        router.add(sub, retry == null ? null : Frames.retry(retry.toMillis()), connect, resumeAt);
        if (resumeAt != null) {
            resume(sub, resumeAfter, resumeAt);
        }
        hooks.subscribe(sub);
        if (options.notifyChannelOfSubscriptions()) {
            announce(sub, sub.channels(), "cmd.onJoin");
        } else {
            hub.nopToChannels(sub.channels(), sub);
        }
        if (sub.isClosed()) { // the client left while we were registering it
            unregister(sub.id());
        }
    }

    /**
     * Hands a resuming stream the kept events after {@code after}, read while live deliveries to it are held
     * back (the hub merges both without gaps or duplicates), then {@code cmd.onResume}.
     *
     * @param at {@code after}, capped at the newest position handed out: live events above it are not skipped
     */
    private void resume(LiveSubscription sub, long after, long at) {
        History history;
        try {
            history = broker.history(Replay.addressesOf(sub), after);
        } catch (BackendUnavailableException e) {
            log.warn("Could not read history for {}: {}", sub.id(), e.getMessage());
            history = History.unavailable();
        }
        List<LocalHub.Frame> replayed = Replay.framesFor(sub, history.events());
        boolean recovered = historyEnabled() && history.complete();
        String body = "{\"lastEventId\":" + after + ",\"recovered\":" + recovered + ",\"replayed\":"
                + replayed.size() + "}";
        hub.resumed(sub, at, replayed, Frames.encode(sub.framing(), null, "cmd.onResume", body));
        (recovered ? stats.resumed : stats.resumedWithGap).increment();
    }

    History historyOf(Collection<Address> addresses, long after) {
        return broker.history(addresses, after);
    }

    NodeStats stats() {
        return stats;
    }

    @Override
    public void unregister(String subscriptionId) {
        if (subscriptionId == null) {
            return;
        }
        LiveSubscription sub = local.remove(subscriptionId);
        if (sub == null) {
            if (broker.isDistributed() && registry.get(subscriptionId) != null) {
                broker.control(Control.unregister(subscriptionId)); // its node ends it
            }
            return;
        }
        stats.totalUnsubscriptions.increment();
        hub.remove(sub, true);
        try {
            registry.remove(sub.info());
        } catch (BackendUnavailableException e) {
            log.warn("Could not remove {} from the registry (the sweep will): {}", sub.id(), e.getMessage());
        }
        hooks.unsubscribe(sub);
        if (options.notifyChannelOfSubscriptions()) {
            announce(sub, sub.channels(), "cmd.onLeave");
        }
    }

    @Override
    public boolean disconnect(String subscriptionId) {
        LiveSubscription sub = local.get(subscriptionId);
        if (sub == null) {
            return false;
        }
        sub.sink().executor().execute(sub.sink()::close); // as a dropped connection: onClosed unregisters it
        return true;
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
        if (list.isEmpty()) {
            return;
        }
        LiveSubscription sub = local.get(subscriptionId);
        if (sub != null) {
            changeLocal(sub, list, subscribe);
        } else if (broker.isDistributed()) {
            broker.control(Control.channels(subscribe, subscriptionId, list));
        }
    }

    private void changeLocal(LiveSubscription sub, List<String> list, boolean subscribe) {
        LocalSubscriptions.ChannelChange change = local.changeChannels(sub, list, subscribe);
        List<String> changed = change.changed();
        if (changed.isEmpty()) {
            return;
        }
        List<String> added = subscribe ? changed : List.of();
        List<String> removed = subscribe ? List.of() : changed;
        hub.channelsChanged(sub, added, removed);
        try {
            registry.update(sub, added, removed);
        } catch (BackendUnavailableException e) {
            log.warn("Could not update {} in the registry: {}", sub.id(), e.getMessage());
        }
        hooks.update(sub);
        if (options.notifyChannelOfSubscriptions()) {
            // ServiceStack tells old and new channels alike (MergedChannels)
            Set<String> merged = new LinkedHashSet<>(change.before());
            merged.addAll(sub.channels());
            announce(sub, merged, "cmd.onUpdate");
        }
    }

    @Override
    public boolean pulse(String subscriptionId) {
        if (subscriptionId == null) {
            return false;
        }
        LiveSubscription sub = local.get(subscriptionId);
        if (sub != null) {
            localPulse(sub);
            return true;
        }
        if (!broker.isDistributed() || !registry.touch(subscriptionId, clock.millis())) {
            return false;
        }
        broker.control(Control.pulse(subscriptionId));
        return true;
    }

    /**
     * Records a heartbeat of a stream held here and answers it on the stream. Only memory is touched (the
     * registry learns it at the next liveness refresh), so it may run on an I/O thread.
     */
    private void localPulse(LiveSubscription sub) {
        sub.pulse(clock.millis());
        hub.reply(sub, sub.heartbeatFrame());
    }

    @Override
    public ChannelStats getChannelStats() {
        return new ChannelStats(local.channelCounts(), local.channelCount(), local.size());
    }

    /** Sends heartbeat replies still waiting for their stream thread; called by the housekeeper. */
    void flushReplies() {
        hub.flushReplies();
    }

    /** Writes the keepalive comment to streams silent for about a keepalive interval; called by the housekeeper. */
    void keepalive(long silentNanos) {
        hub.keepalive(silentNanos);
    }

    @Override
    public int removeExpiredSubscriptions() {
        return housekeeper.removeExpired();
    }

    /** Announces that a subscription of another node left (the sweep found its node gone). */
    void announceDeparture(SubscriptionInfo info) {
        if (options.notifyChannelOfSubscriptions()) {
            String meta = Json.writeFlat(info.meta());
            for (String ch : info.channels()) {
                try {
                    publish(Message.toChannels(List.of(ch), "cmd.onLeave", meta));
                } catch (BackendUnavailableException e) {
                    log.warn("Could not announce cmd.onLeave of {} to {}: {}", info.id(), ch, e.getMessage());
                }
            }
        }
    }

    @Override
    public long getNextSequence(String sequenceName) {
        Objects.requireNonNull(sequenceName, "sequenceName");
        return broker.nextSequence(sequenceName);
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    /**
     * Starts the housekeeping timers (and the broker again after {@link #stop()}; events flow from construction
     * on). Idempotent.
     */
    @Override
    public synchronized void start() {
        if (housekeeper.isClosed()) {
            return;
        }
        if (!brokerRunning) {
            startBroker();
        }
        housekeeper.start();
    }

    /** The broker's position, or 0 while it cannot be read. */
    long safePosition() {
        try {
            return broker.position();
        } catch (BackendUnavailableException e) {
            return 0;
        }
    }

    /** Closes every stream (without {@code onLeave}), removes them from the registry, stops the broker. */
    @Override
    public synchronized void stop() {
        housekeeper.stop();
        broker.stop();
        brokerRunning = false;
        for (LiveSubscription sub : new ArrayList<>(local.all())) {
            local.remove(sub.id());
            try {
                registry.remove(sub.info());
            } catch (BackendUnavailableException e) {
                log.debug("Could not remove {} from the registry: {}", sub.id(), e.getMessage());
            }
        }
        hub.closeAll();
    }

    /** Stops, then releases the broker, the registry and the housekeeping thread; the node cannot start again. */
    @Override
    public synchronized void close() {
        stop();
        housekeeper.close();
        broker.close();
        registry.close();
    }

    @Override
    public void reset() {
        hub.forgetAll();
        local.clear();
        registry.clear();
    }

    @Override
    public Map<String, Long> getStats() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Statistic s : statistics()) {
            out.put(s.key(), s.value());
        }
        return out;
    }

    @Override
    public List<Statistic> statistics() {
        List<Statistic> out = new ArrayList<>(24);
        out.add(Statistic.of("subscriptions", local.size()));
        out.add(Statistic.of("channels", local.channelCount()));
        out.add(Statistic.of("deliveries", hub.deliveries()));
        out.add(Statistic.of("slowEvictions", hub.evictions()));
        stats.addTo(out, broker);
        out.addAll(broker.statistics());
        return out;
    }
}
