package io.herald.examples.springchat;

import io.herald.ServerEventsFeature;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /auth/guest}: an anonymous visitor picks a display name (a fresh session, signed out). */
@RestController
class GuestController {

    private final ServerEventsFeature feature;

    GuestController(ServerEventsFeature feature) {
        this.feature = feature;
    }

    @PostMapping("/auth/guest")
    Map<String, Object> guest(@RequestParam(required = false) String displayName, HttpServletRequest request) {
        if (feature.options().limitToAuthenticatedUsers()) {
            throw new ChatException(HttpStatus.FORBIDDEN, "This chat is for signed-in users: guests cannot join");
        }
        String name = displayName == null ? "" : displayName.strip();
        if (!name.matches("[A-Za-z0-9_]{1,32}")) {
            throw ChatException.badRequest("'displayName' must be 1 to 32 letters, digits or '_'");
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate(); // a guest is nobody's account: sign out first
        }
        request.getSession(true).setAttribute(SecurityConfiguration.GUEST_NAME, name);
        return Map.of("displayName", name, "isAuthenticated", false);
    }
}
