package io.herald.examples.springchat;

import static io.herald.examples.springchat.Browsers.WAIT;
import static io.herald.examples.springchat.Browsers.messages;
import static io.herald.examples.springchat.Browsers.say;
import static io.herald.examples.springchat.Browsers.users;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scaled out: two instances of the Spring Boot chat on one real redis-server ({@code herald.redis.uri}). Users on
 * different instances see each other, chat, and share one history.
 */
class ChatOnRedisPageIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void usersOnTwoInstancesChatAndShareTheHistory() {
        String uri = "herald.redis.uri=" + redis.server().uri();
        try (ConfigurableApplicationContext one = ChatApps.start(uri);
             ConfigurableApplicationContext two = ChatApps.start(uri);
             Browsers browsers = new Browsers("spring-chat-redis")) {
            WebDriver alice = browsers.open(ChatApps.baseUrl(one) + "/");
            WebDriver bob = browsers.open(ChatApps.baseUrl(two) + "/");
            Browsers.signIn(alice, "alice", "wonderland");
            Browsers.signIn(bob, "bob", "builder");
            await().atMost(WAIT).until(() -> users(alice).contains("bob") && users(bob).contains("alice"));

            say(alice, "across instances");
            await().atMost(WAIT).until(() -> messages(bob).contains("across instances"));
            say(bob, "back at you");
            await().atMost(WAIT).until(() -> messages(alice).contains("back at you"));

            WebDriver late = browsers.open(ChatApps.baseUrl(two) + "/");
            await().atMost(WAIT).until(() -> messages(late).containsAll(java.util.List.of("across instances",
                    "back at you")));
        }
    }
}
