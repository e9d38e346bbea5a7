package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.tck.SseTestClient;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stopping the container ends every open stream and leaves no stream thread behind. */
class LifecycleIT {

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void stoppingTheContainerEndsStreamsAndStopsTheStreamThreads(ContainerKind kind) throws Exception {
        Set<String> before = streamThreads();
        ServerEventsFeature feature = ServerEventsFeature.create(ServerEventsOptions.defaults());
        try {
            HeraldServlet servlet = new HeraldServlet(feature);
            Container container = kind.start(servlet, Container.Setup.root());
            SseTestClient c = SseTestClient.open(container.baseUrl(), "/event-stream?channels=home");
            c.expectConnect();
            assertThat(servlet.openStreamCount()).isEqualTo(1);
            assertThat(streamThreads()).hasSizeGreaterThan(before.size());

            container.close(); // the feature stays up: the servlet alone must end its streams
            c.awaitEnd(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> servlet.openStreamCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> streamThreads().equals(before));
            // the subscription learnt its stream is gone
            await().atMost(Duration.ofSeconds(10)).until(() -> feature.serverEvents().getAllSubscriptionInfos().isEmpty());
            c.close();
        } finally {
            feature.close();
        }
    }

    private static Set<String> streamThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("herald-stream-")).collect(Collectors.toSet());
    }
}
