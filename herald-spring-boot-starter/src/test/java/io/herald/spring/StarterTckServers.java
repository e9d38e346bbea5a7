package io.herald.spring;

import io.herald.ServerEvents;
import io.herald.ServerEventsOptions;
import io.herald.tck.TckServer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The contract suite's server: a Spring Boot app on embedded Tomcat whose endpoints are the starter's own
 * auto-configured mount (ServiceStack's exact paths at the root, beside a {@code DispatcherServlet} on
 * {@code /}). Only the options come from the contract, as an app's own {@link ServerEventsOptions} bean.
 */
final class StarterTckServers {

    /** Just the web server, Spring MVC and Herald: quick to start, once per contract test. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class, HeraldJacksonAutoConfiguration.class, HeraldAutoConfiguration.class})
    static class App {
    }

    private StarterTckServers() {
    }

    static TckServer start(ServerEventsOptions.Builder options, String... properties) {
        ServerEventsOptions built = options.build();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "logging.level.root=WARN",
                        // the suite gives a vanished client's onLeave 5 s; containers notice a hang-up on a write
                        "herald.servlet.probe-interval=1s")
                .properties(properties)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("contractOptions", built))
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new TckServer() {
            @Override
            public String baseUrl() {
                return "http://127.0.0.1:" + port;
            }

            @Override
            public ServerEvents serverEvents() {
                return context.getBean(ServerEvents.class);
            }

            @Override
            public boolean sendsReasonPhrases() {
                return false; // Servlet 6 cannot set one; the message travels in X-Status-Description
            }

            @Override
            public int requestLineTooLongStatus() {
                return 400; // Tomcat answers before any application code runs
            }

            @Override
            public int headersTooLargeStatus() {
                return 400;
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }
}
