package io.herald.spring;

import io.herald.SessionResolver;
import io.herald.UserSession;
import io.herald.http.HttpExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The subscription's user, as Spring Security sees the request: an authenticated principal (form login, HTTP
 * Basic, remember-me, OAuth2, ...) becomes a signed-in user whose user id and user name are
 * {@link Authentication#getName()} (so {@code notifyUserId} and {@code notifyUserName} both take it) and whose
 * display name is the same name; anyone else (no authentication, or an {@code AnonymousAuthenticationToken})
 * is anonymous, as without Spring Security, and gets Herald's {@code -n} user id. The session id (for
 * {@code notifySession}) is the request's existing {@code HttpSession} id, else ServiceStack's {@code ss-id} /
 * {@code ss-pid} cookie; no session is ever created.
 *
 * <p>The authentication comes from the servlet request ({@link HttpExchange#unwrap} gives the container's
 * {@link HttpServletRequest}, whose {@code getUserPrincipal()} Spring Security fills in), or else from the
 * {@link SecurityContextHolder} of the calling thread; Herald resolves sessions on the request thread, inside
 * Spring Security's filter chain.
 *
 * <p>To show other names or avatars, declare your own {@link SessionResolver} bean; it may call this one and
 * adjust what it returns. Stateless and thread-safe.
 */
public final class SpringSecuritySessionResolver implements SessionResolver {

    private static final SessionResolver COOKIES = SessionResolver.anonymous();

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    @Override
    public UserSession resolve(HttpExchange exchange) {
        HttpServletRequest request = exchange.unwrap(HttpServletRequest.class);
        String sessionId = sessionId(request, exchange);
        Authentication auth = authentication(request);
        if (auth == null || !auth.isAuthenticated() || trust.isAnonymous(auth)) {
            return UserSession.anonymous(sessionId);
        }
        String name = auth.getName();
        return new UserSession(name, name, displayName(auth, name), null, sessionId, true);
    }

    private static Authentication authentication(HttpServletRequest request) {
        if (request != null && request.getUserPrincipal() instanceof Authentication auth) {
            return auth;
        }
        return SecurityContextHolder.getContext().getAuthentication();
    }

    private static String displayName(Authentication auth, String name) {
        if (auth.getPrincipal() instanceof UserDetails user && user.getUsername() != null) {
            return user.getUsername();
        }
        return name;
    }

    private static String sessionId(HttpServletRequest request, HttpExchange exchange) {
        HttpSession session = request == null ? null : request.getSession(false);
        if (session != null) {
            return session.getId();
        }
        return COOKIES.resolve(exchange).sessionId();
    }
}
