package io.herald;

import io.herald.spi.Broker;
import io.herald.spi.Control;
import io.herald.spi.Registry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's background work: removing idle streams, sweeping the registry entries of vanished nodes, keeping
 * this node's entries alive in a shared registry, writing them back after the store lost them, and any clean-up
 * handed off an I/O thread. One daemon thread per node. Thread-safe.
 */
final class Housekeeper {

    private static final Logger log = LoggerFactory.getLogger(Housekeeper.class);

    private final ServerEventsNode node;
    private final ServerEventsOptions options;
    private final Clock clock;
    private final Broker broker;
    private final Registry registry;
    private final LocalSubscriptions local;
    private final NodeStats stats;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> livenessRefresh;
    private ScheduledFuture<?> keepalive;
    private ScheduledFuture<?> replies;
    /** Heartbeat replies wait for their stream thread's next batch at most this long. */
    static final long REPLY_FLUSH_MS = 50;

    Housekeeper(ServerEventsNode node, ServerEventsOptions options, Broker broker, Registry registry,
                LocalSubscriptions local, NodeStats stats) {
        this.node = node;
        this.options = options;
        this.clock = options.clock();
        this.broker = broker;
        this.registry = registry;
        this.local = local;
        this.stats = stats;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-" + broker.name() + "-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs clean-up off the caller's thread; if the thread refuses (closing), runs it here rather than lose it. */
    void runInBackground(Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (BackendUnavailableException e) { // the back-end logs its outage once; this is one more victim
                log.warn("Herald background task could not finish: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("Herald background task failed", e);
            }
        };
        try {
            thread.execute(guarded);
        } catch (RuntimeException rejected) {
            guarded.run();
        }
    }

    /**
     * Starts the timers: the sweep every housekeeping interval, and (distributed brokers) the liveness refresh
     * often enough that no other node sees this node's streams as idle. Idempotent.
     */
    synchronized void start() {
        if (sweep != null || thread.isShutdown()) {
            return;
        }
        long every = options.houseKeepingInterval().toMillis();
        sweep = thread.scheduleWithFixedDelay(() -> {
            try {
                removeExpired();
                broker.houseKeeping();
            } catch (RuntimeException e) {
                log.error("Herald housekeeping failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        replies = thread.scheduleWithFixedDelay(node::flushReplies, REPLY_FLUSH_MS, REPLY_FLUSH_MS,
                TimeUnit.MILLISECONDS);
        long keepaliveMs = options.keepaliveInterval().toMillis();
        if (keepaliveMs > 0) {
            // every half interval, to streams silent for half an interval: none stays silent much longer than one
            long tick = Math.max(1, keepaliveMs / 2);
            long silentNanos = TimeUnit.MILLISECONDS.toNanos(tick);
            keepalive = thread.scheduleWithFixedDelay(() -> node.keepalive(silentNanos), tick, tick,
                    TimeUnit.MILLISECONDS);
        }
        if (broker.isDistributed()) {
            long refresh = Math.max(50, Math.min(every, options.idleTimeout().toMillis() / 3));
            livenessRefresh = thread.scheduleWithFixedDelay(this::refreshLiveness, refresh, refresh,
                    TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
        if (livenessRefresh != null) {
            livenessRefresh.cancel(false);
            livenessRefresh = null;
        }
        if (keepalive != null) {
            keepalive.cancel(false);
            keepalive = null;
        }
        if (replies != null) {
            replies.cancel(false);
            replies = null;
        }
    }

    /** Stops the timers and the thread for good. */
    synchronized void close() {
        stop();
        thread.shutdownNow();
    }

    boolean isClosed() {
        return thread.isShutdown();
    }

    /** Removes this node's idle streams, then (distributed brokers) vanished nodes' entries; returns how many. */
    int removeExpired() {
        long now = clock.millis();
        long idleMs = options.idleTimeout().toMillis();
        List<LiveSubscription> idle = local.expired(now, idleMs);
        for (LiveSubscription sub : idle) {
            if (!sub.isClosed()) {
                stats.expired.increment();
            }
            node.unregister(sub.id());
        }
        return idle.size() + (broker.isDistributed() ? sweepVanished(now - idleMs) : 0);
    }

    /**
     * Removes registry entries not touched since {@code cutoffMillis} that this node does not hold (their node
     * vanished). The node whose removal wins announces their departure.
     */
    int sweepVanished(long cutoffMillis) {
        List<SubscriptionInfo> stale;
        try {
            stale = registry.staleBefore(cutoffMillis);
        } catch (BackendUnavailableException e) {
            log.debug("Sweep skipped: {}", e.getMessage());
            return 0;
        }
        int swept = 0;
        for (SubscriptionInfo info : stale) {
            if (local.get(info.id()) != null) {
                continue;
            }
            try {
                if (registry.remove(info)) {
                    swept++;
                    stats.swept.increment();
                    broker.control(Control.unregister(info.id())); // in case its node is alive after all
                    node.announceDeparture(info);
                }
            } catch (BackendUnavailableException e) {
                log.debug("Could not sweep {}: {}", info.id(), e.getMessage());
            }
        }
        return swept;
    }

    /** Tells a shared registry that this node's streams are alive: others sweep what goes stale. */
    private void refreshLiveness() {
        List<String> ids = new ArrayList<>(local.size());
        for (LiveSubscription sub : local.all()) {
            ids.add(sub.id());
        }
        if (!ids.isEmpty()) {
            try {
                registry.touchAll(ids, clock.millis());
            } catch (BackendUnavailableException e) {
                log.debug("Liveness refresh skipped: {}", e.getMessage());
            }
        }
    }

    /** After the broker's link came back: writes this node's streams back and sweeps, off the delivery thread. */
    void afterResubscribe() {
        runInBackground(() -> {
            restoreRegistry(0);
            sweepVanished(clock.millis() - options.idleTimeout().toMillis());
        });
    }

    /**
     * Writes this node's streams back into the registry (after the store lost it), retrying with back-off until
     * it works: the store may come back a little after the broker's link.
     */
    private void restoreRegistry(int attempt) {
        int restored = 0;
        for (LiveSubscription sub : local.all()) {
            try {
                registry.put(sub);
                restored++;
            } catch (BackendUnavailableException e) {
                long delay = Math.min(2000, 100L << Math.min(attempt, 5));
                log.debug("Registry restore failed ({}); retrying in {} ms", e.getMessage(), delay);
                try {
                    thread.schedule(() -> restoreRegistry(attempt + 1), delay, TimeUnit.MILLISECONDS);
                } catch (RuntimeException shuttingDown) {
                    // closing: nothing to restore for
                }
                return;
            }
        }
        if (restored > 0) {
            log.info("Restored {} live subscriptions in the {} registry", restored, broker.name());
        }
    }
}
