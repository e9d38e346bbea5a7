/**
 * Herald inside a Jakarta Servlet 6.0+ container: {@link io.herald.servlet.HeraldServlet} mounts
 * {@link io.herald.http.HttpHandler}s such as {@code io.herald.ServerEventsFeature} at any path, with event
 * streams written by non-blocking servlet I/O; {@link io.herald.servlet.HeraldServletOptions} holds its
 * settings. Everything else in this package is implementation.
 */
package io.herald.servlet;
