package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEventsOptions;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mounted under a context path and a sub-path, Herald sees the path below the mount and every URL it hands
 * out points back through the same context and mount, so a client that only follows them works.
 */
class MountIT {

    static Stream<Arguments> mounts() {
        return Stream.of(ContainerKind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, "/app", "/sse/*", "/app/sse"),
                Arguments.of(kind, "/app", "/", "/app"),
                Arguments.of(kind, "", "/events/live/*", "/events/live")));
    }

    /**
     * Herald's paths at the context root beside the application's own servlet on {@code /} (as a Spring
     * Boot app has its DispatcherServlet): exact patterns, and {@code mountPath("")} so that
     * {@code /event-subscribers/*} is not taken for a mount.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void exactPatternsAtTheRootLeaveEverythingElseToTheApplication(ContainerKind kind) throws Exception {
        Container.Setup setup = Container.Setup.mounted("/shop", "/event-stream", "/event-heartbeat", "/event-unregister",
                "/event-subscribers", "/event-subscribers/*", "/api/UpdateEventSubscriber").withAppAtRoot();
        HeraldServletOptions atRoot = HeraldServletOptions.builder().mountPath("").build();
        try (Running server = Running.start(kind, ServerEventsOptions.builder(), atRoot, setup);
             SseTestClient c = SseTestClient.open(server.container.origin(), "/shop/event-stream?channels=home")) {
            String base = server.container.origin() + "/shop";
            c.expectConnect();
            String id = c.subscriptionId();
            assertThat(c.connectValue("updateSubscriberUrl")).isEqualTo(base + "/event-subscribers/" + id);
            assertThat(RawHttp.post(c.connectValue("updateSubscriberUrl"), "application/x-www-form-urlencoded",
                    "SubscribeChannels=news").status()).isEqualTo(200);
            c.nextCommand("onUpdate");
            assertThat(RawHttp.post(base + "/api/UpdateEventSubscriber", "application/json",
                    "{\"id\":\"" + id + "\",\"unsubscribeChannels\":[\"news\"]}").status()).isEqualTo(200);
            assertThat(RawHttp.post(c.connectValue("heartbeatUrl")).status()).isEqualTo(200);
            assertThat(RawHttp.get(base + "/products/42").text()).isEqualTo("app: /products/42");
            assertThat(RawHttp.get(base + "/").text()).isEqualTo("app: /");
        }
    }

    @ParameterizedTest(name = "{0} context ''{1}'' mapping ''{2}''")
    @MethodSource("mounts")
    void connectUrlsPointBackThroughTheContextAndTheMount(ContainerKind kind, String context, String mapping,
                                                         String prefix) throws Exception {
        Container.Setup setup = Container.Setup.mounted(context, mapping);
        try (Running server = Running.start(kind, ServerEventsOptions.builder(), HeraldServletOptions.defaults(), setup);
             SseTestClient c = SseTestClient.open(server.container.origin(), prefix + "/event-stream?channels=home")) {
            String base = server.container.origin() + prefix;
            assertThat(server.baseUrl()).isEqualTo(base);
            c.expectConnect();
            c.nextCommand("onJoin");
            String id = c.subscriptionId();
            assertThat(c.connectValue("heartbeatUrl")).isEqualTo(base + "/event-heartbeat?id=" + id);
            assertThat(c.connectValue("unRegisterUrl")).isEqualTo(base + "/event-unregister?id=" + id);
            assertThat(c.connectValue("updateSubscriberUrl")).isEqualTo(base + "/event-subscribers/" + id);

            assertThat(RawHttp.post(c.connectValue("heartbeatUrl")).status()).isEqualTo(200);
            c.nextCommand("onHeartbeat");
            RawHttp.Response update = RawHttp.post(c.connectValue("updateSubscriberUrl"),
                    "application/x-www-form-urlencoded", "SubscribeChannels=news");
            assertThat(update.status()).isEqualTo(200);
            c.nextCommand("onUpdate");
            assertThat(JsonText.array(RawHttp.get(base + "/event-subscribers?channels=news").text())).hasSize(1);

            RawHttp.Response nope = RawHttp.get(base + "/no-such-thing");
            assertThat(nope.status()).isEqualTo(404);
            assertThat(nope.text()).contains("Handler for Request not found: GET /no-such-thing");

            assertThat(RawHttp.post(c.connectValue("unRegisterUrl")).status()).isEqualTo(200);
            c.awaitEnd(Duration.ofSeconds(5));
        }
    }
}
