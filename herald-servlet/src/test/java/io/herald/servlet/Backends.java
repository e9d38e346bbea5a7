package io.herald.servlet;

import io.herald.ServerEvents;
import io.herald.ServerEventsNode;
import io.herald.ServerEventsOptions;
import io.herald.memory.MemoryServerEvents;
import io.herald.redis.RedisServerEvents;
import io.herald.testkit.RedisServerProcess;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The back-ends the contract suite runs on: memory, and Redis on one real redis-server per JVM. */
public final class Backends {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServerProcess redis;

    private Backends() {
    }

    public static Function<ServerEventsOptions, ? extends ServerEventsNode> memory() {
        return MemoryServerEvents::new;
    }

    /** A Redis back-end with a fresh key prefix, so servers on the shared redis-server do not see each other. */
    public static Function<ServerEventsOptions, ? extends ServerEventsNode> redis() {
        return RedisServerEvents.factory(redisServer().uri(), "servlet" + PREFIXES.incrementAndGet() + ":sse:");
    }

    /** The shared redis-server of this JVM, started on first use (fails, never skips, in CI). */
    public static synchronized RedisServerProcess redisServer() {
        if (redis == null) {
            redis = RedisServerProcess.startNew();
        }
        return redis;
    }
}
