package io.herald;

import io.herald.http.HttpExchange;

/**
 * Finds the {@link UserSession} behind a request. Plug in your own to connect Herald to your sign-in
 * system; it is called for every event-stream request and by application services. It may block.
 *
 * <p>The default, {@link #anonymous()}, treats everyone as anonymous and takes the session id from the
 * {@code ss-pid} cookie when the {@code ss-opt} cookie is {@code perm}, else from the {@code ss-id}
 * cookie, as ServiceStack does.
 */
@FunctionalInterface
public interface SessionResolver {

    /** Never returns null. */
    UserSession resolve(HttpExchange request);

    /** Everyone is anonymous; the session id comes from ServiceStack's session cookies if present. */
    static SessionResolver anonymous() {
        return request -> {
            String opt = request.cookie("ss-opt");
            String id = "perm".equals(opt) ? request.cookie("ss-pid") : request.cookie("ss-id");
            return UserSession.anonymous(id);
        };
    }
}
