package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import io.herald.tck.SseTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Container timeouts never cut a live stream. */
class TimeoutsIT {

    /**
     * Tomcat's connector default async timeout (30 s normally) applies to every {@code startAsync}; a stream
     * sets its own to none. (Jetty's default, 30 s, is fixed, with no setting to shorten it for a test; the
     * same {@code setTimeout(0)} covers it.)
     */
    @Test
    void aShortContainerAsyncTimeoutDoesNotEndAStream() throws Exception {
        HeraldServletOptions noProbes = HeraldServletOptions.builder().probeInterval(Duration.ZERO).build();
        try (Running server = Running.start(ContainerKind.TOMCAT, ServerEventsOptions.builder(), noProbes,
                Container.Setup.root().asyncTimeout(200));
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home")) {
            c.expectConnect();
            c.nextCommand("onJoin");
            // ten async timeouts long, with nothing written in between
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !c.ended());
            server.feature.serverEvents().notifyChannel("home", "cmd.chat", "still here");
            assertThat(c.nextCommand("chat").body()).isEqualTo("\"still here\"");
            assertThat(server.servlet.openStreamCount()).isEqualTo(1);
        }
    }

    /**
     * A connector idle timeout (Jetty's {@code idleTimeout}, Tomcat's {@code connectionTimeout}) shorter than
     * a quiet spell does not end a stream either, probes or not: neither container applies it to an async
     * request with no read or write pending.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aShortConnectorIdleTimeoutDoesNotEndAQuietStream(ContainerKind kind) throws Exception {
        HeraldServletOptions noProbes = HeraldServletOptions.builder().probeInterval(Duration.ZERO).build();
        try (Running server = Running.start(kind, ServerEventsOptions.builder(), noProbes,
                Container.Setup.root().idleTimeout(500));
             SseTestClient c = SseTestClient.open(server.baseUrl(), "/event-stream?channels=home")) {
            c.expectConnect();
            c.nextCommand("onJoin");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !c.ended());
            server.feature.serverEvents().notifyChannel("home", "cmd.chat", "still here");
            assertThat(c.nextCommand("chat").body()).isEqualTo("\"still here\"");
            assertThat(server.servlet.openStreamCount()).isEqualTo(1);
        }
    }
}
