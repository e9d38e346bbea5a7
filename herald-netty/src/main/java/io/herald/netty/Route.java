package io.herald.netty;

import java.util.Locale;

/** One application route: method ({@code *} for any), path template, request type and handler. */
record Route(String method, PathTemplate template, Class<?> requestType, RouteHandler<?> handler) {

    static Route of(String method, String path, Class<?> requestType, RouteHandler<?> handler) {
        if (method == null || method.isBlank() || !method.equals("*") && !method.chars().allMatch(Character::isLetter)) {
            throw new IllegalArgumentException("route method must be an HTTP method name or \"*\": " + method);
        }
        if (requestType == null) {
            throw new IllegalArgumentException("route requestType must not be null (use Void.class for none): " + path);
        }
        if (handler == null) {
            throw new IllegalArgumentException("route handler must not be null: " + path);
        }
        return new Route(method.toUpperCase(Locale.ROOT), new PathTemplate(path), requestType, handler);
    }

    boolean accepts(String requestMethod) {
        return method.equals("*") || method.equals(requestMethod);
    }
}
