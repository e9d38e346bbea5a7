package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.ResumeContract;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import io.herald.tck.SteadyPublisher;
import io.herald.tck.TckServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

        try (SteadyPublisher publisher = new SteadyPublisher(three.serverEvents(), "feed", 3000, 2000)) {
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
            ResumeContract.assertResumesInSequence(second, received, Long.parseLong(lastId));
        }
    }
}
