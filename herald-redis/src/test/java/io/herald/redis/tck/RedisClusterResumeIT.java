package io.herald.redis.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEventsOptions;
import io.herald.tck.JsonText;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import io.herald.tck.TckServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client whose server goes away resumes on another server of the cluster with nothing lost. */
class RedisClusterResumeIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void theServerAClientIsOnStopsAndItResumesOnAnotherWithNoGapsOrDuplicates() throws Exception {
        String prefix = RedisServers.newPrefix();
        TckServer one = RedisServers.start(ServerEventsOptions.builder(), prefix);
        TckServer two = RedisServers.start(ServerEventsOptions.builder(), prefix);
        TckServer three = RedisServers.start(ServerEventsOptions.builder(), prefix);
        toClose.add(two);
        toClose.add(three);

        SseTestClient first = SseTestClient.open(one.baseUrl(), "/event-stream?channels=feed");
        toClose.add(first);
        first.expectConnect();
        first.nextCommand("onJoin");

        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            while (publishing.get() && published.get() < 3000) {
                try {
                    three.serverEvents().notifyChannel("feed", "cmd.n", published.incrementAndGet());
                } catch (IllegalStateException e) {
                    return;
                }
                LockSupport.parkNanos(2_000_000);
            }
        }, "publisher");
        publisher.start();
        try {
            List<Integer> received = new ArrayList<>();
            String lastId = null;
            while (received.size() < 100) {
                SseEvent e = first.nextCommand("n");
                received.add(Integer.parseInt(e.body()));
                lastId = e.id();
            }
            one.close(); // the server goes away; its streams end

            SseTestClient second = SseTestClient.open(two.baseUrl(), "/event-stream?channels=feed",
                    Map.of("Last-Event-ID", lastId), null);
            toClose.add(second);
            second.expectConnect();
            SseEvent resume = null;
            while (resume == null) {
                SseEvent e = second.next();
                if (e.is("n")) {
                    received.add(Integer.parseInt(e.body()));
                } else if (e.is("onResume")) {
                    resume = e;
                }
            }
            assertThat(JsonText.object(resume.body())).containsEntry("recovered", true);
            int target = received.get(received.size() - 1) + 50;
            while (received.get(received.size() - 1) < target) {
                received.add(Integer.parseInt(second.nextCommand("n").body()));
            }
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i)).as("message %d of %s; stream %s", i, received, second.taken()).isEqualTo(i + 1);
            }
        } finally {
            publishing.set(false);
            publisher.join(5000);
        }
    }
}
