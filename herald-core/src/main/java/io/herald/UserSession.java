package io.herald;

/**
 * Who is on the other end of a request, as the application's session or auth system sees it.
 *
 * @param userAuthId    the authenticated user's id; null for anonymous users (Herald then assigns {@code -n})
 * @param userName      the user name used by {@code notifyUserName}; null if none
 * @param displayName   the name to show; null lets Herald derive one
 * @param profileUrl    avatar URL; null for the default avatar
 * @param sessionId     the session id used by {@code notifySession}; null if none
 * @param authenticated whether the user signed in
 */
public record UserSession(String userAuthId, String userName, String displayName, String profileUrl,
                          String sessionId, boolean authenticated) {

    /** The user a subscription belongs to (for decisions about it after it opened, e.g. joining channels). */
    public static UserSession of(SubscriptionInfo info) {
        return new UserSession(info.authenticated() ? info.userId() : null, info.userName(), info.displayName(),
                info.meta().get("profileUrl"), info.sessionId(), info.authenticated());
    }

    /** An anonymous visitor with an optional session id. */
    public static UserSession anonymous(String sessionId) {
        return new UserSession(null, null, null, null, sessionId, false);
    }
}
