package io.herald.chat;

/**
 * Request of {@code POST /auth} (credentials: {@code userName}, {@code password}) and
 * {@code POST /auth/guest} ({@code displayName}).
 *
 * @param provider     {@code credentials} or {@code guest}; null means credentials
 * @param userName     the user name (credentials)
 * @param password     the password (credentials)
 * @param displayName  the chosen name (guest)
 */
public record Authenticate(String provider, String userName, String password, String displayName) {

    @Override
    public String toString() { // never log the password
        return "Authenticate[provider=" + provider + ", userName=" + userName + ", displayName=" + displayName + "]";
    }
}
