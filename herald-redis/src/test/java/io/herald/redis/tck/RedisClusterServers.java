package io.herald.redis.tck;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.TckServer;
import io.herald.tck.TckServers;
import io.herald.testkit.RedisClusterProcess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Herald on the Redis back-end over a real three-master Redis Cluster, behind the Netty server. One cluster per
 * JVM. Each test server gets its own hash-tagged prefix ({@code {t<n>}:sse:}), so the tests' registries land in
 * different slots and, between them, on every master.
 */
public final class RedisClusterServers {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisClusterProcess cluster;

    private RedisClusterServers() {
    }

    /** The shared cluster of this JVM (three masters, no replicas), started on first use. */
    public static synchronized RedisClusterProcess cluster() {
        if (cluster == null) {
            cluster = RedisClusterProcess.start(3, 0);
        }
        return cluster;
    }

    /** A fresh hash-tagged key prefix. */
    public static String newPrefix() {
        return "{t" + PREFIXES.incrementAndGet() + "}:sse:";
    }

    public static TckServer start(ServerEventsOptions.Builder options) {
        return start(options, newPrefix(), cluster().uri());
    }

    /** A server in the Herald cluster named by {@code prefix}, reaching Redis through {@code redisUri}. */
    public static TckServer start(ServerEventsOptions.Builder options, String prefix, String redisUri) {
        ServerEventsFeature feature = ServerEventsFeature.create(options.build(),
                RedisServerEvents.factory(redisUri, prefix));
        return TckServers.serve(feature);
    }
}
