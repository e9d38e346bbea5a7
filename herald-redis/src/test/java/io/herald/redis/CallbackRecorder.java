package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every RedisPubSubServer callback, in order, with the thread it ran on. */
final class CallbackRecorder {

    record Event(String kind, String detail, String thread) {
        @Override
        public String toString() {
            return kind + (detail == null ? "" : "(" + detail + ")") + "@" + thread;
        }
    }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final List<Event> all = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    RedisPubSubOptions.Builder wire(RedisPubSubOptions.Builder b) {
        return b.onInit(() -> record("init", null))
                .onStart(() -> record("start", null))
                .onStop(() -> record("stop", null))
                .onMessage((channel, message) -> record("message", channel + " " + message))
                .onError(e -> record("error", e.getClass().getSimpleName() + ": " + e.getMessage()
                        + (e.getCause() == null ? "" : " <- " + e.getCause())))
                .onFailover((from, to) -> record("failover", from + " -> " + to))
                .onHeartbeatSent(() -> record("heartbeatSent", null))
                .onHeartbeatReceived(() -> record("heartbeatReceived", null));
    }

    void record(String kind, String detail) {
        Event e = new Event(kind, detail, Thread.currentThread().getName());
        all.add(e);
        counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        queue.add(e);
    }

    int count(String kind) {
        AtomicInteger c = counts.get(kind);
        return c == null ? 0 : c.get();
    }

    List<Event> all() {
        return all;
    }

    /** The next event of one of {@code kinds}, skipping heartbeats and other kinds; fails after the timeout. */
    Event next(Duration timeout, String... kinds) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> wanted = List.of(kinds);
        while (true) {
            long left = deadline - System.nanoTime();
            Event e;
            try {
                e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ie);
            }
            if (e == null) {
                return fail("no " + wanted + " event within " + timeout + "; all events: " + all);
            }
            if (wanted.contains(e.kind())) {
                return e;
            }
        }
    }

    Event next(String... kinds) {
        return next(Duration.ofSeconds(10), kinds);
    }

    /** Asserts no event of the given kinds arrives within {@code window}. */
    void assertNone(Duration window, String... kinds) {
        long deadline = System.nanoTime() + window.toNanos();
        List<String> unwanted = List.of(kinds);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Event e;
            try {
                e = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ie);
            }
            if (e != null) {
                assertThat(unwanted).as("unexpected event %s", e).doesNotContain(e.kind());
            }
        }
    }
}
