package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Boot apps on one real redis-server ({@code herald.redis.uri}): an event sent by one reaches a stream on the
 * other, the subscribers list is shared, Actuator's health shows the Redis back-end DOWN with the reason while
 * Redis is stopped (and only it: the app keeps answering), and the meters are tagged {@code backend=redis}.
 */
class RedisAppIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static BootApp one;
    private static BootApp two;

    @BeforeAll
    static void start() {
        String[] properties = {"herald.redis.uri=" + redis.server().uri(), "herald.redis.key-prefix=boot:",
                "management.endpoints.web.exposure.include=health,prometheus",
                "management.endpoint.health.show-details=always"};
        one = BootApp.startHiding(TestApps.NO_SECURITY, TestApps.Plain.class, properties);
        two = BootApp.startHiding(TestApps.NO_SECURITY, TestApps.Plain.class, properties);
    }

    @AfterAll
    static void stop() {
        for (BootApp app : new BootApp[] {one, two}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void anEventSentOnOneServerReachesAStreamOnTheOther() throws Exception {
        assertThat(one.bean(ServerEvents.class)).isInstanceOf(RedisServerEvents.class);
        try (SseTestClient c = SseTestClient.open(two.baseUrl(), "/event-stream?channels=shared")) {
            c.expectConnect();
            c.nextCommand("onJoin");
            assertThat(RawHttp.post(one.baseUrl() + "/send/shared", "application/x-www-form-urlencoded", "text=across")
                    .status()).isEqualTo(200);
            assertThat(c.nextMatching(e -> e.data() != null && e.data().contains("cmd.chat")).data())
                    .isEqualTo("shared@cmd.chat {\"text\":\"across\"}");
            assertThat(JsonText.array(RawHttp.get(one.baseUrl() + "/event-subscribers?channels=shared").text()))
                    .hasSize(1);
        }
        assertThat(redis.server().command("EXISTS", "boot:ids")).isNotEqualTo("0");
    }

    @Test
    void healthIsDownWithTheReasonWhileRedisIsStoppedAndNothingElseIsAffected() throws Exception {
        RawHttp.Response up = RawHttp.get(one.baseUrl() + "/actuator/health/heraldRedis");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.text()).contains("\"status\":\"UP\"");

        redis.server().stop();
        try {
            RawHttp.Response down = RawHttp.get(one.baseUrl() + "/actuator/health/heraldRedis");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.text()).contains("\"status\":\"DOWN\"").contains("Redis at").contains("127.0.0.1:" + redis.server().port()).contains("unavailable");
            assertThat(RawHttp.get(one.baseUrl() + "/hello").text()).isEqualTo("hello from MVC");
            assertThatThrownBy(() -> one.bean(ServerEvents.class).notifyChannel("shared", "cmd.chat", "lost"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Redis");
            try (SseTestClient refused = SseTestClient.open(one.baseUrl(), "/event-stream?channels=shared")) {
                assertThat(refused.status()).isEqualTo(503);
            }
        } finally {
            redis.server().start();
        }
        await("health UP again").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(RawHttp.get(one.baseUrl() + "/actuator/health/heraldRedis").status()).isEqualTo(200));
    }

    @Test
    void metersAreTaggedWithTheRedisBackEnd() throws Exception {
        String text = RawHttp.get(two.baseUrl() + "/actuator/prometheus").text();
        assertThat(text).contains("# TYPE herald_redis_messages_received_total counter")
                .containsPattern("herald_connections_total\\{backend=\"redis\"");
    }
}
