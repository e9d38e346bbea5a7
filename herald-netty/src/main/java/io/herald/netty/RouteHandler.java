package io.herald.netty;

/**
 * Application logic behind a JSON route: takes the bound request DTO and returns the response object.
 *
 * <p>Runs on the server's worker executor, so it may block. What the return value becomes:
 * <ul>
 *   <li>{@code null}: {@code 204 No Content}, or the status set with {@link RequestContext#status(int)}
 *       (e.g. a redirect) with an empty body;</li>
 *   <li>an {@link io.herald.http.HttpResponse}: sent as it is, plus any headers and cookies set on the
 *       context;</li>
 *   <li>anything else, {@link String} included: serialised with the server's {@link io.herald.JsonCodec}
 *       and sent as {@code application/json} (a String therefore becomes a quoted JSON string, as a
 *       ServiceStack message body does). Return an {@code HttpResponse} for raw text.</li>
 * </ul>
 *
 * <p>Throw {@link io.herald.http.HttpError} for a specific status and ServiceStack-style error body,
 * {@link IllegalArgumentException} for {@code 400 Bad Request} with its message; any other exception
 * answers {@code 500} with a generic message (the stack trace is logged, never sent).
 *
 * @param <T> the request DTO type
 */
@FunctionalInterface
public interface RouteHandler<T> {

    /**
     * @param ctx     the request and the response settings (status, headers, cookies)
     * @param request the DTO bound from path variables, query string and body; never null unless the
     *                route's request type is {@code Void}
     * @return the response object (see the interface comment)
     */
    Object handle(RequestContext ctx, T request) throws Exception;
}
