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
}
