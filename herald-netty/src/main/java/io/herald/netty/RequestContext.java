package io.herald.netty;

import io.herald.http.HttpExchange;
import java.time.Duration;
import java.util.Map;

/**
 * What a {@link RouteHandler} sees besides its DTO: the request, and settings for the response it is
 * about to return. Used by one handler invocation on one thread; not thread-safe.
 */
public interface RequestContext {

    /** The request: method, path, query, headers, cookies, remote address, base URL, body. */
    HttpExchange exchange();

    /** A path variable of the matched route template, decoded, or null when the template has none of that name. */
    String pathVariable(String name);

    /** Every path variable of the matched route template (unmodifiable). */
    Map<String, String> pathVariables();

    /** Sets the response status (default 200, or 204 when the handler returns null). */
    RequestContext status(int status);

    /**
     * Adds a response header; a name may be added more than once.
     *
     * @throws IllegalArgumentException (so {@code 400} when not caught) naming the header, when the name is
     *         not an HTTP token or the value holds a control character (CR, LF, NUL, U+0085...), U+2028,
     *         U+2029 or a character above U+00FF: text from the request can never split the header block
     */
    RequestContext header(String name, String value);

    /** Sets a session cookie ({@code Path=/; HttpOnly; SameSite=Lax}). */
    RequestContext cookie(String name, String value);

    /**
     * Sets a cookie ({@code Path=/; HttpOnly; SameSite=Lax}) that lives for {@code maxAge}, or for the
     * browser session when {@code maxAge} is null.
     */
    RequestContext cookie(String name, String value, Duration maxAge);

    /** Tells the browser to delete a cookie set with {@code Path=/}. */
    RequestContext removeCookie(String name);

    /**
     * Answers {@code 302 Found} with a {@code Location} header (return null from the handler).
     *
     * @throws IllegalArgumentException as {@link #header} does, for a location that is not safe on the wire
     */
    RequestContext redirect(String location);
}
