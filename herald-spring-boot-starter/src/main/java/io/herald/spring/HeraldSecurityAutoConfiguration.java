package io.herald.spring;

import io.herald.SessionResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Herald with Spring Security: the subscription's user is the request's authenticated principal
 * ({@link SpringSecuritySessionResolver}), and Herald's endpoints are left out of CSRF protection, so
 * ServiceStack's clients (and herald.js) can POST heartbeats, unregister and channel updates without a CSRF
 * token.
 *
 * <p>Why leaving out CSRF is safe here: those POSTs act only on the subscription whose id they carry, an
 * unguessable value a page from another site cannot learn, and by default only from the stream's own IP
 * address ({@code herald.validate-user-address}). Who may open a stream at all is still decided by your
 * {@code authorizeHttpRequests} rules and {@code herald.limit-to-authenticated-users}.
 */
@AutoConfiguration(before = HeraldAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.security.core.Authentication",
        "jakarta.servlet.http.HttpServletRequest", "io.herald.ServerEventsFeature"})
public class HeraldSecurityAutoConfiguration {

    /** The session resolver reading Spring Security's principal; declare your own to replace it. */
    @Bean
    @ConditionalOnMissingBean
    public SessionResolver heraldSessionResolver() {
        return new SpringSecuritySessionResolver();
    }

    /** Applied by Spring Security to every {@code HttpSecurity} it builds, the app's own chains included. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
    static class CsrfExemption {

        @Bean
        @ConditionalOnMissingBean(name = "heraldCsrfExemption")
        Customizer<HttpSecurity> heraldCsrfExemption(ObjectProvider<HeraldEndpoints> endpoints) {
            return http -> http.csrf(csrf -> csrf.ignoringRequestMatchers(request -> {
                HeraldEndpoints herald = endpoints.getIfAvailable();
                return herald != null && herald.matches(request);
            }));
        }
    }
}
