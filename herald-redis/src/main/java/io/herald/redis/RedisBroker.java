package io.herald.redis;

import io.herald.ServerEventsOptions;
import io.herald.Statistic;
import io.herald.spi.Address;
import io.herald.spi.Broker;
import io.herald.spi.Control;
import io.herald.spi.Event;
import io.herald.spi.History;
import io.herald.spi.Message;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.resource.ClientResources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis {@link io.herald.spi.Broker}: one Lua script per publish takes the next cluster-wide event id, keeps
 * the message in the history stream of each of its addresses and publishes {@code "<id> <message>"} on the
 * topic (the message in ServiceStack's grammar, {@link TopicMessage}); every server's {@link RedisPubSubServer}
 * receives every message in that order and hands it to its node. Control messages go over the same topic
 * without an id. History is read back with one pipelined {@code XRANGE} per address.
 *
 * <p>Thread-safe. Calls block on Redis for at most the command timeout.
 */
final class RedisBroker implements Broker {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final ServerEventsOptions options;
    private final Clock clock;
    private final RedisStore store;
    private final RedisKeys keys;
    private final RedisPubSubServer pubSub;
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder badMessages = new LongAdder();
    private volatile Listener listener;
    private volatile CountDownLatch subscribed = new CountDownLatch(1);
    /** Touched on the subscription's callback thread only. */
    private boolean subscribedBefore;
    /** The event id read before subscribing (callback thread only). */
    private long positionBefore;
    /** The id of the last event received (for messages a ServiceStack server publishes without one). Callback thread. */
    private long lastId;

    RedisBroker(ServerEventsOptions options, RedisStore store, RedisKeys keys, String redisUri,
                ClientResources resources, Duration reconnectMaxDelay) {
        this.options = options;
        this.clock = options.clock();
        this.store = store;
        this.keys = keys;
        this.pubSub = new RedisPubSubServer(RedisPubSubOptions.builder(redisUri)
                .channels(keys.topic())
                .reconnectMaxDelay(reconnectMaxDelay)
                .clientResources(resources)
                .onInit(this::onInit)
                .onStart(this::onStart)
                .onMessage(this::onMessage)
                .onError(e -> log.debug("Redis subscription to {} failed: {}", store.address(), RedisStore.rootMessage(e)))
                .build());
    }

    RedisPubSubServer pubSub() {
        return pubSub;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean isDistributed() {
        return true;
    }

    /** Subscribes, waiting up to 5 s; if Redis is down the subscription keeps trying in the background. */
    @Override
    public void start(Listener listener) {
        this.listener = listener;
        CountDownLatch latch = subscribed;
        pubSub.start();
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                log.warn("Redis subscription at {} not active yet; it keeps retrying", store.address());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Before any message of a new subscription connection, on the callback thread. */
    private void onInit() {
        Listener l = listener;
        if (subscribedBefore && l != null) {
            l.onResubscribing();
        }
        // The subscription is back, but the command connection may still be waiting out its reconnect delay, and
        // the position read here and the gap fill after onStart both need it: without it, events published by
        // other servers meanwhile would be missed here.
        if (!store.awaitConnected(RedisStore.COMMAND_TIMEOUT)) {
            log.debug("Redis command connection to {} not back yet; resubscribing without it", store.address());
        }
        try {
            positionBefore = position();
        } catch (RuntimeException e) { // the command connection may come back a little later
            positionBefore = 0;
        }
    }

    /** Subscribed, on the callback thread. */
    private void onStart() {
        subscribedBefore = true;
        Listener l = listener;
        if (l != null) {
            l.onSubscribed(positionBefore);
        }
        subscribed.countDown();
    }

    /** One message of the topic, on the callback thread, in the order Redis published them. */
    private void onMessage(String channel, String text) {
        messagesReceived.increment();
        Listener l = listener;
        if (l == null) {
            return;
        }
        long id = -1;
        String body = text;
        int space = text.indexOf(' ');
        if (space > 0 && isId(text, space)) {
            id = Long.parseLong(text.substring(0, space));
            body = text.substring(space + 1);
        }
        try {
            TopicMessage m = TopicMessage.parse(body);
            if (m.isEvent()) {
                lastId = Math.max(lastId, id);
                // an event from a ServiceStack server has no id: it takes the position of the last one
                l.onEvent(new Event(id >= 0 ? id : lastId, m.toMessage()));
            } else {
                l.onControl(m.toControl());
            }
        } catch (IllegalArgumentException e) {
            if (badMessages.sum() == 0) { // once: a foreign publisher on our topic would flood the log
                log.warn("Ignored a message on {} (counted in redisBadMessages from now on): {}", channel, e.getMessage());
            }
            badMessages.increment();
        }
    }

    private static boolean isId(String s, int end) {
        if (end > 18) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public long publish(Message message) {
        String text = TopicMessage.of(message).format();
        List<Address> addresses = options.historySize() > 0 ? message.addresses() : List.of();
        String[] scriptKeys = new String[3 + 2 * addresses.size()];
        scriptKeys[0] = keys.eventId();
        scriptKeys[1] = keys.topic();
        scriptKeys[2] = keys.eventIdEpoch();
        for (int i = 0; i < addresses.size(); i++) {
            scriptKeys[3 + 2 * i] = keys.history(addresses.get(i));
            scriptKeys[4 + 2 * i] = keys.historyDropped(addresses.get(i));
        }
        String maxLen = Integer.toString(Math.max(1, options.historySize()));
        String retention = Long.toString(options.historyRetention().toMillis());
        String id = store.call("publish " + TopicMessage.of(message).kind().head(), () -> store.evalsha(
                RedisScripts.PUBLISH_SHA, RedisScripts.PUBLISH, ScriptOutputType.VALUE, scriptKeys, text, maxLen,
                retention));
        return Long.parseLong(id);
    }

    /**
     * Publishes a control message (no event id). On a Cluster it goes through a one-line script keyed by the
     * topic, so it is routed to the master of the prefix's slot rather than to whichever node the connection
     * first reached (which may be the one that just died).
     */
    @Override
    public void control(Control control) {
        TopicMessage m = TopicMessage.of(control);
        store.call("publish " + m.kind().head(), () -> {
            if (store.connector().isCluster()) {
                return store.sync().eval(RedisScripts.PUBLISH_CONTROL, ScriptOutputType.INTEGER,
                        new String[] {keys.topic()}, m.format());
            }
            return store.sync().publish(keys.topic(), m.format());
        });
    }

    /**
     * The kept events after {@code afterId} (one pipelined {@code XRANGE} per address). Complete only if the
     * position is from the current counter, not ahead of it, inside the retention window, and no stream dropped
     * an event after it for its size.
     */
    @Override
    public History history(Collection<Address> addresses, long afterId) {
        return store.read("read history", () -> {
            String epoch = store.sync().get(keys.eventIdEpoch());
            String current = store.sync().get(keys.eventId());
            long windowStart = (clock.millis() - options.historyRetention().toMillis()) * 1000;
            boolean complete = options.historySize() > 0 && epoch != null && current != null
                    && afterId >= Long.parseLong(epoch) && afterId <= Long.parseLong(current) && afterId >= windowStart;
            List<String> droppedKeys = new ArrayList<>(addresses.size());
            addresses.forEach(a -> droppedKeys.add(keys.historyDropped(a)));
            if (complete && !droppedKeys.isEmpty()) {
                for (var kv : store.sync().mget(droppedKeys.toArray(String[]::new))) {
                    if (kv.hasValue() && Long.parseLong(kv.getValue()) > afterId) {
                        complete = false;
                    }
                }
            }
            return new History(readStreams(addresses, afterId), complete);
        });
    }

    private List<Event> readStreams(Collection<Address> addresses, long afterId) {
        Range<String> range = Range.create((afterId + 1) + "-0", "+");
        List<RedisFuture<List<StreamMessage<String, String>>>> reads = new ArrayList<>();
        for (Address a : addresses) {
            reads.add(store.async().xrange(keys.history(a), range));
        }
        TreeMap<Long, Event> events = new TreeMap<>(); // an event to several channels is kept under each
        for (RedisFuture<List<StreamMessage<String, String>>> read : reads) {
            List<StreamMessage<String, String>> messages;
            try {
                messages = read.get(RedisStore.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading history", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(RedisStore.rootMessage(e), e);
            }
            for (StreamMessage<String, String> m : messages) {
                String streamId = m.getId();
                int dash = streamId.indexOf('-');
                long id = Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
                String text = m.getBody().get("m");
                if (text != null && !events.containsKey(id)) {
                    try {
                        events.put(id, new Event(id, TopicMessage.parse(text).toMessage()));
                    } catch (IllegalArgumentException e) {
                        badMessages.increment();
                    }
                }
            }
        }
        return new ArrayList<>(events.values());
    }

    /** The newest event id, starting the counter at the current time in microseconds if there is none. */
    @Override
    public long position() {
        return store.call("read the event id", () -> {
            String start = Long.toString(clock.millis() * 1000);
            if (store.sync().setnx(keys.eventId(), start)) {
                store.sync().set(keys.eventIdEpoch(), start); // a new counter: older positions are from a history now gone
            }
            String v = store.sync().get(keys.eventId());
            return v == null ? 0L : Long.parseLong(v);
        });
    }

    @Override
    public long nextSequence(String name) {
        return store.call("take the next '" + name + "' number", () -> store.sync().incr(keys.seq(name)));
    }

    @Override
    public List<Statistic> statistics() {
        return List.of(Statistic.of("redisMessagesReceived", messagesReceived.sum()),
                Statistic.of("redisBadMessages", badMessages.sum()),
                Statistic.of("redisErrors", store.errors()));
    }

    @Override
    public void stop() {
        pubSub.stop();
        subscribed = new CountDownLatch(1);
    }

    @Override
    public void close() {
        listener = null;
        pubSub.close();
    }
}
