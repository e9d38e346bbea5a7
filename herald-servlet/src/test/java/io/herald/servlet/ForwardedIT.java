package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEventsOptions;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Behind trusted proxies, the client's address (which {@code validateUserAddress} compares) and the
 * scheme and host of the connect URLs come from the forwarding entry the proxies wrote; entries the client
 * wrote itself are never believed, and without {@code trustedProxies} none are.
 */
class ForwardedIT {

    private static Running start(ContainerKind kind, int proxies) throws Exception {
        return Running.start(kind, ServerEventsOptions.builder(),
                HeraldServletOptions.builder().trustedProxies(proxies).build(), Container.Setup.root());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void xForwardedHeadersFromOneTrustedProxy(ContainerKind kind) throws Exception {
        try (Running server = start(kind, 1);
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home", Map.of(
                     "X-Forwarded-For", "203.0.113.9, 198.51.100.7", // the client wrote the first, the proxy the second
                     "X-Forwarded-Proto", "https",
                     "X-Forwarded-Host", "chat.example.com"), null)) {
            c.expectConnect();
            String id = c.subscriptionId();
            assertThat(c.connectValue("heartbeatUrl")).isEqualTo("https://chat.example.com/event-heartbeat?id=" + id);
            assertThat(server.feature.serverEvents().getSubscriptionInfo(id).userAddress()).isEqualTo("198.51.100.7");

            String heartbeat = server.baseUrl() + "/event-heartbeat?id=" + id;
            assertThat(RawHttp.send("POST", heartbeat, Map.of("X-Forwarded-For", "10.9.9.9, 198.51.100.7"), new byte[0],
                    null).status()).isEqualTo(200);
            c.nextCommand("onHeartbeat");
            assertThat(RawHttp.send("POST", heartbeat, Map.of("X-Forwarded-For", "198.51.100.7, 192.0.2.1"), new byte[0],
                    null).status()).isEqualTo(403);
            assertThat(RawHttp.post(heartbeat).status()).as("straight from 127.0.0.1").isEqualTo(403);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theForwardedHeaderWinsOverXForwardedAndTwoProxiesCountFromTheRight(ContainerKind kind) throws Exception {
        try (Running server = start(kind, 2);
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home", Map.of(
                     "Forwarded", "for=192.0.2.60;proto=http;host=spoof.example, for=\"[2001:db8::17]:4711\";"
                             + "proto=https;host=\"edge.example:8443\", for=10.0.0.2",
                     "X-Forwarded-For", "192.0.2.99"), null)) {
            c.expectConnect();
            String id = c.subscriptionId();
            assertThat(c.connectValue("unRegisterUrl")).isEqualTo("https://edge.example:8443/event-unregister?id=" + id);
            assertThat(server.feature.serverEvents().getSubscriptionInfo(id).userAddress()).isEqualTo("2001:db8::17");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void withoutTrustedProxiesForwardingHeadersAreIgnored(ContainerKind kind) throws Exception {
        try (Running server = start(kind, 0);
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home", Map.of(
                     "X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "https",
                     "X-Forwarded-Host", "evil.example", "Forwarded", "for=192.0.2.1;host=evil.example"), null)) {
            c.expectConnect();
            String id = c.subscriptionId();
            assertThat(c.connectValue("heartbeatUrl")).isEqualTo(server.baseUrl() + "/event-heartbeat?id=" + id);
            assertThat(server.feature.serverEvents().getSubscriptionInfo(id).userAddress()).isEqualTo("127.0.0.1");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anUnusableForwardedEntryFallsBackToTheConnection(ContainerKind kind) throws Exception {
        try (Running server = start(kind, 1);
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home", Map.of(
                     "X-Forwarded-For", "unknown", "X-Forwarded-Proto", "gopher",
                     "X-Forwarded-Host", "bad host/with\"quote"), null)) {
            c.expectConnect();
            String id = c.subscriptionId();
            assertThat(c.connectValue("heartbeatUrl")).isEqualTo(server.baseUrl() + "/event-heartbeat?id=" + id);
            assertThat(server.feature.serverEvents().getSubscriptionInfo(id).userAddress()).isEqualTo("127.0.0.1");
        }
    }
}
