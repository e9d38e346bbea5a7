package io.herald.redis;

import io.herald.ServerEventsNode;
import io.herald.ServerEventsOptions;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Redis back-end: a drop-in replacement for {@link io.herald.memory.MemoryServerEvents} that lets many
 * servers share one set of subscriptions through one Redis. A {@link ServerEventsNode} over
 * {@link RedisBroker} and {@link RedisRegistry}; every rule about subscriptions is the node's, the same as on
 * memory.
 *
 * <h2>How it works</h2>
 * <ul>
 *   <li><b>Registry.</b> Every subscription is stored under ServiceStack's key layout ({@link RedisKeys}:
 *       {@code sse:id:<id>}, {@code sse:ids}, {@code sse:channel:<c>}, {@code sse:userid:<u>}, ...; prefix
 *       configurable), written atomically by Lua scripts, so look-ups and the subscribers list see the whole
 *       cluster.</li>
 *   <li><b>Publishing.</b> Each {@code notify*} serialises the body once and runs one Lua script that takes the
 *       next cluster-wide event id, keeps the message in history and publishes {@code "<id> <message>"} on
 *       {@code <prefix>topic} ({@link TopicMessage}, ServiceStack's grammar). Every server receives every
 *       message in the same order on its {@link RedisPubSubServer} thread and delivers it to the matching
 *       streams it holds.</li>
 *   <li><b>Resubscribing loses nothing kept in history.</b> When a server's subscription drops and comes back,
 *       events published meanwhile are read from history and delivered in order, merged by id with live ones;
 *       only messages to one subscription id (not kept) published in that gap are missed.</li>
 *   <li><b>Prompt remote actions.</b> Heartbeats, unregisters and channel changes for a stream held by another
 *       server are published as {@code pulse.id.*}, {@code unregister.id.*}, {@code subscribe.id.*} and acted
 *       on by that server as soon as they arrive.</li>
 *   <li><b>Vanished servers.</b> Each server refreshes its streams' liveness in {@code sse:ids} every few
 *       seconds; every server sweeps, every housekeeping interval, the subscriptions whose liveness is older
 *       than the idle timeout, and the one whose removal wins sends their {@code onLeave} events. After each
 *       reconnect a server writes its live subscriptions back, so a Redis restart loses nothing still
 *       connected.</li>
 * </ul>
 *
 * <h2>When Redis is down</h2>
 * Streams this server holds stay open and keep their heartbeats (answered locally). Every call that needs
 * Redis ({@code notify*}, opening a stream, cluster look-ups) throws
 * {@link io.herald.BackendUnavailableException} naming the Redis address and the cause (the endpoints answer
 * it with 503 and {@code Retry-After}); nothing is dropped silently. The outage is logged once when it starts
 * and once when it ends, by the command connection (logger {@code io.herald.redis.RedisStore}) and by the
 * subscription ({@link RedisPubSubServer}). The subscribers list falls back to this server's own streams.
 * Connections come back by themselves (reconnect back-off capped at 0.5 s); delivery resumes once both the
 * subscription and the command connection are back, starting with what other servers published meanwhile (read
 * from history).
 *
 * <p>Thread-safe. Methods block on Redis for at most the command timeout (5 s); do not call them on an I/O
 * event loop.
 */
public final class RedisServerEvents extends ServerEventsNode {

    private final RedisBackend backend;

    /**
     * Connects to Redis.
     *
     * @param redisUri  any form {@link RedisUris} accepts, e.g. {@code redis://localhost:6379}, {@code localhost}
     *                  or {@code redis-cluster://node1:7000,node2:7001}
     * @param keyPrefix the key and topic prefix, {@code sse:} for ServiceStack's layout; on a Redis Cluster it
     *                  must carry a hash tag, e.g. {@code {sse}:} ({@link RedisKeys#DEFAULT_CLUSTER_PREFIX})
     * @throws io.herald.BackendUnavailableException if Redis cannot be reached
     * @throws IllegalArgumentException if the address is malformed, or a Cluster prefix has no hash tag
     */
    public RedisServerEvents(ServerEventsOptions options, String redisUri, String keyPrefix) {
        this(options, RedisBackend.connect(Objects.requireNonNull(options, "options"), redisUri, keyPrefix));
    }

    private RedisServerEvents(ServerEventsOptions options, RedisBackend backend) {
        super(options, backend.broker, backend.registry);
        this.backend = backend;
    }

    /**
     * A back-end factory for {@code ServerEventsFeature.create(options, RedisServerEvents.factory(uri))}, with
     * the default prefix: {@code sse:} (ServiceStack's layout), or {@code {sse}:} on a Redis Cluster.
     */
    public static Function<ServerEventsOptions, RedisServerEvents> factory(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        return factory(redisUri, RedisUris.isCluster(redisUri) ? RedisKeys.DEFAULT_CLUSTER_PREFIX : RedisKeys.DEFAULT_PREFIX);
    }

    /** As {@link #factory(String)}, with a key prefix other than {@code sse:}. */
    public static Function<ServerEventsOptions, RedisServerEvents> factory(String redisUri, String keyPrefix) {
        Objects.requireNonNull(redisUri, "redisUri");
        return options -> new RedisServerEvents(options, redisUri, keyPrefix);
    }

    /** The subscription loop on the topic. */
    public RedisPubSubServer pubSubServer() {
        return backend.broker.pubSub();
    }

    /** The key layout this back-end uses. */
    public RedisKeys keys() {
        return backend.keys;
    }

    /**
     * Asks Redis whether it answers, for health checks.
     *
     * @return the round trip in milliseconds
     * @throws io.herald.BackendUnavailableException naming the address and the cause if it does not
     */
    public long ping() {
        long start = System.nanoTime();
        backend.store.call("answer PING", () -> backend.store.sync().ping());
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Stops, then releases the Redis connections and threads; the instance cannot be started again. */
    @Override
    public synchronized void close() {
        super.close();
        backend.close();
    }
}
