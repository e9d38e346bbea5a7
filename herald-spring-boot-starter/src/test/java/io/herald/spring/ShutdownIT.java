package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEvents;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lifecycle: Boot 4 shuts down gracefully by default, waiting up to 30 s for requests in progress, and an
 * open event stream is one. Herald closes its streams before that, so closing the context with streams open
 * takes far less, and afterwards no Herald thread (nor, on Redis, a Lettuce thread) is alive.
 */
class ShutdownIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Test
    void memoryAppClosesOpenStreamsAtOnceAndLeavesNoThread() throws Exception {
        closesCleanly(List.of("herald-"));
    }

    @Test
    void redisAppClosesOpenStreamsAtOnceAndLeavesNoThread() throws Exception {
        closesCleanly(List.of("herald-", "lettuce-"), "herald.redis.uri=" + redis.server().uri());
    }

    private static void closesCleanly(List<String> threadPrefixes, String... properties) throws Exception {
        Set<String> before = HeraldThreads.live(threadPrefixes);
        BootApp app = BootApp.startHiding(TestApps.NO_SECURITY, TestApps.Plain.class, properties);
        try (SseTestClient a = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home");
             SseTestClient b = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home")) {
            a.expectConnect();
            b.expectConnect();
            assertThat(app.bean(ServerEvents.class).getChannelStats().toString()).contains("home");
            assertThat(HeraldThreads.live(threadPrefixes)).hasSizeGreaterThan(before.size());

            long start = System.nanoTime();
            app.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("closing the context with two open streams").isLessThan(Duration.ofSeconds(10));
            a.awaitEnd(Duration.ofSeconds(5));
            b.awaitEnd(Duration.ofSeconds(5));
        }
        HeraldThreads.awaitNoneBeyond(before, threadPrefixes);
    }
}
