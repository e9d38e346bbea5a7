package io.herald.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** The applications the tests start: full auto-configuration, as a user's app has it. */
final class TestApps {

    /** Spring Security's packages, hidden to run an app as if it did not have Spring Security. */
    static final String[] NO_SECURITY = {"org.springframework.security."};

    private TestApps() {
    }

    /** An app with a controller of its own; whatever the class path has is auto-configured. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SendController.class)
    static class Plain {
    }

    /** Form login for two users; every path open to everyone (Herald decides who may stream). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SendController.class)
    static class Secured {

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("alice").password("{noop}wonderland").roles("USER").build(),
                    User.withUsername("bob").password("{noop}builder").roles("USER").build());
        }
    }
}
