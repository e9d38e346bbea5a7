package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * The browser client {@code herald.js}, loaded by a plain script tag in headless Chromium, against the
 * real server: handlers, named and global receivers, {@code css.*}, {@code trigger.*}, heartbeats,
 * reconnect after the server forgets it, live channel changes, and resume with {@code lastEventId}.
 */
class HeraldJsBrowserIT {

    private final ChatApp app = TestApps.start();
    private final Browsers browsers = new Browsers("herald-js");

    @AfterEach
    void close() {
        browsers.close();
        app.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> log(WebDriver page, String kind) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) Browsers.js(page, "return window.log;");
        List<String> values = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            if (kind.equals(e.get("kind"))) {
                values.add(String.valueOf(e.get("value")));
            }
        }
        return values;
    }

    @Test
    void theBrowserClientRoutesEveryKindOfMessageAndHealsItself() {
        WebDriver page = browsers.open(TestApps.page(app, "herald-test.html"), 1024, 768, false);
        ServerEvents events = app.serverEvents();
        await().atMost(Browsers.WAIT).until(() -> log(page, "join").contains("home"));
        await().atMost(Browsers.WAIT).until(() -> log(page, "heartbeat").size() >= 2); // 1 s interval in tests

        events.notifyChannel("home", "cmd.chat", Map.of("message", "hello browser"));
        events.notifyChannel("home", "tv.watch", "https://youtu.be/abc");
        events.notifyChannel("home", "cmd.CustomType", Map.of("id", 1, "name", "Foo"));
        events.notifyChannel("home", "css.background-color$#box", "rgb(1, 2, 3)");
        events.notifyChannel("home", "trigger.customEvent", "arg");
        await().atMost(Browsers.WAIT).untilAsserted(() -> {
            assertThat(log(page, "chat")).containsExactly("hello browser");
            assertThat(log(page, "tv.watch")).containsExactly("https://youtu.be/abc");
            assertThat(log(page, "CustomType")).contains("Foo");
            assertThat(log(page, "trigger")).containsExactly("arg");
            assertThat(Browsers.js(page, "return document.getElementById('box').style.backgroundColor;"))
                    .isEqualTo("rgb(1, 2, 3)");
        });

        // live channel change through /api/UpdateEventSubscriber
        Browsers.js(page, "window.client.subscribeToChannels('news'); return true;");
        await().atMost(Browsers.WAIT).until(() -> events.getAllSubscriptionInfos().stream()
                .anyMatch(info -> info.channels().contains("news")));
        events.notifyChannel("news", "cmd.chat", Map.of("message", "news flash"));
        await().atMost(Browsers.WAIT).until(() -> log(page, "chat").contains("news flash"));

        // the server forgets every subscription: the next heartbeat gets 404 and the client reconnects,
        // resuming from the last event it saw (nothing was missed: recovered)
        String firstId = log(page, "connect").get(0);
        events.reset();
        await().atMost(Browsers.WAIT).until(() -> log(page, "connect").size() >= 2);
        assertThat(log(page, "reconnect")).isNotEmpty();
        assertThat(log(page, "connect").get(1)).isNotEqualTo(firstId);
        await().atMost(Browsers.WAIT).until(() -> !log(page, "resume").isEmpty());
        assertThat(log(page, "resume").get(0)).contains("\"recovered\":true");
        events.notifyChannel("news", "cmd.chat", Map.of("message", "after the reset"));
        await().atMost(Browsers.WAIT).until(() -> log(page, "chat").contains("after the reset"));
        assertThat(log(page, "chat")).containsOnlyOnce("hello browser", "news flash");
        Browsers.screenshot(page, "herald-js-browser");
    }
}
