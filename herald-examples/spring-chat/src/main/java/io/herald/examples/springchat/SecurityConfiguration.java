package io.herald.examples.springchat;

import io.herald.SessionResolver;
import io.herald.UserSession;
import io.herald.spring.SpringSecuritySessionResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-in for the chat page: its account form posts {@code userName} and {@code password} to {@code /auth}
 * (Spring Security's form login, answered with JSON instead of redirects), {@code /auth/logout} signs out, and
 * {@code /auth/guest} ({@link GuestController}) names an anonymous visitor. Everyone may read and chat; only
 * signed-in users may announce.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** Session attribute holding a guest's chosen name. */
    static final String GUEST_NAME = "chat.guestName";

    @Bean
    SecurityFilterChain chat(HttpSecurity http, JsonMapper json) {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/channels/*/announce").authenticated()
                        .anyRequest().permitAll())
                // chat.js (the page shared with herald-chat) sends no CSRF token; the session cookie is
                // SameSite=Strict instead (application.properties), so no other site's page can post with it
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(form -> form.loginPage("/").loginProcessingUrl("/auth")
                        .usernameParameter("userName").passwordParameter("password")
                        .successHandler((request, response, auth) -> write(response, json, HttpStatus.OK,
                                Map.of("userId", auth.getName(), "userName", auth.getName(),
                                        "displayName", auth.getName(), "isAuthenticated", true)))
                        .failureHandler((request, response, e) -> write(response, json, HttpStatus.UNAUTHORIZED,
                                ChatErrors.error("Unauthorized", "Invalid UserName or Password"))))
                .logout(logout -> logout.logoutUrl("/auth/logout")
                        .logoutSuccessHandler((request, response, auth) -> response.setStatus(204)))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .build();
    }

    /** The demo accounts from {@code chat.users.<name>=<password>}. */
    @Bean
    UserDetailsService users(ChatProperties properties) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        properties.getUsers().forEach((name, password) ->
                users.createUser(User.withUsername(name).password(password).roles("USER").build()));
        return users;
    }

    /** Signed-in users as Spring Security sees them; guests by the name they chose. */
    @Bean
    SessionResolver chatSessions() {
        SpringSecuritySessionResolver security = new SpringSecuritySessionResolver();
        return request -> {
            UserSession user = security.resolve(request);
            HttpSession session = request.unwrap(HttpServletRequest.class).getSession(false);
            Object guest = session == null ? null : session.getAttribute(GUEST_NAME);
            if (user.authenticated() || guest == null) {
                return user;
            }
            return new UserSession(null, null, guest.toString(), null, user.sessionId(), false);
        };
    }

    private static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, Object body)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), body);
    }
}
