package io.herald.client;

import io.herald.client.LifecycleEffects.Stream;
import io.herald.client.LifecycleEffects.Timer;
import io.herald.client.ServerEventsClient.State;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client's state machine: states, reconnect back-off, the {@code cmd.onConnect} watchdog, heartbeats,
 * idle detection and the resume position (the last event id). It does no I/O and starts no thread: it is
 * driven by calls (start, restart, stop, close), by the {@link StreamListener} of each stream it opened,
 * and by the timers it scheduled, and it acts only through one {@link LifecycleEffects} object. Tests
 * drive it with a fake clock and scheduler.
 *
 * <pre>
 *   STOPPED --start--> STARTING --stream opened / cmd.onConnect--> STARTED
 *   STARTING, STARTED --failure, end, heartbeat failure, watchdog--> RESTARTING (timer: back-off)
 *   STARTED --restart()--> RESTARTING (timer: 0 ms)
 *   RESTARTING --timer--> STARTING (a new stream, sending the last event id)
 *   any --stop()--> STOPPED (unregisters the live subscription); close() = stop() for good
 * </pre>
 *
 * <p>Invariant: a current stream attempt exists exactly while the state is STARTING or STARTED. Signals
 * of any other attempt (replaced, stopped) are ignored, so a late signal can never move the state.
 *
 * <p>Threads: every method is thread-safe. Decisions are made under this object's monitor; while it is
 * held only {@link LifecycleEffects#schedule}, {@link LifecycleEffects#nanoTime} and {@link Timer#cancel}
 * are called. Every other effect runs after the monitor is released, on the caller's thread. Failures
 * noticed on a timer or HTTP thread are handed to {@link LifecycleEffects#runSerially}, so they are
 * handled in stream order with the events and reported on the dispatch thread.
 */
final class Lifecycle {

    private static final System.Logger LOG = System.getLogger(ServerEventsClient.class.getName());

    private final LifecycleEffects effects;
    private final Backoff backoff;
    private final long connectTimeoutMs;

    /** Written under the monitor. */
    private volatile State state = State.STOPPED;
    private volatile boolean closed;
    private volatile String lastEventId = "";
    private volatile long timesStarted;
    /** Guarded by this: the attempt of the live stream; null unless STARTING or STARTED. */
    private Attempt current;
    /** Guarded by this. */
    private Timer pendingReconnect;
    /** Guarded by this: tells the reconnect timer in force from one cancelled too late. */
    private long reconnectGeneration;
    /** Guarded by this. */
    private int consecutiveFailures;
    /** Guarded by this: the server's {@code retry:}, or -1. */
    private long serverRetryMs = -1;

    /** Dispatch thread only: the last id text parsed and its value (-1 if not numeric), to report a bad id once. */
    private String parsedIdText = "";
    private long parsedId = -1;

    Lifecycle(LifecycleEffects effects, Backoff backoff, long connectTimeoutMs) {
        this.effects = effects;
        this.backoff = backoff;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    State state() {
        return state;
    }

    long timesStarted() {
        return timesStarted;
    }

    /** The resume position: the id of the last event received (not the highest), or "". */
    String lastEventId() {
        return lastEventId;
    }

    synchronized ServerEventConnect connectionInfo() {
        return current == null ? null : current.info;
    }

    // ------------------------------------------------------------------ commands

    /**
     * Opens a stream if stopped; otherwise does nothing.
     *
     * @throws IllegalStateException if closed
     */
    void start() {
        Attempt next;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("client is closed");
            }
            if (state != State.STOPPED) {
                return;
            }
            state = State.STARTING;
            next = beginLocked();
        }
        open(next);
    }

    /** Replaces a started stream at once (through the timer); does nothing in any other state. */
    void restart() {
        Attempt old;
        synchronized (this) {
            if (state != State.STARTED) {
                return;
            }
            old = restartLocked(0);
        }
        release(old, false);
    }

    /** Cancels the stream and timers and unregisters the subscription, waiting for the answer. Idempotent. */
    void stop() {
        Attempt old;
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPED;
            old = current;
            current = null;
            cancelReconnectLocked();
        }
        release(old, true);
    }

    /** Stops for good: {@link #start()} throws from now on. */
    void close() {
        closed = true;
        stop();
    }

    // ------------------------------------------------------------------ transitions

    /** Counts and installs a new attempt from the current resume position. */
    private Attempt beginLocked() {
        timesStarted++;
        Attempt attempt = new Attempt(lastEventId);
        current = attempt;
        return attempt;
    }

    /** Moves to RESTARTING with a reconnect in {@code delayMs}; returns the detached attempt to release. */
    private Attempt restartLocked(long delayMs) {
        state = State.RESTARTING;
        Attempt old = current;
        current = null;
        cancelReconnectLocked();
        long generation = reconnectGeneration;
        pendingReconnect = effects.schedule(delayMs, () -> reconnectDue(generation));
        return old;
    }

    private void cancelReconnectLocked() {
        reconnectGeneration++;
        if (pendingReconnect != null) {
            pendingReconnect.cancel();
            pendingReconnect = null;
        }
    }

    private void reconnectDue(long generation) {
        Attempt next;
        synchronized (this) {
            if (state != State.RESTARTING || generation != reconnectGeneration) {
                return; // stopped, or replaced by a newer reconnect, meanwhile
            }
            pendingReconnect = null;
            state = State.STARTING;
            next = beginLocked();
        }
        open(next);
        effects.reconnected();
    }

    /** Opens the attempt's stream outside the monitor; arms the onConnect watchdog. */
    private void open(Attempt attempt) {
        Stream stream;
        try {
            stream = effects.openStream(attempt.resumeFrom, attempt);
        } catch (RuntimeException e) {
            failLater(attempt, new ServerEventsException("cannot open event stream: " + e, e));
            return;
        }
        boolean dead;
        synchronized (this) {
            dead = current != attempt;
            if (!dead) {
                attempt.stream = stream;
                if (attempt.info == null) {
                    // A server that accepts the request but never sends onConnect is treated like an idle one.
                    attempt.timer = effects.schedule(connectTimeoutMs, () -> connectTimedOut(attempt));
                }
            }
        }
        if (dead) {
            stream.cancel(); // stopped or replaced while opening
        }
    }

    /** Cancels a detached attempt's stream and timer and unregisters its subscription. */
    private void release(Attempt attempt, boolean wait) {
        if (attempt == null) {
            return;
        }
        Timer timer;
        ServerEventConnect info;
        synchronized (this) {
            timer = attempt.timer;
            attempt.timer = null;
            info = attempt.info;
        }
        if (timer != null) {
            timer.cancel();
        }
        Stream stream = attempt.stream;
        if (stream != null) {
            stream.cancel();
        }
        if (info != null) {
            effects.unregister(info, wait);
        }
    }

    /** Hands a failure noticed off the dispatch thread to it, where it is checked again. */
    private void failLater(Attempt attempt, Throwable error) {
        if (isCurrent(attempt)) {
            effects.runSerially(() -> failed(attempt, error));
        }
    }

    private synchronized boolean isCurrent(Attempt attempt) {
        return current == attempt;
    }

    /** Dispatch thread: report, then replace the stream after the back-off. */
    private void failed(Attempt attempt, Throwable error) {
        if (!isCurrent(attempt)) {
            return; // a stale stream's failure: it was replaced or stopped already
        }
        effects.failed(error);
        replaceAfterBackoff(attempt);
    }

    private void replaceAfterBackoff(Attempt attempt) {
        Attempt old;
        synchronized (this) {
            if (current != attempt) {
                return;
            }
            old = restartLocked(nextDelayLocked(attempt));
        }
        release(old, false);
    }

    /**
     * The back-off before replacing {@code attempt}. A stream that stayed up longer than the longest
     * back-off counts as healthy (even without heartbeats), so its loss starts again from the base.
     */
    private long nextDelayLocked(Attempt attempt) {
        if (attempt.info != null && millisSince(attempt.connectedAtNanos) > backoff.maxMillis()) {
            consecutiveFailures = 0;
        }
        return backoff.delayMillis(++consecutiveFailures, serverRetryMs);
    }

    private long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(effects.nanoTime() - nanos);
    }

    private void connectTimedOut(Attempt attempt) {
        URI uri;
        synchronized (this) {
            if (current != attempt || attempt.info != null) {
                return;
            }
            uri = attempt.stream.uri();
        }
        failLater(attempt, new ServerEventsException("no cmd.onConnect from " + uri + " within " + connectTimeoutMs
                + " ms", new TimeoutException()));
    }

    // ------------------------------------------------------------------ stream events

    private void opened(Attempt attempt) {
        synchronized (this) {
            if (current == attempt && state == State.STARTING) {
                state = State.STARTED;
            }
        }
    }

    /** Dispatch thread: one event of a stream. */
    private void received(Attempt attempt, String eventLastId, String data) {
        if (!isCurrent(attempt)) {
            return;
        }
        long eventId = eventId(eventLastId);
        // The resume position is the id of the last event received, not the highest: replayed events keep
        // their original ids, lower than the onConnect before them. While a resume is pending, onConnect
        // does not move the position, so a stream cut in the middle of a replay resumes where it was cut.
        if (!(attempt.resumePending && data.startsWith("cmd.onConnect "))) {
            lastEventId = eventLastId;
        }
        ServerEventMessage message;
        try {
            message = MessageParser.parse(eventId, eventLastId, data);
        } catch (ServerEventsException e) {
            effects.report(e);
            return;
        }
        try {
            handle(attempt, message);
        } catch (Throwable t) {
            effects.report(new ServerEventsException("dispatch of '" + message.getSelector() + "' failed: " + t, t));
        }
    }

    private long eventId(String eventLastId) {
        if (eventLastId.equals(parsedIdText)) {
            return parsedId; // an event without its own id line: same id, reported once at most
        }
        long id = -1;
        if (!eventLastId.isEmpty()) {
            try {
                id = Long.parseLong(eventLastId);
            } catch (NumberFormatException e) {
                effects.report(new ServerEventsException("non-numeric SSE id '" + MessageParser.abbreviate(eventLastId)
                        + "': messages delivered with eventId -1"));
            }
        }
        parsedIdText = eventLastId;
        parsedId = id;
        return id;
    }

    private void handle(Attempt attempt, ServerEventMessage message) {
        String target = "cmd".equals(message.getOp()) ? message.getTarget() : "";
        switch (target) {
            case "onConnect" -> {
                connected(attempt, new ServerEventConnect(message));
                return;
            }
            case "onHeartbeat" -> {
                synchronized (this) {
                    attempt.lastPulseNanos = effects.nanoTime();
                    consecutiveFailures = 0; // a full heartbeat round trip: the connection is healthy
                }
            }
            case "onResume" -> attempt.resumePending = false;
            default -> { }
        }
        effects.deliver(message);
    }

    private void connected(Attempt attempt, ServerEventConnect info) {
        synchronized (this) {
            // onConnect can be parsed before the response callback marks the stream open: the client is
            // started from here on either way (connect() completes below)
            if (current == attempt && state == State.STARTING) {
                state = State.STARTED;
            }
            attempt.info = info;
            attempt.connectedAtNanos = effects.nanoTime();
            attempt.lastPulseNanos = attempt.connectedAtNanos;
        }
        effects.deliver(info);
        // After the onConnect callbacks, so an interval they set applies to the first heartbeat.
        synchronized (this) {
            if (current == attempt) {
                if (attempt.timer != null) {
                    attempt.timer.cancel(); // the onConnect watchdog
                    attempt.timer = null;
                }
                scheduleHeartbeatLocked(attempt);
            }
        }
        effects.connected(info);
    }

    // ------------------------------------------------------------------ heartbeats

    private void scheduleHeartbeatLocked(Attempt attempt) {
        if (attempt.info.getHeartbeatUrl() != null) {
            attempt.timer = effects.schedule(attempt.info.getHeartbeatIntervalMs(), () -> heartbeatDue(attempt));
        }
    }

    /** Timer thread: checks for idleness, then POSTs a heartbeat; its answer schedules the next one. */
    private void heartbeatDue(Attempt attempt) {
        ServerEventConnect info;
        long idleMs;
        synchronized (this) {
            if (current != attempt) {
                return;
            }
            info = attempt.info;
            idleMs = millisSince(attempt.lastPulseNanos);
        }
        if (idleMs > info.getIdleTimeoutMs()) {
            failLater(attempt, new ServerEventsException("no cmd.onHeartbeat for " + idleMs + " ms (idleTimeoutMs "
                    + info.getIdleTimeoutMs() + "): reconnecting", new TimeoutException()));
            return;
        }
        CompletableFuture<?> sent;
        try {
            URI url;
            try {
                url = URI.create(info.getHeartbeatUrl());
            } catch (IllegalArgumentException e) {
                throw new ServerEventsException("invalid heartbeatUrl from server: " + info.getHeartbeatUrl(), e);
            }
            sent = effects.sendHeartbeat(url);
        } catch (RuntimeException e) {
            failLater(attempt, e);
            return;
        }
        sent.whenComplete((answer, error) -> {
            if (error != null) {
                failLater(attempt, error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                synchronized (this) {
                    if (current == attempt) {
                        scheduleHeartbeatLocked(attempt);
                    }
                }
            }
        });
    }

    /**
     * One stream attempt, from the request to its replacement: the only listener of its stream. State
     * fields are guarded by the machine's monitor unless marked otherwise.
     */
    private final class Attempt implements StreamListener {
        /** The Last-Event-ID this attempt sends ("" for none). */
        final String resumeFrom;
        /** Set once the stream is opened; read without the monitor to cancel it. */
        volatile Stream stream;
        /** The onConnect watchdog, then the next heartbeat. */
        Timer timer;
        ServerEventConnect info;
        long connectedAtNanos;
        long lastPulseNanos;
        /** Dispatch thread: true from a request sent with Last-Event-ID until the server's cmd.onResume. */
        boolean resumePending;

        Attempt(String resumeFrom) {
            this.resumeFrom = resumeFrom;
            this.resumePending = !resumeFrom.isEmpty();
        }

        @Override
        public void onOpen() {
            opened(this);
        }

        @Override
        public void onEvent(String lastEventId, String data) {
            received(this, lastEventId, data);
        }

        @Override
        public void onRetry(long reconnectMillis) {
            synchronized (Lifecycle.this) {
                serverRetryMs = reconnectMillis;
            }
        }

        @Override
        public void onProblem(Throwable problem) {
            effects.report(problem);
        }

        @Override
        public void onFailure(Throwable error) {
            failed(this, error);
        }

        @Override
        public void onEnd() {
            if (isCurrent(this)) {
                LOG.log(Level.DEBUG, "event stream {0} ended by the server: reconnecting",
                        stream == null ? "" : stream.uri());
                replaceAfterBackoff(this);
            }
        }
    }
}
