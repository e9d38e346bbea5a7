package io.herald.chat;

import io.herald.http.HttpError;
import java.util.Map;
import java.util.Objects;

/**
 * Sign-in rules of the chat, independent of how sessions are stored: credentials are checked against the
 * {@code users} setting ({@code alice:<hash>,bob:<hash>}, hashes from {@link PasswordHasher}), guests
 * get a sanitised display name. The HTTP layer creates the session from the result and sets the cookie.
 *
 * <p>Reads the settings on every call, so {@link AppSettings#set} changes apply at once. Thread-safe.
 */
public final class ChatAuth {

    /** Longest display name a guest may choose. */
    public static final int MAX_DISPLAY_NAME = 32;

    private final AppSettings settings;

    public ChatAuth(AppSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * {@code POST /auth} with {@code userName} and {@code password}.
     *
     * @return the user name to store in the session (the configured spelling)
     * @throws HttpError 400 when a field is missing; 401 {@code Invalid UserName or Password} otherwise
     *                   (the same message for an unknown user and a wrong password)
     * @throws AppSettingsException when the {@code users} setting is malformed
     */
    public String authenticate(String userName, String password) {
        if (userName == null || userName.isBlank() || password == null || password.isEmpty()) {
            throw HttpError.badRequest("'userName' and 'password' are required");
        }
        Map<String, String> users = settings.getMap("users");
        for (Map.Entry<String, String> e : users.entrySet()) {
            if (e.getKey().equalsIgnoreCase(userName.strip()) && PasswordHasher.verify(password, e.getValue())) {
                return e.getKey();
            }
        }
        throw HttpError.unauthorized("Invalid UserName or Password");
    }

    /**
     * {@code POST /auth/guest} with {@code displayName}: every character outside {@code [A-Za-z0-9_]}
     * becomes {@code _} (as ServiceStack does for display names), at most {@link #MAX_DISPLAY_NAME} long.
     *
     * @throws HttpError 400 for a missing or blank name, or one that is all digits (it would read as a
     *                   user id)
     */
    public static String guestDisplayName(String requested) {
        if (requested == null || requested.isBlank()) {
            throw HttpError.badRequest("'displayName' is required");
        }
        String name = requested.strip().replaceAll("[^A-Za-z0-9_]", "_");
        if (name.length() > MAX_DISPLAY_NAME) {
            name = name.substring(0, MAX_DISPLAY_NAME);
        }
        if (name.chars().allMatch(Character::isDigit)) {
            throw HttpError.badRequest("'displayName' must not be a number: '" + requested.strip() + "'");
        }
        return name;
    }

    /**
     * The body of {@code GET /config}: what the page needs to know about this instance, its background and
     * whether it must sign in before it can connect ({@code LimitToAuthenticatedUsers}).
     */
    public static Map<String, Object> clientConfig(AppSettings settings) {
        return Map.of("background", settings.getString("background", "/img/bg.svg"),
                "signInRequired", settings.getBool("LimitToAuthenticatedUsers", false));
    }
}
