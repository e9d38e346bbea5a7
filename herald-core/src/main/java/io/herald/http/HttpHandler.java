package io.herald.http;

/**
 * Endpoint logic that a transport mounts. The transport offers every request to its handlers in order;
 * the first that returns true has answered it (through {@link HttpExchange#respond} or
 * {@link HttpExchange#openEventStream}).
 *
 * <p>{@link #handle} may block; transports call it off their I/O threads.
 */
@FunctionalInterface
public interface HttpHandler {

    /**
     * @return true if this handler answered the request, false to let the next handler try
     * @throws HttpError to answer with an error status
     */
    boolean handle(HttpExchange exchange) throws Exception;

    /**
     * Offered every request on the transport's I/O thread before {@link #handle} runs on a worker: a
     * handler may answer here what it can answer at once without blocking (Herald answers heartbeats of
     * the streams this server holds), saving the hand-off to a worker thread and back. Must not block
     * and must not throw; return false to let {@link #handle} take the request as usual.
     *
     * @return true if the request was answered
     */
    default boolean handleOnIoThread(HttpExchange exchange) {
        return false;
    }
}
