package io.herald.client;

/**
 * What one event stream ({@link Connection}) reports, and the only way it reports anything. A stream
 * never decides what happens next (reconnect, back-off, heartbeats); whoever listens does.
 *
 * <p>Threads: {@link #onOpen()} may be called on an HTTP client thread; every other method is called
 * on the client's serial dispatch thread, in stream order. After the stream is cancelled nothing more
 * is reported except, possibly, a call already under way.
 */
interface StreamListener {

    /** The server answered 200: events follow. */
    void onOpen();

    /**
     * A complete SSE event.
     *
     * @param lastEventId the stream's last event id after this event (the resume position), never null
     * @param data the event's data, never null
     */
    void onEvent(String lastEventId, String data);

    /** A valid {@code retry:} field: the server's reconnection delay in milliseconds. */
    void onRetry(long reconnectMillis);

    /** Bad input that was skipped or repaired (overlong line, invalid UTF-8); the stream goes on. */
    void onProblem(Throwable problem);

    /** The request failed, was refused (non-200), or the stream broke: the stream is dead. */
    void onFailure(Throwable error);

    /** The server ended the stream cleanly. */
    void onEnd();
}
