package io.herald.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens Lettuce connections to any address {@link RedisUris} accepts, hiding whether it is one Redis (plain,
 * TLS, Sentinel) or a Redis Cluster. Herald's Redis back-end, {@link RedisPubSubServer} and the chat history
 * use it, so every one of them takes the same address forms.
 *
 * <p>The commands are typed as {@link RedisClusterCommands}, the part of Lettuce's API that a single Redis
 * and a Cluster share (no {@code MULTI}/{@code EXEC}; use Lua scripts whose keys share one hash slot). On a
 * Cluster, commands are routed by key slot; {@code SCAN}, {@code KEYS} and multi-key {@code DEL}/{@code MGET}
 * cover every master; the topology is refreshed every 5 seconds and at once on redirects or repeated
 * reconnects (at most once a second), and {@link #refreshTopologySoon()} lets callers ask for one after a
 * failed command, so a failover (a replica promoted) is followed within a few seconds. Subscriptions use plain
 * connections to one node ({@link #subscriptionNodes()}): classic {@code PUBLISH} reaches subscribers on every
 * node of a Cluster. A Cluster command connection is connected to every node ahead of use: with commands rejected while disconnected,
 * Lettuce 7 would refuse the first command to a node whose connection is still opening.
 *
 * <p>Thread-safe. {@link #close()} shuts the client down (and the client resources if this connector made
 * them).
 */
public final class RedisConnector implements AutoCloseable {

    /** How long {@link #connect()} waits for a Cluster connection's node connections to open. */
    static final Duration NODE_CONNECT_WAIT = Duration.ofSeconds(5);
    /** Interval of the periodic Cluster topology refresh. */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);
    /** Least time between two refreshes asked for by errors, redirects or reconnects. */
    static final Duration PROMPT_REFRESH_GAP = Duration.ofSeconds(1);

    private final String address;
    private final boolean cluster;
    private final List<RedisURI> uris;
    private final AbstractRedisClient client;
    /** Plain connections to one node: the single Redis, or (on a Cluster) one node chosen from the topology. */
    private final RedisClient nodeClient;
    private final ClientResources resources;
    private final boolean ownsResources;
    private final AtomicLong lastPromptRefreshNanos = new AtomicLong(System.nanoTime() - PROMPT_REFRESH_GAP.toNanos());
    /** Cluster command connections from {@link #connect()} still open, kept connected to every node. */
    private final Set<StatefulRedisClusterConnection<String, String>> clusterConnections = ConcurrentHashMap.newKeySet();

    private RedisConnector(String redisUri, ClientResources resources, ClientOptions options, Duration timeout) {
        this.address = RedisUris.mask(redisUri);
        this.cluster = RedisUris.isCluster(redisUri);
        List<RedisURI> parsed = RedisUris.parseAll(redisUri);
        if (timeout != null) {
            for (RedisURI u : parsed) {
                if (u.getTimeout().equals(RedisURI.DEFAULT_TIMEOUT_DURATION)) {
                    // Lettuce's 60 s default also bounds the handshake; a hung Redis must not block callers that long.
                    u.setTimeout(timeout);
                }
            }
        }
        this.uris = List.copyOf(parsed);
        this.ownsResources = resources == null;
        this.resources = resources != null ? resources
                : ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        if (cluster) {
            RedisClusterClient c = RedisClusterClient.create(this.resources, uris);
            c.setOptions(ClusterClientOptions.builder(options)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(PROMPT_REFRESH_GAP)
                            .build())
                    .build());
            this.client = c;
            this.nodeClient = RedisClient.create(this.resources);
            nodeClient.setOptions(options);
        } else {
            RedisClient c = RedisClient.create(this.resources);
            c.setOptions(options);
            this.client = c;
            this.nodeClient = c;
        }
    }

    /**
     * A connector for {@code redisUri}. Nothing connects yet.
     *
     * @param redisUri  any form {@link RedisUris} accepts, including {@code redis-cluster://}
     * @param resources Lettuce resources to share, or {@code null} to make (and later shut down) small ones
     * @param options   client options (reconnect, timeouts); on a Cluster they are extended with topology refresh
     * @param timeout   command and handshake timeout for addresses that do not set {@code ?timeout=}, or
     *                  {@code null} for Lettuce's default
     * @throws IllegalArgumentException if the address cannot be parsed (the message masks any password)
     */
    public static RedisConnector create(String redisUri, ClientResources resources, ClientOptions options,
            Duration timeout) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(options, "options");
        return new RedisConnector(redisUri, resources, options, timeout);
    }

    /** Whether the address is a Redis Cluster. */
    public boolean isCluster() {
        return cluster;
    }

    /**
     * Registers a listener for connection events of the single-node connections ({@link #connect(RedisURI)},
     * {@link #connectPubSub(RedisURI)}, and on a single Redis also {@link #connect()}).
     */
    public void addListener(RedisConnectionStateListener listener) {
        nodeClient.addListener(listener);
    }

    /**
     * The nodes a subscription can use. For a single Redis (or Sentinel) its one address. For a Cluster, every
     * node of a freshly loaded topology not flagged as failing (classic pub/sub reaches subscribers on every
     * node, so any will do), each carrying the address's credentials, TLS and timeout.
     *
     * @throws io.lettuce.core.RedisException on a Cluster, if no known node answers
     */
    public List<RedisURI> subscriptionNodes() {
        if (!cluster) {
            return uris;
        }
        RedisClusterClient c = (RedisClusterClient) client;
        c.refreshPartitions();
        List<RedisURI> nodes = new ArrayList<>();
        for (RedisClusterNode node : c.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                    || node.is(RedisClusterNode.NodeFlag.HANDSHAKE) || node.is(RedisClusterNode.NodeFlag.NOADDR)
                    || node.getUri() == null) {
                continue;
            }
            nodes.add(RedisURI.builder(uris.get(0)).withHost(node.getUri().getHost())
                    .withPort(node.getUri().getPort()).build());
        }
        if (nodes.isEmpty()) {
            throw new io.lettuce.core.RedisConnectionException("no healthy node in the Redis Cluster at " + address);
        }
        return nodes;
    }

    /**
     * Opens a plain command connection to one node from {@link #subscriptionNodes()} (not routed by slot: for
     * node-local commands such as {@code TIME}, or {@code PUBLISH}, which a Cluster forwards to every node).
     */
    public Commands connect(RedisURI node) {
        StatefulRedisConnection<String, String> c = nodeClient.connect(StringCodec.UTF8, node);
        return new Commands(c, c.sync(), c.async());
    }

    /** Opens a plain pub/sub connection to one node from {@link #subscriptionNodes()}. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub(RedisURI node) {
        return nodeClient.connectPubSub(StringCodec.UTF8, node);
    }

    /**
     * Opens a command connection (UTF-8 strings). On a Cluster it is connected to every node (waiting up to 5 s)
     * before it is returned, and to nodes that appear in the topology when a refresh
     * asked for by {@link #refreshTopologySoon()} or {@link #refreshTopologyNow()} completes.
     *
     * @throws io.lettuce.core.RedisException if no node can be reached
     */
    public Commands connect() {
        if (cluster) {
            StatefulRedisClusterConnection<String, String> c = ((RedisClusterClient) client).connect(StringCodec.UTF8);
            connectToNodes(c, NODE_CONNECT_WAIT);
            clusterConnections.add(c);
            return new Commands(c, c.sync(), c.async(), () -> clusterConnections.remove(c));
        }
        return connect(uris.get(0));
    }

    /**
     * Opens {@code c}'s connection to every node of its topology it has none to yet, replicas included, and waits
     * for them up to {@code wait} (not at all if zero). Lettuce 7 refuses a command routed to a node whose
     * connection is still being opened when commands are rejected while disconnected ("Currently not connected"),
     * so without this the first command to each master failed, and so would the first one to a replica promoted by
     * a failover. A node that cannot be reached now is left to be connected on demand.
     */
    private static void connectToNodes(StatefulRedisClusterConnection<String, String> c, Duration wait) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : c.getPartitions()) {
            RedisURI uri = node.getUri();
            if (uri == null) {
                continue;
            }
            try {
                opening.add(c.getConnectionAsync(uri.getHost(), uri.getPort()));
            } catch (RuntimeException e) {
                // not a member any more, or the connection is closing: nothing to prepare
            }
        }
        if (wait.isZero() || opening.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // some node is down or slow: the others are ready, and that one is connected on demand
        }
    }

    /** After a topology refresh: connections to nodes that joined (or were promoted) are opened in the background. */
    private void connectToNewNodes() {
        for (StatefulRedisClusterConnection<String, String> c : clusterConnections) {
            connectToNodes(c, Duration.ZERO);
        }
    }

    /**
     * On a Cluster, starts a topology refresh in the background unless one was asked for less than a second
     * ago; callers use it when a command failed, so the next command is routed to a newly promoted master
     * without waiting for the periodic refresh. Does nothing on a single Redis. Never blocks or throws.
     */
    public void refreshTopologySoon() {
        if (!cluster || !claimPromptRefresh()) {
            return;
        }
        try {
            ((RedisClusterClient) client).refreshPartitionsAsync().thenRun(this::connectToNewNodes);
        } catch (RuntimeException e) {
            // shutting down, or no node reachable: the periodic refresh will try again
        }
    }

    /**
     * On a Cluster, reloads the topology now (blocking, bounded by the connect timeout) unless a prompt refresh
     * was asked for less than a second ago. Returns whether it reloaded, i.e. whether a failed command is
     * worth one more try. Always false on a single Redis. Never throws.
     */
    public boolean refreshTopologyNow() {
        if (!cluster || !claimPromptRefresh()) {
            return false;
        }
        try {
            ((RedisClusterClient) client).refreshPartitions();
            connectToNewNodes();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean claimPromptRefresh() {
        long now = System.nanoTime();
        long last = lastPromptRefreshNanos.get();
        return now - last >= PROMPT_REFRESH_GAP.toNanos() && lastPromptRefreshNanos.compareAndSet(last, now);
    }

    /** Shuts the client down, and the resources if this connector made them. */
    @Override
    public void close() {
        if (nodeClient != client) {
            nodeClient.shutdown();
        }
        client.shutdown();
        if (ownsResources) {
            resources.shutdown();
        }
    }

    @Override
    public String toString() {
        return "RedisConnector[" + address + (cluster ? ", cluster" : "") + "]";
    }

    /** A command connection with its synchronous and asynchronous views. */
    public static final class Commands implements AutoCloseable {
        private final StatefulConnection<String, String> connection;
        private final RedisClusterCommands<String, String> sync;
        private final RedisClusterAsyncCommands<String, String> async;
        private final Runnable onClose;

        Commands(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                RedisClusterAsyncCommands<String, String> async) {
            this(connection, sync, async, () -> { });
        }

        Commands(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                RedisClusterAsyncCommands<String, String> async, Runnable onClose) {
            this.connection = connection;
            this.sync = sync;
            this.async = async;
            this.onClose = onClose;
        }

        /** The underlying connection (for listeners, timeouts, identity checks). */
        public StatefulConnection<String, String> connection() {
            return connection;
        }

        /** Blocking commands. */
        public RedisClusterCommands<String, String> sync() {
            return sync;
        }

        /** Asynchronous commands. */
        public RedisClusterAsyncCommands<String, String> async() {
            return async;
        }

        /** Sets the command timeout of this connection. */
        public void setTimeout(Duration timeout) {
            connection.setTimeout(timeout);
        }

        @Override
        public void close() {
            onClose.run();
            connection.close();
        }
    }
}
