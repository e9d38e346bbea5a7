package io.herald.redis;

import io.herald.ServerEventsOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The parts of one Redis back-end and their lifetime: Lettuce's threads, the connector, the shared command
 * connection, the broker and the registry. Built before the node (which takes the broker and the registry) and
 * released after it.
 */
final class RedisBackend implements AutoCloseable {

    /**
     * Longest wait between two reconnect attempts, for commands and the subscription alike: once Redis answers
     * again, publishing and delivery resume within about this long.
     */
    static final Duration RECONNECT_MAX_DELAY = Duration.ofMillis(500);

    final RedisKeys keys;
    final ClientResources resources;
    final RedisConnector connector;
    final RedisStore store;
    final RedisBroker broker;
    final RedisRegistry registry;

    private RedisBackend(ServerEventsOptions options, String redisUri, RedisKeys keys) {
        this.keys = keys;
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), RECONNECT_MAX_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisConnector c = null;
        RedisStore s;
        try {
            c = RedisConnector.create(redisUri, resources, ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build(), null);
            s = new RedisStore(c, RedisUris.mask(redisUri));
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            resources.shutdown();
            throw e;
        }
        this.connector = c;
        this.store = s;
        this.broker = new RedisBroker(options, store, keys, redisUri, resources, RECONNECT_MAX_DELAY);
        this.registry = new RedisRegistry(store, keys);
    }

    /**
     * Connects to Redis.
     *
     * @throws IllegalArgumentException if the address is malformed, or a Cluster prefix has no hash tag
     * @throws io.herald.BackendUnavailableException if Redis cannot be reached
     */
    static RedisBackend connect(ServerEventsOptions options, String redisUri, String keyPrefix) {
        RedisKeys keys = RedisKeys.withPrefix(keyPrefix);
        if (RedisUris.isCluster(redisUri) && !keys.hasHashTag()) {
            throw new IllegalArgumentException("keyPrefix '" + keyPrefix + "' has no hash tag, but " + RedisUris.mask(redisUri)
                    + " is a Redis Cluster: Herald's scripts touch several keys at once, so all its keys must share one"
                    + " slot; use a prefix such as '" + RedisKeys.DEFAULT_CLUSTER_PREFIX + "'");
        }
        return new RedisBackend(options, redisUri, keys);
    }

    /** Releases the connections and Lettuce's threads (after the node closed the broker and the registry). */
    @Override
    public void close() {
        store.close();
        connector.close();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
