package io.herald.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small fixed set of single-threaded executors that own event streams, handed out round-robin. Herald's
 * hub keeps one shard per executor, so a few of them (one per core) make a few shards, each fanning out to
 * its streams on its own thread without locks; a thread per stream would make a shard per stream.
 *
 * <p>Each thread also probes its idle streams (see {@link HeraldServletOptions#probeInterval()}): servlet
 * containers do not watch the socket of an async request that has read its whole body, so a client that
 * hangs up is only noticed when a write to it fails.
 */
final class StreamThreads {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreads.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final StreamThread[] threads;
    private final AtomicInteger next = new AtomicInteger();

    StreamThreads(int count, Duration probeInterval) {
        int instance = INSTANCES.incrementAndGet();
        threads = new StreamThread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = new StreamThread("herald-stream-" + instance + "-" + i, probeInterval);
        }
    }

    /** The thread for the next stream. */
    StreamThread next() {
        return threads[Math.floorMod(next.getAndIncrement(), threads.length)];
    }

    /** Lets queued work finish for up to {@code millis}, then interrupts what is left. */
    void shutdown(long millis) {
        for (StreamThread t : threads) {
            t.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (StreamThread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    t.shutdownNow();
                }
            } catch (InterruptedException ie) {
                t.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One stream thread: an executor plus the streams it owns (a list only this thread touches). */
    static final class StreamThread extends ScheduledThreadPoolExecutor {

        private final List<ServletEventSink> streams = new ArrayList<>();
        private final long probeNanos;

        StreamThread(String name, Duration probeInterval) {
            super(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            setRemoveOnCancelPolicy(true);
            setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.probeNanos = probeInterval.toNanos();
            if (probeNanos > 0) {
                // look four times per interval, so a stream is probed at most a quarter interval late
                long ms = Math.max(25, probeInterval.toMillis() / 4);
                scheduleWithFixedDelay(this::probeIdle, ms, ms, TimeUnit.MILLISECONDS);
            }
        }

        /** Takes a stream into this thread's care (any thread). */
        void adopt(ServletEventSink sink) {
            if (probeNanos > 0) {
                execute(() -> streams.add(sink));
            }
        }

        private void probeIdle() {
            long now = System.nanoTime();
            int kept = 0;
            for (int i = 0; i < streams.size(); i++) {
                ServletEventSink s = streams.get(i);
                if (!s.isOpen()) {
                    continue;
                }
                streams.set(kept++, s);
                try {
                    s.probeIfIdle(now, probeNanos);
                } catch (RuntimeException e) {
                    LOG.debug("Probing an idle stream failed: {}", e.toString());
                }
            }
            streams.subList(kept, streams.size()).clear();
        }
    }
}
