package io.herald.redis.tck;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.TckServer;
import io.herald.tck.TckServers;
import io.herald.testkit.RedisServerProcess;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Herald on the Redis back-end behind the Netty server. One real redis-server per test class; each
 * server gets its own key prefix unless a test shares one on purpose (several servers, one cluster).
 */
public final class RedisServers {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServerProcess redis;

    private RedisServers() {
    }

    /** The shared redis-server of this JVM, started on first use. */
    public static synchronized RedisServerProcess redis() {
        if (redis == null) {
            redis = RedisServerProcess.startNew();
        }
        return redis;
    }

    /** A fresh key prefix, so tests on one redis-server do not see each other. */
    public static String newPrefix() {
        return "t" + PREFIXES.incrementAndGet() + ":sse:";
    }

    public static TckServer start(ServerEventsOptions.Builder options) {
        return start(options, newPrefix());
    }

    /** A server in the cluster named by {@code prefix}. */
    public static TckServer start(ServerEventsOptions.Builder options, String prefix) {
        ServerEventsFeature feature = ServerEventsFeature.create(options.build(),
                RedisServerEvents.factory(redis().uri(), prefix));
        return TckServers.serve(feature);
    }
}
