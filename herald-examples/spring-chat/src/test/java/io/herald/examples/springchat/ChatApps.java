package io.herald.examples.springchat;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The spring-chat app started in this JVM on 127.0.0.1 and an ephemeral port. */
final class ChatApps {

    private ChatApps() {
    }

    static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "spring.main.banner-mode=off", "logging.level.root=WARN",
                // a closed window is noticed within about two probes: quick users-list updates in the tests
                "herald.servlet.probe-interval=1s"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(SpringChatApplication.class).properties(all.toArray(String[]::new)).run();
    }

    static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
