package io.herald;

/**
 * How the server decides that a stream's client is gone ({@link ServerEventsOptions.Builder#liveness}).
 */
public enum Liveness {

    /**
     * The default. A stream is kept alive by its open connection until its client sends a first heartbeat; from
     * then on, as in ServiceStack, it must keep heartbeating and is removed after the idle timeout without one.
     * ServiceStack's clients (and herald.js, and the Java client) heartbeat from the start, so they keep
     * ServiceStack's behaviour; a bare {@code EventSource} (browser, npm {@code eventsource}, {@code curl -N})
     * never heartbeats and stays connected with one identity for as long as its connection is open. A dead peer
     * is noticed when the connection closes or a write (the keepalive comment at the latest) fails.
     */
    AUTO,

    /**
     * ServiceStack's rule for every stream: one with no heartbeat for longer than the idle timeout is removed,
     * whatever its connection does.
     */
    HEARTBEATS
}
