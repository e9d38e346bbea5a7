package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link LifecycleEffects} for tests: a clock and a scheduler the test moves by hand, streams and
 * heartbeats the test answers, and an ordered log of every other effect that the test takes off one by
 * one ({@link #expect}) and that must be empty at the end ({@link #assertNothingLeft}). It also checks
 * that no effect but the clock and the scheduler is used while the machine holds its monitor.
 * Single-threaded: serial tasks run at once.
 */
final class RecordingEffects implements LifecycleEffects {

    /** A stream the machine opened; the test plays the server through {@link #listener}. */
    static final class FakeStream implements Stream {
        final int number;
        final String lastEventId;
        final StreamListener listener;
        private final RecordingEffects effects;
        boolean cancelled;

        FakeStream(RecordingEffects effects, int number, String lastEventId, StreamListener listener) {
            this.effects = effects;
            this.number = number;
            this.lastEventId = lastEventId;
            this.listener = listener;
        }

        @Override
        public URI uri() {
            return URI.create("http://h/event-stream?channels=home");
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                effects.record("cancel stream #" + number);
            }
        }
    }

    private static final class FakeTimer implements Timer {
        final long dueNanos;
        final long delayMs;
        final long order;
        final Runnable task;
        boolean cancelled;

        FakeTimer(long dueNanos, long delayMs, long order, Runnable task) {
            this.dueNanos = dueNanos;
            this.delayMs = delayMs;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final Deque<String> log = new ArrayDeque<>();
    private final List<FakeStream> streams = new ArrayList<>();
    private final List<FakeTimer> timers = new ArrayList<>();
    private final Deque<CompletableFuture<Void>> heartbeats = new ArrayDeque<>();
    final List<ServerEventMessage> delivered = new ArrayList<>();
    private Object monitor;
    private long nowNanos = 1_000_000_000L;
    private long timerOrder;
    /** When set, {@link #openStream} throws it (once). */
    RuntimeException openFailure;
    /** Runs inside {@link #deliver}, like an application callback. */
    Consumer<ServerEventMessage> onDeliver = m -> { };

    /** The object whose monitor no effect but the clock and the scheduler may be called under. */
    void watch(Object lifecycle) {
        this.monitor = lifecycle;
    }

    // ------------------------------------------------------------------ what the test checks

    /** Takes the next effects off the log, in order. */
    void expect(String... entries) {
        for (String entry : entries) {
            assertThat(log).as("effects so far; expected next: %s", entry).isNotEmpty();
            assertThat(log.poll()).isEqualTo(entry);
        }
    }

    void assertNothingLeft() {
        assertThat(log).as("unexpected effects").isEmpty();
        assertThat(heartbeats).as("unanswered heartbeats").isEmpty();
    }

    /** Delays (ms) of the timers still pending, soonest first. */
    List<Long> pendingTimers() {
        return timers.stream().filter(t -> !t.cancelled).sorted(ORDER).map(t -> t.delayMs).toList();
    }

    FakeStream stream(int number) {
        return streams.get(number - 1);
    }

    /** The oldest heartbeat still waiting for its answer. */
    CompletableFuture<Void> nextHeartbeat() {
        assertThat(heartbeats).as("a heartbeat was sent").isNotEmpty();
        return heartbeats.poll();
    }

    /** Moves the clock, running each timer that falls due, in time order. */
    void advance(long millis) {
        long target = nowNanos + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            FakeTimer next = timers.stream().filter(t -> !t.cancelled && t.dueNanos <= target).min(ORDER).orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            nowNanos = Math.max(nowNanos, next.dueNanos);
            next.task.run();
        }
        nowNanos = target;
    }

    private static final Comparator<FakeTimer> ORDER =
            Comparator.<FakeTimer>comparingLong(t -> t.dueNanos).thenComparingLong(t -> t.order);

    private void record(String entry) {
        log.add(entry);
    }

    private void outsideMonitor(String effect) {
        if (monitor != null && Thread.holdsLock(monitor)) {
            throw new AssertionError(effect + " called while the state machine holds its monitor");
        }
    }

    // ------------------------------------------------------------------ LifecycleEffects

    @Override
    public Stream openStream(String lastEventId, StreamListener listener) {
        outsideMonitor("openStream");
        if (openFailure != null) {
            RuntimeException e = openFailure;
            openFailure = null;
            record("open refused");
            throw e;
        }
        FakeStream stream = new FakeStream(this, streams.size() + 1, lastEventId, listener);
        streams.add(stream);
        record("open #" + stream.number + " from '" + lastEventId + "'");
        return stream;
    }

    @Override
    public CompletableFuture<?> sendHeartbeat(URI url) {
        outsideMonitor("sendHeartbeat");
        record("heartbeat " + url);
        CompletableFuture<Void> answer = new CompletableFuture<>();
        heartbeats.add(answer);
        return answer;
    }

    @Override
    public void unregister(ServerEventConnect info, boolean wait) {
        outsideMonitor("unregister");
        record("unregister " + info.getId() + (wait ? " and wait" : ""));
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        FakeTimer timer = new FakeTimer(nowNanos + TimeUnit.MILLISECONDS.toNanos(delayMillis), delayMillis,
                timerOrder++, task);
        timers.add(timer);
        return timer;
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    @Override
    public void runSerially(Runnable task) {
        outsideMonitor("runSerially");
        task.run();
    }

    @Override
    public void deliver(ServerEventMessage message) {
        outsideMonitor("deliver");
        record("deliver " + (message.getSelector() == null ? message.getData() : message.getSelector()));
        delivered.add(message);
        onDeliver.accept(message);
    }

    @Override
    public void connected(ServerEventConnect info) {
        outsideMonitor("connected");
        record("connected " + info.getId());
    }

    @Override
    public void reconnected() {
        outsideMonitor("reconnected");
        record("reconnected");
    }

    @Override
    public void failed(Throwable error) {
        outsideMonitor("failed");
        record("failed: " + error.getMessage());
    }

    @Override
    public void report(Throwable problem) {
        outsideMonitor("report");
        record("report: " + problem.getMessage());
    }
}
