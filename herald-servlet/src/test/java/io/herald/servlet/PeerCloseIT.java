package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.ServerEventsOptions;
import io.herald.tck.JsonText;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that hangs up (a raw socket that closes) is noticed, and what the containers report on their
 * own. Measured on Jetty 12.1 and Tomcat 11.0: nothing. Neither watches the socket of an async GET whose
 * (empty) body was read, so no AsyncListener, ReadListener or WriteListener callback fires until a write
 * fails; hence the idle-stream probe.
 */
class PeerCloseIT {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCloseIT.class);

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aClientThatHangsUpIsNoticedWithinTwoProbesAndTheOthersSeeItLeave(ContainerKind kind) throws Exception {
        Duration probe = Duration.ofMillis(500);
        HeraldServletOptions options = HeraldServletOptions.builder().probeInterval(probe).build();
        try (Running server = Running.start(kind, ServerEventsOptions.builder(), options, Container.Setup.root());
             SseTestClient stays = SseTestClient.open(server.baseUrl(), "/event-stream?channels=room")) {
            stays.expectConnect();
            stays.nextCommand("onJoin");
            ServerEvents events = server.feature.serverEvents();
            Socket leaves = Sockets.openGet(server.baseUrl() + "/event-stream?channels=room", 0);
            Sockets.readUntil(leaves.getInputStream(), "onJoin");
            SseEvent join = stays.nextCommand("onJoin");
            String userId = (String) JsonText.object(join.body()).get("userId");

            long closedAt = System.nanoTime();
            leaves.close();
            SseEvent leave = stays.nextCommand("onLeave");
            long noticedMs = (System.nanoTime() - closedAt) / 1_000_000;
            LOG.info("{}: a hang-up was noticed after {} ms with a {} ms probe", kind, noticedMs, probe.toMillis());
            assertThat(JsonText.object(leave.body())).containsEntry("userId", userId);
            assertThat(noticedMs).isLessThan(3 * probe.toMillis() + 1000);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.getAllSubscriptionInfos().size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openStreamCount() == 1);
            assertThat(stays.ended()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void withoutProbesTheContainerReportsAHangUpOnlyWhenAWriteFails(ContainerKind kind) throws Exception {
        HeraldServletOptions noProbes = HeraldServletOptions.builder().probeInterval(Duration.ZERO).build();
        try (Running server = Running.start(kind, ServerEventsOptions.builder(), noProbes, Container.Setup.root())) {
            ServerEvents events = server.feature.serverEvents();
            Socket leaves = Sockets.openGet(server.baseUrl() + "/event-stream?channels=room", 0);
            Sockets.readUntil(leaves.getInputStream(), "onJoin");
            leaves.close();
            // the measurement: no listener fires, the stream stays registered (if this fails, the container
            // has learnt to report hang-ups on its own and the probe could become optional)
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> events.getAllSubscriptionInfos().size() == 1 && server.servlet.openStreamCount() == 1);
            // the first write usually still succeeds (the peer answers it with a reset); a later one fails
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                events.notifyChannel("room", "cmd.ping", "anyone?");
                return events.getAllSubscriptionInfos().isEmpty();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openStreamCount() == 0);
        }
    }
}
