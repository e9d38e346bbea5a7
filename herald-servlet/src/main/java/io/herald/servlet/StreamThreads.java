package io.herald.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small fixed set of single-threaded executors that own event streams, handed out round-robin. Herald's
 * hub keeps one shard per executor, so a few of them (one per core) make a few shards, each fanning out to
 * its streams on its own thread without locks; a thread per stream would make a shard per stream.
 *
 * <p>A timer thread also asks each of them, a few times per probe interval, to probe its idle streams (see
 * {@link HeraldServletOptions#probeInterval()}): servlet containers do not watch the socket of an async
 * request that has read its whole body, so a client that hangs up is only noticed when a write to it fails.
 */
final class StreamThreads {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreads.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final StreamThread[] threads;
    private final ScheduledExecutorService timer;
    private final AtomicInteger next = new AtomicInteger();

    StreamThreads(int count, Duration probeInterval) {
        int instance = INSTANCES.incrementAndGet();
        long probeNanos = probeInterval.toNanos();
        threads = new StreamThread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = new StreamThread("herald-stream-" + instance + "-" + i, probeNanos);
        }
        if (probeNanos > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "herald-stream-" + instance + "-probe"));
            // look four times per interval, so a stream is probed at most a quarter interval late
            long period = Math.max(25, probeInterval.toMillis() / 4);
            timer.scheduleWithFixedDelay(this::probeAll, period, period, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** The thread for the next stream. */
    StreamThread next() {
        return threads[Math.floorMod(next.getAndIncrement(), threads.length)];
    }

    private void probeAll() {
        for (StreamThread t : threads) {
            try {
                t.execute(t::probeIdle);
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    /** Lets queued work finish for up to {@code millis}, then interrupts what is left. */
    void shutdown(long millis) {
        if (timer != null) {
            timer.shutdownNow();
        }
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

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One stream thread: a single-threaded executor plus the streams it owns (a list only it touches). */
    static final class StreamThread extends ThreadPoolExecutor {

        private final List<ServletEventSink> streams = new ArrayList<>();
        private final long probeNanos;
        private volatile Thread thread;

        StreamThread(String name, long probeNanos) {
            super(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            setThreadFactory(r -> {
                Thread t = daemon(r, name);
                thread = t;
                return t;
            });
            this.probeNanos = probeNanos;
        }

        /** True on this executor's own thread. */
        boolean inThread() {
            return Thread.currentThread() == thread;
        }

        /** Takes a stream into this thread's care (any thread). */
        void adopt(ServletEventSink sink) {
            if (probeNanos > 0) {
                execute(() -> streams.add(sink));
            }
        }

        /** Probes the idle ones among this thread's streams and forgets the closed ones (this thread). */
        void probeIdle() {
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
