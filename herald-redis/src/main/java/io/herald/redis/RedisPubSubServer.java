package io.herald.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A managed, self-healing Redis subscription: subscribes to a list of channels (default {@code sse:topic}),
 * keeps the subscription alive with shared keep-alive pulses, reconnects by itself when Redis goes away, and
 * hands every message to user code on its own thread. The Java counterpart of ServiceStack's
 * {@code RedisPubSubServer}, on Lettuce.
 *
 * <pre>{@code
 * RedisPubSubServer server = new RedisPubSubServer(RedisPubSubOptions.builder("redis://127.0.0.1:6379")
 *         .onMessage((channel, message) -> hub.dispatch(message))
 *         .onInit(() -> index.sweepExpired())
 *         .build());
 * server.start();
 * ...
 * server.close();
 * }</pre>
 *
 * <h2>States</h2>
 * {@link State#STOPPED} after construction. {@link #start()} moves to {@link State#STARTING}; once connected
 * and subscribed it is {@link State#STARTED}. When the connection is lost, a reconnect fails, or no pulse
 * arrives within the heartbeat timeout, it goes back to {@code STARTING} and reconnects with a capped,
 * jittered exponential back-off ({@code reconnectMinDelay * 2^(n-1)} capped at {@code reconnectMaxDelay},
 * then a random delay between half of that and all of it) until it succeeds or {@link #stop()} is called.
 * {@link #stop()} passes through {@link State#STOPPING} to {@code STOPPED}; {@link #close()} ends in
 * {@link State#DISPOSED}, from which nothing restarts.
 *
 * <p>A run of errors is logged (SLF4J, this class's logger) twice however long it lasts: a warning with the first
 * error, and an info line with its length once subscribed again; the failed attempts between are logged at
 * debug and counted in {@link #stats()}.
 *
 * <h2>Keep-alive</h2>
 * An instance publishes {@code CTRL:PULSE} to each channel when no pulse was received for the heartbeat
 * interval plus a random extra of up to half an interval (drawn afresh after every pulse), and it did not
 * publish one itself within the interval. Every instance on the channel receives every pulse, so N
 * instances share about one pulse per interval instead of sending N; the random extra keeps instances
 * that reconnected at the same moment from pulsing in lock-step. If no pulse is received for
 * {@code heartbeatTimeout}, the connection is considered dead and replaced (counted as an error). Any
 * message whose text before the first {@code :} is {@code CTRL} is a control message: it is consumed here
 * and never reaches {@code onMessage} (so .NET servers on the same channel interoperate).
 *
 * <h2>Callbacks and threads</h2>
 * Lettuce delivers messages on its Netty I/O threads; this class never runs user code there. Every
 * callback ({@code onInit}, {@code onStart}, {@code onStop}, {@code onMessage}, {@code onError},
 * {@code onFailover}, {@code onHeartbeatSent}, {@code onHeartbeatReceived}) runs on one dedicated thread
 * named {@code <threadNamePrefix>-callbacks-<n>}, one at a time, in the order the events happened:
 * <ul>
 * <li>messages are delivered in the order Redis sent them;</li>
 * <li>after each (re)connect {@code onInit} runs before any message of the new connection, then
 *     {@code onStart} once subscribed;</li>
 * <li>every message of a connection is delivered before the {@code onStop} for that connection.</li>
 * </ul>
 * The queue in front of that thread holds at most {@code maxQueuedMessages} messages and received pulses.
 * <b>When it is full, new messages are dropped</b> (counted in {@link RedisPubSubStats#messagesDropped()} and
 * logged), because blocking would stall Lettuce's I/O thread and every other connection on it; Redis pub/sub
 * is at-most-once anyway. Lifecycle callbacks are never dropped. An exception thrown by a callback is logged
 * and counted, and does not stop the server. A slow {@code onMessage} does not make the server look dead:
 * pulses are noted as received on the I/O thread.
 *
 * <h2>Redis addresses</h2>
 * Every form {@link RedisUris} accepts: {@code redis://host:port}, {@code rediss://} (TLS),
 * {@code redis://:password@host}, {@code redis-sentinel://host:26379,host2:26379/0#master} (the master is
 * looked up again on each reconnect; {@code onFailover} fires when a reconnect lands on a different server
 * address), {@code redis-cluster://node1:7000,node2:7001} (a Redis Cluster: the subscription and pulses go
 * to one node, chosen afresh from the known topology on each reconnect; classic pub/sub messages reach every
 * node, so it does not matter which) and a bare {@code host[:port]}.
 *
 * <h2>Thread-safety</h2>
 * All public methods are thread-safe. {@link #start()}, {@link #stop()}, {@link #restart()} and
 * {@link #close()} are serialised on an internal control thread; {@code start()} returns at once (connecting
 * happens in the background), {@code stop()} and {@code close()} return once the connection is closed.
 * They may be called from callbacks.
 */
public final class RedisPubSubServer implements AutoCloseable {

    /** Life-cycle states, as in ServiceStack. */
    public enum State {
        /** Closed for good. */
        DISPOSED,
        /** Not subscribed and not trying to be. */
        STOPPED,
        /** Closing the subscription. */
        STOPPING,
        /** Connecting, or reconnecting after a failure (with back-off). */
        STARTING,
        /** Subscribed and receiving. */
        STARTED
    }

    /** Control-message marker: a message whose text before the first {@code :} equals this is consumed. */
    public static final String CONTROL = "CTRL";

    /** The keep-alive message. */
    public static final String PULSE = "CTRL:PULSE";

    private static final Logger LOG = LoggerFactory.getLogger(RedisPubSubServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final RedisPubSubOptions options;
    private final ClientResources resources;
    private final boolean ownsResources;
    private final RedisConnector connector;
    private final ScheduledThreadPoolExecutor control;
    private final ThreadPoolExecutor callbacks;
    private volatile Thread controlThread;
    private volatile Thread callbackThread;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final long heartbeatIntervalNanos;
    private final long heartbeatTimeoutNanos;

    private volatile State state = State.STOPPED;
    private volatile ServerClock serverClock;
    private volatile long lastPulseReceivedNanos;
    private volatile SocketAddress lastConnectedAddress;

    // Touched on the control thread only.
    private Session session;
    private boolean wanted;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> heartbeatTask;
    private long lastPulseSentNanos;
    private long roundStartNanos;
    private long roundJitterNanos;
    private String previousAddress;
    private long sessionIds;
    private int nodeCursor = ThreadLocalRandom.current().nextInt(1 << 16); // spreads servers over Cluster nodes
    private long failingSinceNanos; // when the current run of errors began

    private final AtomicLong timesStarted = new AtomicLong();
    private final AtomicLong totalErrors = new AtomicLong();
    private final AtomicLong consecutiveErrors = new AtomicLong();
    private volatile String lastError;
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong messagesDropped = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong heartbeatsReceived = new AtomicLong();
    private final AtomicLong callbackFailures = new AtomicLong();

    /**
     * Creates a stopped server; nothing connects until {@link #start()}.
     *
     * @param options validated settings and callbacks
     */
    public RedisPubSubServer(RedisPubSubOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.heartbeatIntervalNanos = options.heartbeatInterval().toNanos();
        this.heartbeatTimeoutNanos = options.heartbeatTimeout().toNanos();
        int n = INSTANCES.incrementAndGet();
        String prefix = options.threadNamePrefix();

        this.control = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, prefix + "-control-" + n);
            t.setDaemon(true);
            controlThread = t;
            return t;
        });
        control.setRemoveOnCancelPolicy(true);
        // Unbounded work queue; the bound on messages is enforced by 'queued' (see deliverBounded).
        this.callbacks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + "-callbacks-" + n);
            t.setDaemon(true);
            callbackThread = t;
            return t;
        });

        if (options.clientResources() != null) {
            this.resources = options.clientResources();
            this.ownsResources = false;
        } else {
            // A subscription needs very little: Lettuce's minimum pools (2 each), not one thread per core.
            this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
            this.ownsResources = true;
        }
        // We run our own reconnect loop (back-off, onInit, fresh TIME), so Lettuce must not reconnect silently.
        // The command timeout also bounds the connection handshake (Lettuce's default is 60 s): a hung Redis
        // must not hold the control thread (and stop()) that long.
        this.connector = RedisConnector.create(options.redisUri(), resources, ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build(), options.commandTimeout());
        connector.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
                lastConnectedAddress = socketAddress;
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                onControl(() -> connectionLost(connection));
            }
        });
    }

    /** The settings this server was built with. */
    public RedisPubSubOptions options() {
        return options;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** A snapshot of the counters. */
    public RedisPubSubStats stats() {
        return new RedisPubSubStats(state, timesStarted.get(), totalErrors.get(), consecutiveErrors.get(), lastError,
                messagesReceived.get(), messagesDropped.get(), heartbeatsSent.get(), heartbeatsReceived.get(),
                callbackFailures.get());
    }

    /**
     * The Redis server's clock in Unix milliseconds: {@code TIME} read at the last (re)connect plus the
     * monotonic time elapsed since, so it never jumps with the local clock and agrees across app servers
     * sharing the Redis. Before the first connect it is the local clock.
     */
    public long currentServerTimeMillis() {
        ServerClock c = serverClock;
        if (c == null) {
            return System.currentTimeMillis();
        }
        return c.unixMillis + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.nanos);
    }

    /**
     * Starts subscribing in the background and returns at once. Does nothing if already starting or started.
     *
     * @throws IllegalStateException if the server is disposed
     */
    public void start() {
        runOnControl(this::doStart);
    }

    /**
     * Stops: cancels any pending reconnect, closes the connection and moves to {@code STOPPED}. Returns once
     * closed. Messages already queued for the callback thread are still delivered, then {@code onStop}.
     * Does nothing if already stopped or disposed.
     */
    public void stop() {
        if (state == State.DISPOSED) {
            return;
        }
        try {
            runOnControl(this::doStop);
        } catch (IllegalStateException disposedMeanwhile) {
            if (state != State.DISPOSED) {
                throw disposedMeanwhile;
            }
        }
    }

    /**
     * Stops and starts again (fresh connection, {@code onInit} again).
     *
     * @throws IllegalStateException if the server is disposed
     */
    public void restart() {
        runOnControl(() -> {
            doStop();
            doStart();
        });
    }

    /**
     * Stops, moves to {@code DISPOSED} and releases threads and Lettuce resources (shared
     * {@code clientResources} are left running). Queued callbacks (ending with {@code onStop} if it was
     * started) still run; waits up to 5 s for them unless called from a callback. Idempotent: later calls
     * return at once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        runOnControl(() -> {
            doStop();
            state = State.DISPOSED;
        });
        control.shutdown();
        callbacks.shutdown();
        try {
            if (Thread.currentThread() != callbackThread) {
                callbacks.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (Thread.currentThread() != controlThread) {
                control.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.close();
        if (ownsResources) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RedisPubSubServer[" + RedisUris.mask(options.redisUri()) + " " + options.channels() + " " + state + "]";
    }

    // ------------------------------------------------------------------ control thread

    private void doStart() {
        if (state == State.DISPOSED) {
            throw new IllegalStateException("RedisPubSubServer is disposed");
        }
        wanted = true;
        if (state == State.STARTING || state == State.STARTED) {
            return;
        }
        state = State.STARTING;
        scheduleConnect(0);
    }

    private void doStop() {
        wanted = false;
        cancel(reconnectTask);
        reconnectTask = null;
        if (state != State.STARTING && state != State.STARTED) {
            return;
        }
        boolean wasStarted = state == State.STARTED;
        state = State.STOPPING;
        Session s = session;
        session = null;
        cancel(heartbeatTask);
        heartbeatTask = null;
        if (s != null) {
            s.close();
        }
        state = State.STOPPED;
        if (wasStarted) {
            deliver(options.onStop());
        }
    }

    private void scheduleConnect(long delayMillis) {
        cancel(reconnectTask);
        reconnectTask = control.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void connect() {
        reconnectTask = null;
        if (!wanted || state != State.STARTING) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> sub = null;
        RedisConnector.Commands cmd = null;
        Session s = null;
        try {
            lastConnectedAddress = null;
            // One node for both: pulses then prove the path through the node we listen on. On a Cluster, a
            // node of a freshly read topology, the next one on each attempt (a dead node is not retried first).
            List<RedisURI> nodes = connector.subscriptionNodes();
            RedisURI node = nodes.get(Math.floorMod(nodeCursor++, nodes.size()));
            sub = connector.connectPubSub(node);
            SocketAddress address = lastConnectedAddress;
            cmd = connector.connect(node);
            long timeoutMillis = options.commandTimeout().toMillis();
            List<String> time = cmd.async().time().get(timeoutMillis, TimeUnit.MILLISECONDS);
            long unixMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            serverClock = new ServerClock(unixMillis, System.nanoTime());

            s = new Session(++sessionIds, sub, cmd);
            session = s;
            sub.addListener(new Listener(s));
            lastPulseReceivedNanos = System.nanoTime();
            lastPulseSentNanos = System.nanoTime();

            String addr = address == null ? null : address.toString();
            if (previousAddress != null && addr != null && !previousAddress.equals(addr)) {
                String from = previousAddress;
                deliver(() -> options.onFailover().onFailover(from, addr));
            }
            if (addr != null) {
                previousAddress = addr;
            }
            // Queued before SUBSCRIBE, so it runs before any message of this connection.
            deliver(options.onInit());

            sub.async().subscribe(options.channels().toArray(new String[0])).get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (session != s) {
                return; // lost while subscribing; connectionLost already scheduled the next attempt
            }
            state = State.STARTED;
            timesStarted.incrementAndGet();
            long failures = consecutiveErrors.getAndSet(0);
            if (failures > 0) {
                LOG.info("Redis subscription {} {} active again after {} ms ({} errors meanwhile)",
                        RedisUris.mask(options.redisUri()), options.channels(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSinceNanos), failures);
            }
            deliver(options.onStart());
            heartbeat(s);
        } catch (Exception e) {
            Throwable cause = unwrap(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (s != null) {
                if (session == s) {
                    failSession(s, cause);
                }
                return;
            }
            closeQuietly(sub);
            closeQuietly(cmd == null ? null : cmd.connection());
            recordError(cause);
            deliverError(cause);
            scheduleConnect(backoffMillis());
        }
    }

    private void connectionLost(RedisChannelHandler<?, ?> connection) {
        Session s = session;
        if (s != null && (connection == s.sub || connection == s.cmd.connection())) {
            failSession(s, new RedisConnectionException("connection to Redis lost: " + RedisUris.mask(options.redisUri())));
        }
    }

    /** Tears the failed connection down and schedules a reconnect; the state goes back to STARTING. */
    private void failSession(Session s, Throwable error) {
        if (session != s) {
            return;
        }
        session = null;
        cancel(heartbeatTask);
        heartbeatTask = null;
        s.close();
        boolean wasStarted = state == State.STARTED;
        if (state == State.STARTED || state == State.STARTING) {
            state = State.STARTING;
        }
        recordError(error);
        if (wasStarted) {
            deliver(options.onStop());
        }
        deliverError(error);
        if (wanted) {
            scheduleConnect(backoffMillis());
        }
    }

    /**
     * One keep-alive check; reschedules itself while {@code s} is the live session. A pulse is due
     * {@code heartbeatInterval} plus a random share of up to half an interval after the last pulse anyone
     * sent. The random share is drawn afresh for every pulse seen, so instances that (re)connected together
     * do not stay in lock-step: the one with the smallest draw pulses, the others see it and stand down.
     */
    private void heartbeat(Session s) {
        if (session != s || state != State.STARTED) {
            return;
        }
        long now = System.nanoTime();
        long lastReceived = lastPulseReceivedNanos;
        if (lastReceived != roundStartNanos) {
            roundStartNanos = lastReceived;
            roundJitterNanos = ThreadLocalRandom.current().nextLong(heartbeatIntervalNanos / 2 + 1);
        }
        long sinceReceived = now - lastReceived;
        if (sinceReceived > heartbeatTimeoutNanos) {
            failSession(s, new TimeoutException("no " + PULSE + " received for "
                    + TimeUnit.NANOSECONDS.toMillis(sinceReceived) + " ms (heartbeatTimeout "
                    + options.heartbeatTimeout().toMillis() + " ms)"));
            return;
        }
        long dueIn = lastReceived + heartbeatIntervalNanos + roundJitterNanos - now;
        if (dueIn <= 0 && now - lastPulseSentNanos >= heartbeatIntervalNanos) {
            lastPulseSentNanos = now;
            publishPulse(s);
        }
        // Wake exactly when the next pulse is due, and at least every quarter interval for the timeout check.
        long next = dueIn > 0 ? Math.min(dueIn, heartbeatIntervalNanos / 4) : heartbeatIntervalNanos / 4;
        heartbeatTask = control.schedule(() -> heartbeat(s), Math.max(next, TimeUnit.MILLISECONDS.toNanos(1)),
                TimeUnit.NANOSECONDS);
    }

    private void publishPulse(Session s) {
        CompletableFuture<?>[] sends = options.channels().stream()
                .map(ch -> s.cmd.async().publish(ch, PULSE).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sends).whenComplete((ok, error) -> {
            if (error != null) {
                onControl(() -> failSession(s, unwrap(error)));
            } else if (s.active) {
                heartbeatsSent.incrementAndGet();
                deliver(options.onHeartbeatSent());
            }
        });
    }

    private long backoffMillis() {
        return backoffMillis(consecutiveErrors.get(), options.reconnectMinDelay().toMillis(),
                options.reconnectMaxDelay().toMillis(), ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Delay before reconnect attempt after {@code failures} consecutive failures: {@code min * 2^(failures-1)}
     * capped at {@code max}, minus a random share of up to half of it ("equal jitter"), so servers that lost
     * Redis together spread out but still back off. {@code random} is in [0, 1).
     */
    static long backoffMillis(long failures, long min, long max, double random) {
        long n = Math.max(1, failures);
        long shift = n - 1;
        boolean overflows = shift >= 63 || min > (Long.MAX_VALUE >> shift);
        long base = overflows ? max : Math.min(max, min << shift);
        return base - (long) (random * (base / 2 + 1));
    }

    /**
     * Counts an error. The first of a run is logged as a warning, the reconnect attempts that follow at debug, and
     * the end of the run once (see {@link #connect()}): an outage is two lines in the log, however long it lasts.
     */
    private void recordError(Throwable error) {
        totalErrors.incrementAndGet();
        lastError = describe(error);
        if (consecutiveErrors.incrementAndGet() == 1) {
            failingSinceNanos = System.nanoTime();
            LOG.warn("Redis subscription {} {} failed, reconnecting: {}", RedisUris.mask(options.redisUri()),
                    options.channels(), lastError);
        } else {
            LOG.debug("Redis subscription {} {} still failing: {}", RedisUris.mask(options.redisUri()),
                    options.channels(), lastError);
        }
    }

    // ------------------------------------------------------------------ hand-off

    private void runOnControl(Runnable action) {
        if (Thread.currentThread() == controlThread) {
            action.run();
            return;
        }
        Future<?> f;
        try {
            f = control.submit(action);
        } catch (RejectedExecutionException e) {
            if (state == State.DISPOSED) {
                throw new IllegalStateException("RedisPubSubServer is disposed", e);
            }
            throw e;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the RedisPubSubServer control thread", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        }
    }

    private void onControl(Runnable action) {
        try {
            control.execute(action);
        } catch (RejectedExecutionException closed) {
            // shutting down: nothing left to react to
        }
    }

    /** Lifecycle callbacks: never dropped (their rate is bounded by the heartbeat and back-off). */
    private void deliver(Runnable callback) {
        try {
            callbacks.execute(() -> invoke(callback));
        } catch (RejectedExecutionException closed) {
            // disposed
        }
    }

    private void deliverError(Throwable error) {
        deliver(() -> options.onError().accept(error));
    }

    /**
     * Messages and received pulses: bounded, dropped when full (called on Lettuce I/O threads). Only real
     * messages count in messagesReceived/messagesDropped; counted before the hand-off so a callback never
     * observes a count that does not include its own message yet.
     */
    private void deliverBounded(Runnable callback, boolean isMessage) {
        if (queued.incrementAndGet() > options.maxQueuedMessages()) {
            queued.decrementAndGet();
            if (!isMessage) {
                return;
            }
            long dropped = messagesDropped.incrementAndGet();
            if (dropped == 1 || dropped % 10_000 == 0) {
                LOG.warn("Redis subscription {}: callback queue full (maxQueuedMessages {}), dropped {} message(s) so far",
                        options.channels(), options.maxQueuedMessages(), dropped);
            }
            return;
        }
        if (isMessage) {
            messagesReceived.incrementAndGet();
        }
        try {
            callbacks.execute(() -> {
                queued.decrementAndGet();
                invoke(callback);
            });
        } catch (RejectedExecutionException closed) {
            queued.decrementAndGet();
        }
    }

    private void invoke(Runnable callback) {
        try {
            callback.run();
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            callbackFailures.incrementAndGet();
            LOG.warn("RedisPubSubServer callback threw", t);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** {@code Class: message}, plus the root cause's when it differs (Lettuce wraps e.g. WRONGPASS). */
    private static String describe(Throwable error) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? text : text + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static void closeQuietly(io.lettuce.core.api.StatefulConnection<?, ?> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already broken; closing is best effort
            }
        }
    }

    private static final class ServerClock {
        final long unixMillis;
        final long nanos;

        ServerClock(long unixMillis, long nanos) {
            this.unixMillis = unixMillis;
            this.nanos = nanos;
        }
    }

    /** One connection pair; replaced on every reconnect so late events of an old one are recognised. */
    private static final class Session {
        final long id;
        final StatefulRedisPubSubConnection<String, String> sub;
        final RedisConnector.Commands cmd;
        volatile boolean active = true;

        Session(long id, StatefulRedisPubSubConnection<String, String> sub, RedisConnector.Commands cmd) {
            this.id = id;
            this.sub = sub;
            this.cmd = cmd;
        }

        void close() {
            // Under the lock the listener holds while handing off, so no message of this session can be
            // queued after the onStop that follows this call.
            synchronized (this) {
                active = false;
            }
            closeQuietly(sub);
            closeQuietly(cmd.connection());
        }
    }

    /** Runs on Lettuce I/O threads: only bookkeeping and a hand-off, never user code. */
    private final class Listener extends RedisPubSubAdapter<String, String> {
        private final Session session;

        Listener(Session session) {
            this.session = session;
        }

        @Override
        public void message(String channel, String message) {
            if (message == null || message.isEmpty()) {
                return;
            }
            synchronized (session) { // uncontended except while the session is being closed
                if (session.active) {
                    handle(channel, message);
                }
            }
        }

        private void handle(String channel, String message) {
            if (message.startsWith(CONTROL) && (message.length() == CONTROL.length() || message.charAt(CONTROL.length()) == ':')) {
                if (PULSE.equals(message)) {
                    lastPulseReceivedNanos = System.nanoTime();
                    heartbeatsReceived.incrementAndGet();
                    deliverBounded(options.onHeartbeatReceived(), false);
                }
                return; // other control messages belong to .NET servers' own stop/reset handshakes
            }
            deliverBounded(() -> options.onMessage().onMessage(channel, message), true);
        }
    }
}
