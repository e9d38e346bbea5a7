package io.herald.client;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Everything a {@link Lifecycle} does to the outside world, and its only way of doing anything: open and
 * cancel streams, POST heartbeats and unregisters, schedule timers, read the clock, and hand messages,
 * notices and problems to the application. {@link HttpEffects} does it for real; the state machine's
 * tests do it with a fake clock and scheduler.
 *
 * <p>{@link #schedule} and {@link #nanoTime} (and {@link Timer#cancel}) are called while the machine holds
 * its monitor, so they must not call back into it; every other method is called without it.
 */
interface LifecycleEffects {

    /**
     * Opens a stream to the current stream URL, sending {@code lastEventId} as {@code Last-Event-ID}
     * when it is not empty. The stream reports to {@code listener} only (maybe before this returns).
     */
    Stream openStream(String lastEventId, StreamListener listener);

    /**
     * POSTs a heartbeat. The future completes normally on a 2xx answer and otherwise exceptionally with
     * the error to report (a {@link WebServiceException} for an HTTP status).
     */
    CompletableFuture<?> sendHeartbeat(URI url);

    /** POSTs the subscription's unregister URL, if it has one; waits for the answer if {@code wait}. */
    void unregister(ServerEventConnect info, boolean wait);

    /** Runs {@code task} once after {@code delayMillis}, on a timer thread. Called under the machine's monitor. */
    Timer schedule(long delayMillis, Runnable task);

    /** The monotonic clock, in nanoseconds. Called under the machine's monitor. */
    long nanoTime();

    /** Runs {@code task} on the dispatch thread after what is already queued there. */
    void runSerially(Runnable task);

    /**
     * Hands a message to the application's callbacks, handlers and receivers. A {@code cmd.onConnect}
     * comes as the {@link ServerEventConnect} this machine uses, so a new heartbeat interval set on it
     * applies.
     */
    void deliver(ServerEventMessage message);

    /** The stream is connected and its onConnect callbacks ran: complete whoever waits for it. */
    void connected(ServerEventConnect info);

    /** A reconnect (automatic or manual) has been started. */
    void reconnected();

    /** A stream failed and will be replaced: report {@code error}. */
    void failed(Throwable error);

    /** A problem that ends nothing (bad input, a throwing callback): report it. */
    void report(Throwable problem);

    /** An open stream, as far as the state machine is concerned. */
    interface Stream {
        /** Where the stream was opened, for messages. */
        URI uri();

        /** Closes the stream; it reports nothing more. Idempotent. */
        void cancel();
    }

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task if it has not run yet. Idempotent. */
        void cancel();
    }
}
