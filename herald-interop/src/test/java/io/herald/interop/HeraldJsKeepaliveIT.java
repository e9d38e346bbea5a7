package io.herald.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's fourth test: herald.js, herald-chat's browser client, in headless Chromium against Herald with
 * keepalive comments every 200 ms between heartbeats every 500 ms and a {@code retry:} directive: it connects,
 * joins, heartbeats for longer than an idle timeout without a reconnect, and receives messages. Chromium's DevTools
 * network events show the comments really arrived on its stream.
 */
class HeraldJsKeepaliveIT {

    /** Published without a selector: {@code cmd.CustomType}, for the page's global receiver. */
    record CustomType(int id, String name) {
    }

    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHerald herald;
    private Chromium chromium;

    @BeforeEach
    void start() {
        herald = TestHerald.memory(ServerEventsOptions.builder()
                .heartbeatInterval(HEARTBEAT)
                .idleTimeout(IDLE)
                .houseKeepingInterval(Duration.ofMillis(250))
                .keepaliveInterval(Duration.ofMillis(200))
                .retryInterval(Duration.ofMillis(1500))
                .build());
        chromium = new Chromium();
    }

    @AfterEach
    void stop() throws Exception {
        TestHerald.closeAll(chromium, herald);
    }

    @SuppressWarnings("unchecked")
    private List<String> log(String kind) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) chromium.js("return window.log;");
        List<String> values = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            if (kind.equals(e.get("kind"))) {
                values.add(String.valueOf(e.get("value")));
            }
        }
        return values;
    }

    @Test
    void heraldJsConnectsHeartbeatsAndReceivesWithKeepalivesOn() {
        chromium.open(herald.baseUrl() + "/herald-js.html");
        await().atMost(WAIT).until(() -> log("connect").size() == 1);
        String id = log("connect").get(0);
        String userId = herald.events().getSubscriptionInfo(id).userId();
        await().atMost(WAIT).until(() -> log("join").contains("home " + userId));

        // longer than an idle timeout, heartbeating, with comments between the heartbeat replies
        int heartbeats = (int) (IDLE.toMillis() / HEARTBEAT.toMillis()) + 2;
        await().atMost(WAIT).until(() -> log("heartbeat").size() >= heartbeats);
        herald.events().notifyChannel("home", "cmd.chat", Map.of("message", "hello herald.js"));
        herald.events().notifyChannel("home", new CustomType(7, "Typed"));
        await().atMost(WAIT).until(() -> log("CustomType").contains("Typed"));
        assertThat(log("chat")).containsExactly("hello herald.js");

        assertThat(log("connect")).as("one connection the whole time").containsExactly(id);
        assertThat(log("reconnect")).isEmpty();
        assertThat(log("exception")).isEmpty();
        assertThat(log("leave")).isEmpty();
        assertThat(herald.events().getSubscriptionInfo(id)).isNotNull();
        assertThat(herald.stat("expired")).isZero();

        int keepalives = chromium.keepaliveChunks("/event-stream");
        System.out.printf("herald.js: %d heartbeats, %d keepalive comments seen by Chromium on its stream%n",
                log("heartbeat").size(), keepalives);
        assertThat(keepalives).as("keepalive comments Chromium received on herald.js's stream").isGreaterThanOrEqualTo(3);
    }
}
