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

    /** An anonymous visitor with an optional session id. */
    public static UserSession anonymous(String sessionId) {
        return new UserSession(null, null, null, null, sessionId, false);
    }
}
