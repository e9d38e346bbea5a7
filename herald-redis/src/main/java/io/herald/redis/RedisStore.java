package io.herald.redis;

import io.herald.BackendUnavailableException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command connection the Redis broker and registry share, and how its failures become answers: every
 * failed call throws {@link BackendUnavailableException} naming the Redis address and the cause, is counted,
 * and on a Cluster asks for a prompt topology refresh. An outage is logged once when it starts (with its
 * cause) and once when Redis answers again (with how long it lasted and how many calls failed), never once per
 * request. Thread-safe.
 */
final class RedisStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final long CONNECT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final RedisConnector connector;
    private final RedisConnector.Commands connection;
    private final String address;
    private final LongAdder errors = new LongAdder();
    /** When the current outage started (System.nanoTime), or 0 while Redis answers. */
    private final AtomicLong downSince = new AtomicLong();
    private final LongAdder failedDuringOutage = new LongAdder();

    /**
     * Connects.
     *
     * @throws BackendUnavailableException if Redis cannot be reached
     */
    RedisStore(RedisConnector connector, String address) {
        this.connector = connector;
        this.address = address;
        try {
            this.connection = connector.connect();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("Cannot connect to Redis at " + address + ": " + rootMessage(e), e);
        }
        connection.setTimeout(COMMAND_TIMEOUT);
    }

    String address() {
        return address;
    }

    RedisConnector connector() {
        return connector;
    }

    RedisClusterCommands<String, String> sync() {
        return connection.sync();
    }

    RedisClusterAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** Runs a command; a failure becomes {@link BackendUnavailableException} saying it could not {@code what}. */
    <T> T call(String what, Supplier<T> command) {
        T result;
        try {
            result = command.get();
        } catch (BackendUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
        answered();
        return result;
    }

    /**
     * As {@link #call} for a read-only query; on a Cluster a failure reloads the topology at once and the query is
     * tried once more (a failover may just have moved the slot; writes are not retried, they could run twice).
     */
    <T> T read(String what, Supplier<T> query) {
        return call(what, () -> {
            try {
                return query.get();
            } catch (RuntimeException e) {
                if (!connector.refreshTopologyNow()) {
                    throw e;
                }
                return query.get();
            }
        });
    }

    /** Runs a script by its SHA, sending it (EVAL, which caches it on that node) when the node does not know it. */
    <T> T evalsha(String sha, String script, ScriptOutputType type, String[] keys, String... args) {
        try {
            return sync().evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return sync().eval(script, type, keys, args); // a new or restarted Redis, or a promoted replica
        }
    }

    /** Counts a failed call made without {@link #call} (e.g. an async one) and asks for a topology refresh. */
    void noteError(Throwable cause) {
        errors.increment();
        connector.refreshTopologySoon();
        if (downSince.compareAndSet(0, System.nanoTime())) {
            log.warn("Redis at {} unavailable: {}", address, rootMessage(cause));
        } else {
            failedDuringOutage.increment();
            log.debug("Redis at {} still unavailable: {}", address, rootMessage(cause));
        }
    }

    /** Notes that Redis answered, ending an outage if one was on. */
    void answered() {
        long since = downSince.get();
        if (since != 0 && downSince.compareAndSet(since, 0)) {
            long failed = failedDuringOutage.sumThenReset() + 1;
            log.info("Redis at {} answers again after {} ms ({} calls failed meanwhile)", address,
                    (System.nanoTime() - since) / 1_000_000, failed);
        }
    }

    /**
     * Waits until the command connection to a single Redis is up, at most {@code max}. Lettuce reconnects it in
     * the background on its own schedule, which may end after another connection to the same Redis (the
     * subscription's) is already back. Returns at once on a Cluster, whose calls are routed to node connections
     * one by one.
     *
     * @return whether the connection is up (always true on a Cluster)
     */
    boolean awaitConnected(Duration max) {
        if (connector.isCluster()) {
            return true;
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (!connection.connection().isOpen()) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(CONNECT_POLL_NANOS); // Lettuce has no per-connection "reconnected" future to wait on
        }
        return true;
    }

    /** Whether the last call failed and no call has succeeded since. */
    boolean isDown() {
        return downSince.get() != 0;
    }

    BackendUnavailableException failure(String what, RuntimeException e) {
        noteError(e);
        return new BackendUnavailableException("Redis at " + address + " unavailable, could not " + what + ": "
                + rootMessage(e), e);
    }

    long errors() {
        return errors.sum();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : "no details given";
    }

    @Override
    public void close() {
        connection.close();
    }
}
