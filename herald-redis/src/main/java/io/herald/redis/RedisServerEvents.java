package io.herald.redis;

import io.herald.EventSubscription;
import io.herald.JsonCodec;
import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.ServerEventsHooks;
import io.herald.ServerEventsOptions;
import io.herald.SubscriptionInfo;
import io.herald.internal.Frames;
import io.herald.internal.Json;
import io.herald.memory.HistoryKeys;
import io.herald.memory.LocalHub;
import io.herald.memory.LocalSubscriptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis back-end: a drop-in replacement for {@link io.herald.memory.MemoryServerEvents} that lets many
 * servers share one set of subscriptions through one Redis.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>Registry.</b> Every subscription is stored under ServiceStack's key layout ({@code sse:id:<id>},
 *       {@code sse:ids}, {@code sse:channel:<c>}, {@code sse:userid:<u>}, {@code sse:username:<n>},
 *       {@code sse:session:<s>}; prefix configurable), written atomically by Lua scripts, so look-ups and
 *       the subscribers list see the whole cluster.</li>
 *   <li><b>Publishing.</b> Each {@code notify*} serialises the body once and runs one Lua script that takes
 *       the next cluster-wide event id ({@code INCR <prefix>eventid}) and publishes
 *       {@code "<id> <message>"} on {@code <prefix>topic}, the message in ServiceStack's grammar (see
 *       {@link TopicMessage}). Every server receives every message in the same order on its
 *       {@link RedisPubSubServer} thread and hands it to its {@link LocalHub}, which fans it out to the
 *       matching streams it holds. Event ids are therefore the same on every server and never decrease on
 *       a stream; replies that concern one local stream ({@code onConnect}, {@code onHeartbeat}) repeat
 *       the id of the last event.</li>
 *   <li><b>Resubscribing loses nothing kept in history.</b> When a server's subscription drops and comes
 *       back (a Redis node died, a network blip), events published meanwhile are read from the history
 *       streams its local streams use and delivered in order, merged by id with live messages; only
 *       messages to one subscription id (not kept in history) published in that gap are missed.</li>
 *   <li><b>Prompt remote actions.</b> Heartbeats, unregisters and channel changes for a stream held by
 *       another server are published as {@code pulse.id.*}, {@code unregister.id.*}, {@code subscribe.id.*}
 *       and acted on by that server as soon as they arrive (ServiceStack waits for the owner's next
 *       heartbeat).</li>
 *   <li><b>Dead servers.</b> Every server sweeps, every housekeeping interval, the subscriptions whose
 *       last heartbeat ({@code sse:ids} score, .NET ticks) is older than the idle timeout; the server that
 *       deletes a key sends its {@code onLeave} events. After each (re)connect to Redis a server writes its
 *       live subscriptions back into the registry, so a Redis restart loses nothing that is still
 *       connected.</li>
 *   <li><b>Names.</b> Target names with {@code %}, spaces or other whitespace are percent-encoded in the
 *       topic message, and target names may contain dots: both route correctly between Herald servers.</li>
 * </ul>
 *
 * <h2>When Redis is down</h2>
 * Streams this server holds stay open and keep their heartbeats (answered locally). Every call that needs
 * Redis ({@code notify*}, opening a stream, cluster look-ups) throws {@link IllegalStateException} naming
 * the Redis address and the cause; nothing is dropped silently. The subscribers list falls back to this
 * server's own streams. Connections come back by themselves (reconnect back-off capped at 2 s).
 *
 * <p>Thread-safe. Methods block on Redis for at most the command timeout (5 s); do not call them on an I/O
 * event loop.
 */
public final class RedisServerEvents implements ServerEvents {

    private static final Logger log = LoggerFactory.getLogger(RedisServerEvents.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Takes the next event id (the Redis clock in microseconds, or one more than the last id), keeps the
     * message in its history stream (capped by count and age; remembering the newest id dropped for the
     * count), and publishes {@code "<id> <message>"}.
     * KEYS: event id, topic, epoch[, history stream, dropped-id]. ARGV: message, max length, retention ms.
     */
    private static final String PUBLISH = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + math.floor(tonumber(t[2]) / 1000) * 1000",
            "local last = redis.call('GET', KEYS[1])",
            "local id",
            "if last then id = math.max(tonumber(last) + 1, now) else",
            "  id = now",
            "  redis.call('SET', KEYS[3], string.format('%.0f', id))",
            "end",
            "local sid = string.format('%.0f', id)",
            "redis.call('SET', KEYS[1], sid)",
            "if #KEYS >= 5 then",
            "  local maxlen = tonumber(ARGV[2])",
            "  local len = redis.call('XLEN', KEYS[4])",
            "  if len >= maxlen then",
            "    local gone = redis.call('XRANGE', KEYS[4], '-', '+', 'COUNT', len - maxlen + 1)",
            "    redis.call('SET', KEYS[5], string.match(gone[#gone][1], '^(%d+)'), 'PX', ARGV[3])",
            "  end",
            "  redis.call('XADD', KEYS[4], 'MAXLEN', maxlen, sid .. '-0', 'm', ARGV[1])",
            "  redis.call('XTRIM', KEYS[4], 'MINID', string.format('%.0f', now - tonumber(ARGV[3]) * 1000))",
            "  redis.call('PEXPIRE', KEYS[4], ARGV[3])",
            "end",
            "redis.call('PUBLISH', KEYS[2], sid .. ' ' .. ARGV[1])",
            "return sid");
    /** KEYS: id, ids, index sets. ARGV: json, score, subId. */
    private static final String REGISTER = String.join("\n",
            "redis.call('SET', KEYS[1], ARGV[1])",
            "redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])",
            "for i = 3, #KEYS do redis.call('SADD', KEYS[i], ARGV[3]) end",
            "return 1");
    /** KEYS: id, ids, index sets. ARGV: subId. Returns 1 if the subscription was still registered. */
    private static final String UNREGISTER = String.join("\n",
            "local existed = redis.call('DEL', KEYS[1])",
            "redis.call('ZREM', KEYS[2], ARGV[1])",
            "for i = 3, #KEYS do redis.call('SREM', KEYS[i], ARGV[1]) end",
            "return existed");
    /** KEYS: id, ids, added channel sets..., removed channel sets. ARGV: json, score, subId, number added. */
    private static final String UPDATE = String.join("\n",
            "redis.call('SET', KEYS[1], ARGV[1])",
            "redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])",
            "local added = tonumber(ARGV[4])",
            "for i = 3, #KEYS do",
            "  if i - 2 <= added then redis.call('SADD', KEYS[i], ARGV[3]) else redis.call('SREM', KEYS[i], ARGV[3]) end",
            "end",
            "return 1");

    private final ServerEventsOptions options;
    private final JsonCodec codec;
    private final ServerEventsHooks hooks;
    private final Clock clock;
    private final RedisKeys keys;
    private final String eventIdKey;
    private final String epochKey;
    private final String redisAddress;
    private final ClientResources resources;
    private final RedisConnector connector;
    private final RedisConnector.Commands connection;
    private final RedisClusterCommands<String, String> redis;
    private final RedisPubSubServer pubSub;
    private final LocalSubscriptions local = new LocalSubscriptions();
    private final LocalHub hub;
    private final Object deliveryLock = new Object();
    private long lastEventId; // guarded by deliveryLock
    /** SHA-1 of {@link #PUBLISH}: {@code EVALSHA} first, {@code EVAL} (which caches it on that node) on NOSCRIPT. */
    private static final String PUBLISH_SHA = sha1Hex(PUBLISH);
    /** KEYS: topic. ARGV: message. A keyed PUBLISH, so a Cluster routes it to a live master. */
    private static final String PUBLISH_CONTROL = "return redis.call('PUBLISH', KEYS[1], ARGV[1])";
    private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
    /** Non-null between a resubscription's onInit and onStart; touched on the subscription's callback thread. */
    private GapFill gapFill;
    /**
     * The newest id a gap fill delivered, until a newer live event arrives: an event the history read already
     * saw can still arrive live just after the fill, and is dropped then. -1 when none. Callback thread only.
     */
    private long fillCeiling = -1;

    private final ScheduledExecutorService background;
    private ScheduledFuture<?> houseKeeping;

    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder totalUnsubscriptions = new LongAdder();
    private final LongAdder notificationsSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder badMessages = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder deadSwept = new LongAdder();
    private final LongAdder redisErrors = new LongAdder();
    private final LongAdder gapFilled = new LongAdder();

    /**
     * Connects to Redis.
     *
     * @param redisUri  any form {@link RedisUris} accepts, e.g. {@code redis://localhost:6379}, {@code localhost}
     *                  or {@code redis-cluster://node1:7000,node2:7001}
     * @param keyPrefix the key and topic prefix, {@code sse:} for ServiceStack's layout; on a Redis Cluster it
     *                  must carry a hash tag, e.g. {@code {sse}:} ({@link RedisKeys#DEFAULT_CLUSTER_PREFIX})
     * @throws IllegalStateException if Redis cannot be reached
     * @throws IllegalArgumentException if the address is malformed, or a Cluster prefix has no hash tag
     */
    public RedisServerEvents(ServerEventsOptions options, String redisUri, String keyPrefix) {
        this.options = Objects.requireNonNull(options, "options");
        this.codec = options.codec();
        this.hooks = options.hooks();
        this.clock = options.clock();
        this.keys = RedisKeys.withPrefix(keyPrefix);
        if (RedisUris.isCluster(redisUri) && !keys.hasHashTag()) {
            throw new IllegalArgumentException("keyPrefix '" + keyPrefix + "' has no hash tag, but " + RedisUris.mask(redisUri)
                    + " is a Redis Cluster: Herald's scripts touch several keys at once, so all its keys must share one"
                    + " slot; use a prefix such as '" + RedisKeys.DEFAULT_CLUSTER_PREFIX + "'");
        }
        this.eventIdKey = keys.prefix() + "eventid";
        this.epochKey = keys.prefix() + "eventid:epoch";
        this.redisAddress = RedisUris.mask(redisUri);
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisConnector c;
        try {
            c = RedisConnector.create(redisUri, resources, ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build(), null);
        } catch (RuntimeException e) {
            resources.shutdown();
            throw e;
        }
        this.connector = c;
        try {
            this.connection = connector.connect();
        } catch (RuntimeException e) {
            connector.close();
            resources.shutdown();
            throw new IllegalStateException("Cannot connect to Redis at " + redisAddress + ": " + rootMessage(e), e);
        }
        connection.setTimeout(COMMAND_TIMEOUT);
        this.redis = connection.sync();
        this.hub = new LocalHub(options.maxQueuedBytes(), options.maxQueuedFrames(), hooks, new LocalHub.Listener() {
            @Override
            public void onEvicted(EventSubscription sub, String reason) {
                log.warn("Closed subscription {} of user {}: {}", sub.id(), sub.userId(), reason);
                runInBackground(() -> unregister(sub.id()));
            }

            @Override
            public void onClosed(EventSubscription sub) {
                runInBackground(() -> unregister(sub.id()));
            }
        });
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-redis-housekeeping");
            t.setDaemon(true);
            return t;
        });
        this.pubSub = new RedisPubSubServer(RedisPubSubOptions.builder(redisUri)
                .channels(keys.topic())
                .reconnectMaxDelay(Duration.ofSeconds(2))
                .clientResources(resources)
                .onInit(this::onPubSubInit)
                .onStart(this::onPubSubStart)
                .onMessage(this::onTopicMessage)
                .onError(e -> log.warn("Redis subscription to {} failed: {}", redisAddress, rootMessage(e)))
                .build());
        synchronized (deliveryLock) {
            lastEventId = currentEventId();
        }
    }

    /** The current cluster event id, starting the counter at the current time in microseconds if needed. */
    private long currentEventId() {
        try {
            String start = Long.toString(clock.millis() * 1000);
            if (redis.setnx(eventIdKey, start)) {
                redis.set(epochKey, start); // a new counter: older positions are from a history now gone
            }
            String v = redis.get(eventIdKey);
            return v == null ? 0 : Long.parseLong(v);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * A back-end factory for {@code ServerEventsFeature.create(options, RedisServerEvents.factory(uri))}, with
     * the default prefix: {@code sse:} (ServiceStack's layout), or {@code {sse}:} on a Redis Cluster.
     */
    public static Function<ServerEventsOptions, ServerEvents> factory(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        return factory(redisUri, RedisUris.isCluster(redisUri) ? RedisKeys.DEFAULT_CLUSTER_PREFIX : RedisKeys.DEFAULT_PREFIX);
    }

    /** As {@link #factory(String)}, with a key prefix other than {@code sse:}. */
    public static Function<ServerEventsOptions, ServerEvents> factory(String redisUri, String keyPrefix) {
        Objects.requireNonNull(redisUri, "redisUri");
        return options -> new RedisServerEvents(options, redisUri, keyPrefix);
    }

    /** The subscription loop on the topic. */
    public RedisPubSubServer pubSubServer() {
        return pubSub;
    }

    /** The hub that writes to this server's streams. */
    public LocalHub hub() {
        return hub;
    }

    // ---- sending -------------------------------------------------------------------------------

    @Override
    public void notifyAll(String selector, Object message) {
        Selectors.checkSelector(selector);
        publishEvent(TopicMessage.notifyAll(selector, body(message)), HistoryKeys.ALL);
    }

    @Override
    public void notifyChannel(String channel, String selector, Object message) {
        Selectors.checkChannel(channel);
        Selectors.checkSelector(selector);
        publishEvent(TopicMessage.notifyChannel(RedisNames.encode(channel), selector, body(message)),
                HistoryKeys.channel(channel));
    }

    @Override
    public void notifySubscription(String subscriptionId, String selector, Object message, String channelFilter) {
        checkTarget("subscriptionId", subscriptionId, selector, channelFilter);
        publishEvent(TopicMessage.notifySubscription(RedisNames.encode(subscriptionId), selector, channelFilter,
                body(message)), null);
    }

    @Override
    public void notifyUserId(String userId, String selector, Object message, String channelFilter) {
        checkTarget("userId", userId, selector, channelFilter);
        publishEvent(TopicMessage.notifyUserId(RedisNames.encode(userId), selector, channelFilter, body(message)),
                HistoryKeys.userId(userId));
    }

    @Override
    public void notifyUserName(String userName, String selector, Object message, String channelFilter) {
        checkTarget("userName", userName, selector, channelFilter);
        publishEvent(TopicMessage.notifyUserName(RedisNames.encode(userName), selector, channelFilter,
                body(message)), HistoryKeys.userName(userName));
    }

    @Override
    public void notifySession(String sessionId, String selector, Object message, String channelFilter) {
        checkTarget("sessionId", sessionId, selector, channelFilter);
        publishEvent(TopicMessage.notifySession(RedisNames.encode(sessionId), selector, channelFilter,
                body(message)), HistoryKeys.session(sessionId));
    }

    private static void checkTarget(String name, String value, String selector, String channelFilter) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        Selectors.checkSelector(selector);
        if (channelFilter != null) {
            Selectors.checkChannel(channelFilter);
        }
    }

    private String body(Object message) {
        return codec.body(message);
    }

    /**
     * Publishes one event with the next cluster-wide id, keeping it in the history stream of
     * {@code historyKey} (null: not kept).
     */
    private void publishEvent(TopicMessage message, String historyKey) {
        String text = message.format();
        String[] scriptKeys = historyKey == null || options.historySize() == 0
                ? new String[] {eventIdKey, keys.topic(), epochKey}
                : new String[] {eventIdKey, keys.topic(), epochKey, historyStream(historyKey), historyDropped(historyKey)};
        String maxLen = Integer.toString(Math.max(1, options.historySize()));
        String retention = Long.toString(options.historyRetention().toMillis());
        try {
            try {
                redis.evalsha(PUBLISH_SHA, ScriptOutputType.VALUE, scriptKeys, text, maxLen, retention);
            } catch (RedisNoScriptException e) {
                // a new or restarted Redis, or a replica just promoted: EVAL runs it and caches it there
                redis.eval(PUBLISH, ScriptOutputType.VALUE, scriptKeys, text, maxLen, retention);
            }
            notificationsSent.increment();
        } catch (RuntimeException e) {
            throw redisFailure("publish " + message.kind().head(), e);
        }
    }

    private static String sha1Hex(String script) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /**
     * Publishes a control message (no event id). On a Cluster it goes through a one-line script keyed by the
     * topic, so it is routed to the master of the prefix's slot rather than to whichever node the connection
     * first reached (which may be the one that just died).
     */
    private void publishControl(TopicMessage message) {
        try {
            if (connector.isCluster()) {
                redis.eval(PUBLISH_CONTROL, ScriptOutputType.INTEGER, new String[] {keys.topic()}, message.format());
            } else {
                redis.publish(keys.topic(), message.format());
            }
        } catch (RuntimeException e) {
            throw redisFailure("publish " + message.kind().head(), e);
        }
    }

    /** Counts a failed Redis call; on a Cluster also asks for a prompt topology refresh (a failover may be under way). */
    private void noteRedisError() {
        redisErrors.increment();
        connector.refreshTopologySoon();
    }

    private IllegalStateException redisFailure(String what, RuntimeException e) {
        noteRedisError();
        return new IllegalStateException("Redis at " + redisAddress + " is unavailable, could not " + what + ": "
                + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    // ---- receiving -------------------------------------------------------------------------------

    /** Runs on the subscription thread, one message at a time, in the order Redis published them. */
    private void onTopicMessage(String channel, String text) {
        messagesReceived.increment();
        dispatchTopicMessage(channel, text);
    }

    private void dispatchTopicMessage(String channel, String text) {
        long id = -1;
        String body = text;
        int space = text.indexOf(' ');
        if (space > 0 && isDigits(text, space)) {
            id = Long.parseLong(text.substring(0, space));
            body = text.substring(space + 1);
        }
        GapFill fill = gapFill;
        if (fill != null && id >= 0) { // an event while the gap is not filled yet: keep it for the merge
            if (fill.events.putIfAbsent(id, body) == null) {
                fill.live++;
            }
            return;
        }
        if (id >= 0 && fillCeiling >= 0) {
            if (id <= fillCeiling) {
                return; // delivered by the gap fill already
            }
            fillCeiling = -1;
        }
        TopicMessage m;
        try {
            m = TopicMessage.parse(body);
        } catch (IllegalArgumentException e) {
            if (badMessages.sum() == 0) { // once: a foreign publisher on our topic would flood the log
                log.warn("Ignored a message on {} (counted in redisBadMessages from now on): {}", channel, e.getMessage());
            }
            badMessages.increment();
            return;
        }
        String target = m.target() == null ? null : RedisNames.decode(m.target());
        try {
            switch (m.kind()) {
                case NOTIFY_ALL -> deliver(id, Frames.encode(null, m.selector(), orEmpty(m.json())),
                        (eid, data) -> hub.deliverToAll(eid, null, data));
                case NOTIFY_CHANNEL -> deliver(id, Frames.encode(target, m.selector(), orEmpty(m.json())),
                        (eid, data) -> hub.deliverToChannel(eid, target, data));
                case NOTIFY_SUBSCRIPTION -> {
                    EventSubscription sub = local.get(target);
                    deliverTo(id, sub == null ? List.of() : List.of(sub), m);
                }
                case NOTIFY_USER_ID -> deliverTo(id, local.byUserId(target), m);
                case NOTIFY_USER_NAME -> deliverTo(id, local.byUserName(target), m);
                case NOTIFY_SESSION -> deliverTo(id, local.bySession(target), m);
                case PULSE -> {
                    EventSubscription sub = local.get(target);
                    if (sub != null) {
                        localPulse(sub);
                    }
                }
                case UNREGISTER -> {
                    if (local.get(target) != null) {
                        runInBackground(() -> unregister(target));
                    }
                }
                case SUBSCRIBE, UNSUBSCRIBE -> {
                    EventSubscription sub = local.get(target);
                    if (sub != null) {
                        List<String> channels = m.channels();
                        boolean subscribe = m.kind() == TopicMessage.Kind.SUBSCRIBE;
                        runInBackground(() -> changeLocal(sub, channels, subscribe));
                    }
                }
                default -> badMessages.increment();
            }
        } catch (IllegalArgumentException e) { // a frame that would break SSE framing
            badMessages.increment();
            log.warn("Refused a message on {}: {}", channel, e.getMessage());
        }
    }

    private static String orEmpty(String json) {
        return json == null ? "" : json;
    }

    private static boolean isDigits(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return end <= 18;
    }

    private interface Delivery {
        void deliver(long eventId, byte[] data);
    }

    private void deliver(long id, byte[] data, Delivery delivery) {
        synchronized (deliveryLock) {
            if (id > lastEventId) {
                lastEventId = id;
            }
            delivery.deliver(lastEventId, data);
        }
    }

    private void deliverTo(long id, Collection<EventSubscription> candidates, TopicMessage m) {
        List<EventSubscription> targets = LocalSubscriptions.filter(candidates, m.channelFilter());
        if (targets.isEmpty()) {
            synchronized (deliveryLock) {
                lastEventId = Math.max(lastEventId, id);
            }
            return;
        }
        boolean replayable = m.kind() != TopicMessage.Kind.NOTIFY_SUBSCRIPTION; // kept in history
        deliver(id, Frames.encode(null, m.selector(), orEmpty(m.json())),
                (eid, data) -> hub.deliverTo(eid, targets, data, replayable));
    }

    /** A frame for one local stream, with the id of the last event (see the class comment). */
    private void deliverLocal(EventSubscription sub, byte[] data) {
        synchronized (deliveryLock) {
            hub.deliverTo(lastEventId, List.of(sub), data);
        }
    }

    // ---- registry --------------------------------------------------------------------------------

    private String[] indexKeys(EventSubscription sub, List<String> channels) {
        List<String> k = new ArrayList<>();
        k.add(keys.id(sub.id()));
        k.add(keys.ids());
        for (String ch : channels) {
            k.add(keys.channel(ch));
        }
        k.add(keys.userId(sub.userId()));
        if (sub.userName() != null) {
            k.add(keys.userName(sub.userName()));
        }
        if (sub.sessionId() != null) {
            k.add(keys.session(sub.sessionId()));
        }
        return k.toArray(String[]::new);
    }

    private String score(long millis) {
        return Long.toString(DotNetTicks.fromUnixMillis(millis));
    }

    private void writeRegistry(EventSubscription sub) {
        redis.eval(REGISTER, ScriptOutputType.INTEGER, indexKeys(sub, sub.channels()),
                SubscriptionInfoJson.write(sub), score(sub.lastPulseAt()), sub.id());
    }

    private boolean deleteRegistry(String id, List<String> channels, String userId, String userName, String session) {
        List<String> k = new ArrayList<>();
        k.add(keys.id(id));
        k.add(keys.ids());
        for (String ch : channels) {
            k.add(keys.channel(ch));
        }
        if (userId != null) {
            k.add(keys.userId(userId));
        }
        if (userName != null) {
            k.add(keys.userName(userName));
        }
        if (session != null) {
            k.add(keys.session(session));
        }
        Long existed = redis.eval(UNREGISTER, ScriptOutputType.INTEGER, k.toArray(String[]::new), id);
        return existed != null && existed > 0;
    }

    // ---- looking up ----------------------------------------------------------------------------

    @Override
    public SubscriptionInfo getSubscriptionInfo(String subscriptionId) {
        if (subscriptionId == null) {
            return null;
        }
        EventSubscription sub = local.get(subscriptionId);
        if (sub != null) {
            return sub.info();
        }
        try {
            String json = read(() -> redis.get(keys.id(subscriptionId)));
            return json == null ? null : SubscriptionInfoJson.read(json, 0);
        } catch (IllegalArgumentException e) {
            log.warn("Unreadable subscription {} in Redis: {}", subscriptionId, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            throw redisFailure("look up subscription", e);
        }
    }

    @Override
    public EventSubscription getLocalSubscription(String subscriptionId) {
        return local.get(subscriptionId);
    }

    @Override
    public List<SubscriptionInfo> getSubscriptionInfosByUserId(String userId) {
        try {
            return read(() -> readInfos(redis.smembers(keys.userId(userId))));
        } catch (RuntimeException e) {
            throw redisFailure("look up user " + userId, e);
        }
    }

    @Override
    public List<SubscriptionInfo> getAllSubscriptionInfos() {
        try {
            return read(() -> readInfos(new LinkedHashSet<>(redis.zrange(keys.ids(), 0, -1))));
        } catch (RuntimeException e) {
            throw redisFailure("list subscriptions", e);
        }
    }

    @Override
    public List<Map<String, String>> getSubscriptionsDetails(String... channels) {
        List<SubscriptionInfo> infos;
        try {
            infos = read(() -> {
                if (channels == null || channels.length == 0) {
                    return readInfos(new LinkedHashSet<>(redis.zrange(keys.ids(), 0, -1)));
                }
                Set<String> ids = new LinkedHashSet<>();
                for (String ch : channels) {
                    ids.addAll(redis.smembers(keys.channel(ch)));
                }
                return readInfos(ids);
            });
        } catch (RuntimeException e) {
            noteRedisError();
            log.warn("Redis at {} unavailable; listing this server's subscribers only: {}", redisAddress, rootMessage(e));
            infos = new ArrayList<>();
            for (EventSubscription sub : local.inChannels(channels)) {
                infos.add(sub.info());
            }
        }
        List<Map<String, String>> out = new ArrayList<>(infos.size());
        for (SubscriptionInfo info : infos) {
            out.add(info.meta());
        }
        return out;
    }

    /**
     * Runs a read-only query. On a Cluster a failure reloads the topology at once and the query is tried once
     * more: a failover may just have moved the slot (writes are not retried, they could run twice).
     */
    private <T> T read(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            if (!connector.refreshTopologyNow()) {
                throw e;
            }
            return query.get();
        }
    }

    private List<SubscriptionInfo> readInfos(Set<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String[] idKeys = ids.stream().map(keys::id).toArray(String[]::new);
        List<SubscriptionInfo> out = new ArrayList<>();
        for (KeyValue<String, String> kv : redis.mget(idKeys)) {
            if (kv.hasValue()) {
                try {
                    out.add(SubscriptionInfoJson.read(kv.getValue(), 0));
                } catch (IllegalArgumentException e) {
                    log.warn("Skipped unreadable {}: {}", kv.getKey(), e.getMessage());
                }
            }
        }
        return out;
    }

    // ---- subscriptions -------------------------------------------------------------------------

    @Override
    public void register(EventSubscription sub, Map<String, String> connectArgs, Long lastEventId) {
        local.add(sub);
        try {
            writeRegistry(sub);
        } catch (RuntimeException e) {
            local.remove(sub.id());
            throw redisFailure("register subscription", e);
        }
        totalConnections.increment();
        synchronized (deliveryLock) {
            hub.add(sub, List.of(new LocalHub.Frame(this.lastEventId, Frames.encode(null, "cmd.onConnect",
                    Json.writeFlat(connectArgs)))), lastEventId != null);
        }
        if (lastEventId != null) {
            resume(sub, lastEventId);
        }
        hooks.subscribe(sub);
        if (options.notifyChannelOfSubscriptions()) {
            announce(sub, sub.channels(), "cmd.onJoin");
        } else {
            hub.nopToChannels(sub.channels(), sub);
        }
        if (!sub.sink().isOpen()) {
            unregister(sub.id());
        }
    }

    private String historyStream(String historyKey) {
        return keys.prefix() + "history:" + historyKey;
    }

    private String historyDropped(String historyKey) {
        return keys.prefix() + "history-dropped:" + historyKey;
    }

    /**
     * Hands a resuming stream what it missed after {@code after}, read from the history streams while
     * live deliveries to it are held back (the hub merges both without gaps or duplicates).
     */
    private void resume(EventSubscription sub, long after) {
        Set<String> historyKeys = new LinkedHashSet<>();
        HistoryKeys.addFor(sub, historyKeys);
        List<LocalHub.Frame> replayed = new ArrayList<>();
        boolean recovered = options.historySize() > 0;
        try {
            String epoch = redis.get(epochKey);
            String current = redis.get(eventIdKey);
            long windowStart = (clock.millis() - options.historyRetention().toMillis()) * 1000;
            // Positions from before the counter (re)started, never handed out, or older than the window
            // cannot be vouched for.
            recovered &= epoch != null && current != null && after >= Long.parseLong(epoch)
                    && after <= Long.parseLong(current) && after >= windowStart;
            for (String key : historyKeys) {
                String dropped = redis.get(historyDropped(key));
                if (dropped != null && Long.parseLong(dropped) > after) {
                    recovered = false;
                }
            }
            for (Map.Entry<Long, String> e : readHistory(historyKeys, after).entrySet()) {
                LocalHub.Frame frame = replayFrame(sub, e.getKey(), e.getValue());
                if (frame != null) {
                    replayed.add(frame);
                }
            }
        } catch (RuntimeException e) {
            noteRedisError();
            recovered = false;
            log.warn("Could not read history for {}: {}", sub.id(), rootMessage(e));
        }
        String body = "{\"lastEventId\":" + after + ",\"recovered\":" + recovered + ",\"replayed\":"
                + replayed.size() + "}";
        // onResume carries the position it reports, so held-back live events (all newer) follow in order
        long id = replayed.isEmpty() ? after : replayed.get(replayed.size() - 1).eventId();
        hub.resumed(sub, replayed,
                new LocalHub.Frame(id, Frames.encode(null, "cmd.onResume", body)));
    }

    /**
     * The events kept after {@code after} in the given history streams, by event id (one pipelined
     * {@code XRANGE} per stream; an event is kept under one stream only).
     *
     * @throws IllegalStateException if Redis does not answer within the command timeout
     */
    private java.util.TreeMap<Long, String> readHistory(Collection<String> historyKeys, long after) {
        io.lettuce.core.Range<String> range = io.lettuce.core.Range.create((after + 1) + "-0", "+");
        List<io.lettuce.core.RedisFuture<List<io.lettuce.core.StreamMessage<String, String>>>> reads = new ArrayList<>();
        for (String key : historyKeys) {
            reads.add(connection.async().xrange(historyStream(key), range));
        }
        java.util.TreeMap<Long, String> events = new java.util.TreeMap<>();
        for (var read : reads) {
            List<io.lettuce.core.StreamMessage<String, String>> messages;
            try {
                messages = read.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading history", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(rootMessage(e), e);
            }
            for (io.lettuce.core.StreamMessage<String, String> m : messages) {
                String streamId = m.getId();
                int dash = streamId.indexOf('-');
                String text = m.getBody().get("m");
                if (text != null) {
                    events.put(Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash)), text);
                }
            }
        }
        return events;
    }

    /** The frame a stored event makes for {@code sub}, or null if it is not for it (channel filter). */
    private static LocalHub.Frame replayFrame(EventSubscription sub, long id, String text) {
        try {
            TopicMessage t = TopicMessage.parse(text);
            if (t.channelFilter() != null && !sub.hasChannel(t.channelFilter())) {
                return null;
            }
            String channel = t.kind() == TopicMessage.Kind.NOTIFY_CHANNEL ? RedisNames.decode(t.target()) : null;
            return new LocalHub.Frame(id, Frames.encode(channel, t.selector(), orEmpty(t.json())));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void announce(EventSubscription sub, Collection<String> channels, String selector) {
        String meta = sub.metaJson();
        for (String ch : channels) {
            try {
                publishEvent(TopicMessage.notifyChannel(RedisNames.encode(ch), selector, meta), null);
            } catch (IllegalStateException e) {
                log.warn("Could not announce {} of {} to {}: {}", selector, sub.id(), ch, e.getMessage());
            }
        }
    }

    @Override
    public void unregister(String subscriptionId) {
        EventSubscription sub = local.remove(subscriptionId);
        if (sub == null) {
            if (subscriptionId == null) {
                return;
            }
            try {
                if (redis.exists(keys.id(subscriptionId)) > 0) {
                    publishControl(TopicMessage.unregister(subscriptionId));
                }
            } catch (RuntimeException e) {
                throw redisFailure("unregister subscription", e);
            }
            return;
        }
        totalUnsubscriptions.increment();
        hub.remove(sub, true);
        try {
            deleteRegistry(sub.id(), sub.channels(), sub.userId(), sub.userName(), sub.sessionId());
        } catch (RuntimeException e) {
            noteRedisError();
            log.warn("Could not remove {} from Redis (the sweep will): {}", sub.id(), rootMessage(e));
        }
        hooks.unsubscribe(sub);
        if (options.notifyChannelOfSubscriptions()) {
            announce(sub, sub.channels(), "cmd.onLeave");
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
        if (list.isEmpty()) {
            return;
        }
        EventSubscription sub = local.get(subscriptionId);
        if (sub != null) {
            changeLocal(sub, list, subscribe);
        } else {
            publishControl(subscribe ? TopicMessage.subscribe(subscriptionId, list)
                    : TopicMessage.unsubscribe(subscriptionId, list));
        }
    }

    private void changeLocal(EventSubscription sub, List<String> list, boolean subscribe) {
        LocalSubscriptions.ChannelChange change = local.changeChannels(sub, list, subscribe);
        if (change.changed().isEmpty()) {
            return;
        }
        hub.channelsChanged(sub, subscribe ? change.changed() : List.of(), subscribe ? List.of() : change.changed());
        try {
            List<String> k = new ArrayList<>();
            k.add(keys.id(sub.id()));
            k.add(keys.ids());
            change.changed().forEach(ch -> k.add(keys.channel(ch)));
            redis.eval(UPDATE, ScriptOutputType.INTEGER, k.toArray(String[]::new), SubscriptionInfoJson.write(sub),
                    score(sub.lastPulseAt()), sub.id(), Integer.toString(subscribe ? change.changed().size() : 0));
        } catch (RuntimeException e) {
            noteRedisError();
            log.warn("Could not update {} in Redis: {}", sub.id(), rootMessage(e));
        }
        hooks.update(sub);
        if (options.notifyChannelOfSubscriptions()) {
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
        EventSubscription sub = local.get(subscriptionId);
        if (sub != null) {
            localPulse(sub);
            return true;
        }
        try {
            if (redis.exists(keys.id(subscriptionId)) == 0) {
                return false;
            }
            redis.zadd(keys.ids(), DotNetTicks.fromUnixMillis(clock.millis()), subscriptionId);
            publishControl(TopicMessage.pulse(subscriptionId));
            return true;
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw redisFailure("pulse subscription", e);
        }
    }

    /** Records a heartbeat of a stream held here and answers it on the stream. */
    private void localPulse(EventSubscription sub) {
        long now = clock.millis();
        sub.pulse(now);
        deliverLocal(sub, Frames.encode(null, "cmd.onHeartbeat", sub.metaJson()));
        try {
            connection.async().zadd(keys.ids(), DotNetTicks.fromUnixMillis(now), sub.id())
                    .exceptionally(e -> {
                        noteRedisError();
                        return null;
                    });
        } catch (RuntimeException e) { // rejected at once while disconnected: the stream is still alive here
            noteRedisError();
        }
    }

    @Override
    public int removeExpiredSubscriptions() {
        long now = clock.millis();
        long idleMs = options.idleTimeout().toMillis();
        List<EventSubscription> idle = local.expired(now, idleMs);
        for (EventSubscription sub : idle) {
            if (!sub.isClosed()) {
                expired.increment();
            }
            unregister(sub.id());
        }
        int removed = idle.size();
        return removed + sweepDeadSubscriptions(now - idleMs);
    }

    /**
     * Removes registry entries of subscriptions whose last heartbeat is older than {@code cutoffMillis}
     * and that this server does not hold (their server crashed or lost them). The server whose delete
     * succeeds sends their {@code onLeave} events.
     */
    private int sweepDeadSubscriptions(long cutoffMillis) {
        List<String> stale;
        try {
            stale = redis.zrangebyscore(keys.ids(),
                    io.lettuce.core.Range.create(0L, DotNetTicks.fromUnixMillis(cutoffMillis)));
        } catch (RuntimeException e) {
            noteRedisError();
            return 0;
        }
        int swept = 0;
        for (String id : stale) {
            if (local.get(id) != null) {
                continue;
            }
            try {
                String json = redis.get(keys.id(id));
                SubscriptionInfo info = json == null ? null : SubscriptionInfoJson.read(json, 0);
                boolean won = info == null
                        ? deleteRegistry(id, List.of(), null, null, null)
                        : deleteRegistry(id, info.channels(), info.userId(), info.userName(), info.sessionId());
                if (won && info != null) {
                    swept++;
                    deadSwept.increment();
                    publishControl(TopicMessage.unregister(id)); // in case its server is alive after all
                    if (options.notifyChannelOfSubscriptions()) {
                        String meta = Json.writeFlat(info.meta());
                        for (String ch : info.channels()) {
                            publishEvent(TopicMessage.notifyChannel(RedisNames.encode(ch), "cmd.onLeave", meta), null);
                        }
                    }
                }
            } catch (RuntimeException e) {
                noteRedisError();
                log.debug("Could not sweep {}: {}", id, rootMessage(e));
            }
        }
        return swept;
    }

    @Override
    public long getNextSequence(String sequenceName) {
        Objects.requireNonNull(sequenceName, "sequenceName");
        try {
            return redis.incr(keys.seq(sequenceName));
        } catch (RuntimeException e) {
            throw redisFailure("take the next '" + sequenceName + "' number", e);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    /**
     * After every (re)connect of the subscription (on the callback thread, before any message of the new
     * connection): plan the gap fill, put back our live streams, sweep the dead.
     */
    private void onPubSubInit() {
        long current = currentEventId();
        boolean fill = gapFill == null && options.historySize() > 0 && !local.all().isEmpty();
        synchronized (deliveryLock) {
            if (fill) {
                // Events published while we were not subscribed: read from history once subscribed again
                // (onPubSubStart); live messages until then wait in the gap fill, so order is kept.
                gapFill = new GapFill(lastEventId, current);
            } else if (gapFill == null) {
                lastEventId = Math.max(lastEventId, current);
            }
        }
        restoreRegistry(0);
        sweepDeadSubscriptions(clock.millis() - options.idleTimeout().toMillis());
    }

    /** Subscribed (again), on the callback thread: hand local streams what they missed while we were not. */
    private void onPubSubStart() {
        GapFill fill = gapFill;
        if (fill != null) {
            try {
                fill.readHistory();
            } catch (RuntimeException e) {
                noteRedisError();
                log.warn("Could not read what was published while resubscribing to {}: {}", redisAddress,
                        rootMessage(e));
            }
            gapFill = null;
            for (Map.Entry<Long, String> e : fill.events.entrySet()) {
                if (e.getKey() > fill.after) {
                    dispatchTopicMessage(keys.topic(), e.getKey() + " " + e.getValue());
                }
            }
            int fromHistory = fill.events.size() - fill.live;
            if (fromHistory > 0) {
                gapFilled.add(fromHistory);
                log.info("Delivered {} events published while resubscribing to {}", fromHistory, redisAddress);
            }
            fillCeiling = fill.events.isEmpty() ? -1 : fill.events.lastKey();
            synchronized (deliveryLock) {
                lastEventId = Math.max(lastEventId, fill.currentAtInit);
            }
        }
        subscribed.countDown();
    }

    /**
     * What this server missed while its subscription was being re-established: events after {@code after}
     * (the last one it received) from the history streams its local streams can use, merged by id with the
     * live messages that arrived meanwhile. Touched on the callback thread only. Messages to one subscription
     * id are not kept in history, so those published in the gap stay missed.
     */
    private final class GapFill {
        final long after;
        final long currentAtInit;
        final java.util.TreeMap<Long, String> events = new java.util.TreeMap<>();
        int live;

        GapFill(long after, long currentAtInit) {
            this.after = after;
            this.currentAtInit = currentAtInit;
        }

        void readHistory() {
            Set<String> historyKeys = new LinkedHashSet<>();
            for (EventSubscription sub : local.all()) {
                HistoryKeys.addFor(sub, historyKeys);
            }
            RedisServerEvents.this.readHistory(historyKeys, after).forEach(events::putIfAbsent);
        }
    }

    /**
     * Writes this server's live streams back into the registry (after Redis lost it). The command
     * connection may come back a little after the subscription: retry until it works.
     */
    private void restoreRegistry(int attempt) {
        int restored = 0;
        for (EventSubscription sub : local.all()) {
            try {
                writeRegistry(sub);
                restored++;
            } catch (RuntimeException e) {
                noteRedisError();
                long delay = Math.min(2000, 100L << Math.min(attempt, 5));
                log.debug("Registry restore failed ({}); retrying in {} ms", rootMessage(e), delay);
                try {
                    background.schedule(() -> restoreRegistry(attempt + 1), delay, TimeUnit.MILLISECONDS);
                } catch (RuntimeException shuttingDown) {
                    // closing: nothing to restore for
                }
                return;
            }
        }
        if (restored > 0) {
            log.info("Restored {} live subscriptions in Redis at {}", restored, redisAddress);
        }
    }

    private void runInBackground(Runnable task) {
        try {
            background.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Herald background task failed: {}", e.toString());
                }
            });
        } catch (RuntimeException rejected) {
            log.debug("Background task rejected while shutting down");
        }
    }

    /**
     * Starts the subscription and housekeeping, and waits (up to 5 s) until the subscription is active, so
     * events published right after start reach this server's streams. If Redis is down it keeps trying
     * in the background.
     */
    @Override
    public synchronized void start() {
        pubSub.start();
        try {
            if (!subscribed.await(5, TimeUnit.SECONDS)) {
                log.warn("Redis subscription at {} not active yet; it keeps retrying", redisAddress);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (houseKeeping == null && !background.isShutdown()) {
            long every = options.houseKeepingInterval().toMillis();
            houseKeeping = background.scheduleWithFixedDelay(() -> {
                try {
                    removeExpiredSubscriptions();
                } catch (RuntimeException e) {
                    log.warn("Herald housekeeping failed: {}", e.toString());
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
        pubSub.stop();
        for (EventSubscription sub : new ArrayList<>(local.all())) {
            local.remove(sub.id());
            try {
                deleteRegistry(sub.id(), sub.channels(), sub.userId(), sub.userName(), sub.sessionId());
            } catch (RuntimeException e) {
                noteRedisError();
            }
        }
        hub.closeAll();
    }

    /** Stops, then releases the Redis connections and threads; the instance cannot be started again. */
    @Override
    public synchronized void close() {
        stop();
        pubSub.close();
        background.shutdownNow();
        connection.close();
        connector.close();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public void reset() {
        hub.forgetAll();
        local.clear();
        try {
            List<String> doomed = new ArrayList<>();
            for (String pattern : List.of(keys.idPattern(), keys.channelPattern(), keys.userIdPattern(),
                    keys.userNamePattern(), keys.sessionPattern())) {
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
                    doomed.addAll(page.getKeys());
                    cursor = page;
                } while (!cursor.isFinished());
            }
            doomed.add(keys.ids());
            for (int i = 0; i < doomed.size(); i += 500) {
                redis.del(doomed.subList(i, Math.min(doomed.size(), i + 500)).toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            throw redisFailure("reset the registry", e);
        }
    }

    @Override
    public Map<String, Long> getStats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("subscriptions", (long) local.size());
        stats.put("channels", (long) local.channelCount());
        stats.put("totalConnections", totalConnections.sum());
        stats.put("totalUnsubscriptions", totalUnsubscriptions.sum());
        stats.put("notificationsSent", notificationsSent.sum());
        stats.put("deliveries", hub.deliveries());
        stats.put("slowEvictions", hub.evictions());
        stats.put("expired", expired.sum());
        stats.put("redisMessagesReceived", messagesReceived.sum());
        stats.put("redisBadMessages", badMessages.sum());
        stats.put("redisDeadSwept", deadSwept.sum());
        stats.put("redisErrors", redisErrors.sum());
        stats.put("redisGapFilled", gapFilled.sum());
        return stats;
    }
}
