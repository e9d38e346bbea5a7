package io.herald.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * A real Spring Boot application on embedded Tomcat, 127.0.0.1 and an ephemeral port, for one test: started in
 * one line, closed after it.
 */
final class BootApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private BootApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts {@code sources} with these {@code name=value} properties. */
    static BootApp start(Class<?> source, String... properties) {
        return startHiding(null, source, properties);
    }

    /**
     * Starts {@code sources} with these properties; {@code hiddenPackages} (e.g. {@code org.springframework.security})
     * are invisible to the auto-configuration, as if the app did not have them.
     */
    static BootApp startHiding(String[] hiddenPackages, Class<?> source, String... properties) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(source).properties(defaults(properties));
        if (hiddenPackages != null) {
            builder.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader(hiddenPackages)));
        }
        return new BootApp(builder.run());
    }

    /** Starts {@code source} expecting it to fail, and returns why. */
    static Throwable failure(Class<?> source, String... properties) {
        SpringApplication app = new SpringApplicationBuilder(source).properties(defaults(properties)).build();
        try (ConfigurableApplicationContext unexpected = app.run()) {
            throw new AssertionError("the application started: " + unexpected);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String[] defaults(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "spring.main.banner-mode=off", "logging.level.root=WARN",
                "logging.level.org.springframework.boot.autoconfigure.logging=ERROR"));
        all.addAll(List.of(properties));
        return all.toArray(String[]::new);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        context.close();
    }
}
