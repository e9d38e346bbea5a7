/**
 * The standalone Herald HTTP server on Netty 4.2: {@link io.herald.netty.HeraldServer} mounts
 * {@link io.herald.http.HttpHandler}s such as {@code ServerEventsFeature} (with their event streams),
 * ServiceStack-style JSON routes ({@link io.herald.netty.RouteHandler}, {@link io.herald.netty.RequestContext})
 * and static files from the class path. Everything else in this package is implementation.
 */
package io.herald.netty;
