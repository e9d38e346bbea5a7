package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEventsFeature;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The starter in an app without Spring Security, on the memory back-end: real Boot app, real Tomcat, real HTTP.
 * Herald's paths at the root beside the app's own controllers, sending from a controller through the app's
 * Jackson, Actuator's Prometheus meters, a path prefix.
 */
class MemoryAppIT {

    private static BootApp app;

    @BeforeAll
    static void start() {
        app = BootApp.startHiding(TestApps.NO_SECURITY, TestApps.Plain.class,
                "management.endpoints.web.exposure.include=health,prometheus");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void servesServiceStacksPathsAtTheRootBesideTheAppsControllers() throws Exception {
        try (SseTestClient c = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home")) {
            c.expectConnect();
            assertThat(c.connectValue("isAuthenticated")).isEqualTo("false");
            assertThat(c.connectValue("userId")).startsWith("-");
            assertThat(c.connectValue("heartbeatUrl")).isEqualTo(app.baseUrl() + "/event-heartbeat?id=" + c.subscriptionId());
            c.nextCommand("onJoin");

            assertThat(RawHttp.post(c.connectValue("heartbeatUrl")).status()).isEqualTo(200);
            c.nextCommand("onHeartbeat");
            assertThat(RawHttp.get(app.baseUrl() + "/hello").text()).isEqualTo("hello from MVC");
            assertThat(JsonText.array(RawHttp.get(app.baseUrl() + "/event-subscribers?channels=home").text())).hasSize(1);
            assertThat(RawHttp.post(app.baseUrl() + "/api/UpdateEventSubscriber", "application/json",
                    "{\"Id\":\"" + c.subscriptionId() + "\",\"SubscribeChannels\":[\"news\"]}").status()).isEqualTo(200);
            c.nextCommand("onUpdate");
            assertThat(RawHttp.get(app.baseUrl() + "/no-such-page").status()).isEqualTo(404);
        }
    }

    @Test
    void aControllerSendsThroughTheAppsJacksonOnOneLineWithoutNulls() throws Exception {
        try (SseTestClient c = SseTestClient.open(app.baseUrl(), "/event-stream?channels=lobby")) {
            c.expectConnect();
            c.nextCommand("onJoin");
            RawHttp.Response sent = RawHttp.post(app.baseUrl() + "/send/lobby", "application/x-www-form-urlencoded",
                    "text=" + java.net.URLEncoder.encode("hi\u2028there\u0085\nok", java.nio.charset.StandardCharsets.UTF_8));
            assertThat(sent.status()).isEqualTo(200);
            assertThat(c.nextMatching(e -> e.data() != null && e.data().contains("cmd.chat")).data())
                    .isEqualTo("lobby@cmd.chat {\"text\":\"hi\\u2028there\\u0085\\nok\"}");
        }
        assertThat(app.bean(io.herald.JsonCodec.class)).isInstanceOf(Jackson3JsonCodec.class);
        assertThat(app.bean(ServerEventsFeature.class).options().codec()).isSameAs(app.bean(io.herald.JsonCodec.class));
    }

    @Test
    void actuatorsPrometheusEndpointListsHeraldMetersAsCountersAndGauges() throws Exception {
        try (SseTestClient c = SseTestClient.open(app.baseUrl(), "/event-stream?channels=metrics")) {
            c.expectConnect();
            String text = RawHttp.get(app.baseUrl() + "/actuator/prometheus").text();
            assertThat(text).contains("# TYPE herald_connections_total counter")
                    .contains("# TYPE herald_subscriptions gauge")
                    .contains("# TYPE herald_deliveries_total counter")
                    .containsPattern("herald_subscriptions\\{backend=\"memory\"[^}]*} [1-9]");
            assertThat(text.lines().filter(l -> l.startsWith("# TYPE herald_")).count()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void withoutSpringSecurityEveryoneIsAnonymousAndNoSecurityBeanIsMade() {
        assertThat(app.context().getBeansOfType(io.herald.SessionResolver.class)).isEmpty();
        assertThat(app.bean(ServerEventsFeature.class).options().sessionResolver()).isNotInstanceOf(
                SpringSecuritySessionResolver.class);
    }

    @Test
    void underAPathPrefixEverythingIsServedThereAndNothingAtTheRoot() throws Exception {
        try (BootApp prefixed = BootApp.startHiding(TestApps.NO_SECURITY, TestApps.Plain.class, "herald.path-prefix=/sse/");
             SseTestClient c = SseTestClient.open(prefixed.baseUrl(), "/sse/event-stream?channels=home")) {
            c.expectConnect();
            String base = prefixed.baseUrl() + "/sse";
            assertThat(c.connectValue("heartbeatUrl")).isEqualTo(base + "/event-heartbeat?id=" + c.subscriptionId());
            assertThat(c.connectValue("updateSubscriberUrl")).isEqualTo(base + "/event-subscribers/" + c.subscriptionId());
            assertThat(RawHttp.post(c.connectValue("heartbeatUrl")).status()).isEqualTo(200);
            assertThat(RawHttp.get(prefixed.baseUrl() + "/event-stream").status()).isEqualTo(404);
            assertThat(RawHttp.get(prefixed.baseUrl() + "/hello").text()).isEqualTo("hello from MVC");
            assertThat(prefixed.bean(HeraldEndpoints.class).servletMappings()).containsExactly("/sse/*");
        }
    }
}
