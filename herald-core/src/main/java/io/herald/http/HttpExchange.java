package io.herald.http;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as Herald's endpoint logic sees it, independent of the server that received it.
 *
 * <p>Endpoint logic may block (a Redis back-end waits for Redis), so a transport must call
 * {@link io.herald.ServerEventsFeature#handle(HttpExchange)} from a thread where blocking is allowed,
 * never from an I/O event loop. Exactly one of {@link #respond} or {@link #openEventStream} is called
 * per exchange that Herald handles.
 */
public interface HttpExchange {

    /** Upper-case method, e.g. {@code GET}. */
    String method();

    /** The decoded path without the query string, e.g. {@code /event-stream}. */
    String path();

    /** Every value of a query-string parameter, decoded, in order; empty when absent. */
    List<String> queryParams(String name);

    /** The first value of a query-string parameter, or null. */
    default String queryParam(String name) {
        List<String> values = queryParams(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every query-string parameter, names as sent. */
    Map<String, List<String>> queryParams();

    /** A request header (case-insensitive name), or null. */
    String header(String name);

    /** A cookie value, or null. */
    String cookie(String name);

    /** The IP address of the peer that opened the connection (no forwarded headers), e.g. {@code 127.0.0.1}. */
    String remoteAddress();

    /** Scheme, host and port the client used, e.g. {@code http://localhost:5000}, with no trailing slash. */
    String baseUrl();

    /** The request body (empty, never null). */
    byte[] body();

    /** Sends a complete response. */
    void respond(HttpResponse response);

    /**
     * The transport's own object behind this exchange, when it is of {@code type}: for example the
     * {@code jakarta.servlet.http.HttpServletRequest} on a servlet container (a session resolver uses it to read the
     * container's authenticated principal). Null when there is none of that type.
     */
    default <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : null;
    }

    /**
     * Adds a header to whatever this request is answered with (a stream's head, a reply, an error). Hooks call it
     * (an {@code onInit} hook may set headers on the stream, as in ServiceStack): Herald hands hooks an exchange
     * that supports it. A transport's own exchange need not.
     *
     * @throws IllegalArgumentException if the name is not a header name or the value holds a control character,
     *                                  a line break, U+2028/U+2029 or a character above U+00FF
     * @throws UnsupportedOperationException if this exchange cannot
     */
    default void setResponseHeader(String name, String value) {
        throw new UnsupportedOperationException("this exchange cannot set response headers");
    }

    /**
     * Starts a {@code text/event-stream} response with the given headers, flushes the status line and
     * headers to the client, and returns the sink that writes events to it.
     */
    EventSink openEventStream(Map<String, String> headers);
}
