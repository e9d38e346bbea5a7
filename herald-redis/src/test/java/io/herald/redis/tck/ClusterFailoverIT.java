package io.herald.redis.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import io.herald.tck.TckServer;
import io.herald.testkit.RedisClusterProcess;
import io.herald.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node of a real Redis Cluster (three masters, one replica each, {@code cluster-node-timeout} 1 s) is killed
 * while Herald servers use it: publishes fail with a clear exception or go through, never hang or vanish
 * silently, and delivery between servers resumes once a replica has taken over.
 */
class ClusterFailoverIT {

    /** Failure detection (about 2 node timeouts), the replica's election, Lettuce's topology refresh, slack. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisClusterProcess cluster;
    private final String prefix = "{failover}:sse:";

    @BeforeEach
    void startCluster() {
        cluster = RedisClusterProcess.start(3, 1);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        cluster.close();
    }

    private TckServer server(int seed) {
        TckServer s = RedisClusterServers.start(ServerEventsOptions.builder(), prefix, cluster.uri(seed));
        toClose.add(s);
        return s;
    }

    private SseTestClient connect(TckServer s) throws Exception {
        SseTestClient c = SseTestClient.open(s.baseUrl(), "/event-stream?channels=feed");
        toClose.add(c);
        c.expectConnect();
        return c;
    }

    @Test
    void theMasterHoldingTheRegistryDiesAndAReplicaTakesOver() throws Exception {
        TckServer a = server(0);
        TckServer b = server(1);
        SseTestClient onA = connect(a);
        onA.nextCommand("onJoin");
        SseTestClient onB = connect(b);
        onB.nextCommand("onJoin");
        onA.nextCommand("onJoin");

        RedisServerProcess owner = cluster.masterOf(prefix + "ids");
        owner.stop();
        Duration recovery = publishUntilDelivered(a, onB);
        System.out.printf("registry master killed: cross-server delivery back after %d ms%n", recovery.toMillis());
        assertThat(cluster.masterOf(prefix + "ids")).isNotSameAs(owner);

        assertBothReceiveTheSameEventsInOrder(a, onA, onB);
        // The registry survived on the promoted replica. Server b sent little during the failover: its look-up
        // may still go to the dead master; the failure reloads the topology and retries once, but the nodes
        // themselves can take a moment to agree on the new master, so allow a short convergence.
        for (TckServer s : List.of(b, a)) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(JsonText.array(RawHttp.get(s.baseUrl() + "/event-subscribers?channels=feed").text()))
                            .extracting(m -> m.get("userId"))
                            .containsExactlyInAnyOrder(onA.connectValue("userId"), onB.connectValue("userId")));
        }
    }

    @Test
    void theNodeHoldingAServersSubscriptionDiesAndItSubscribesElsewhere() throws Exception {
        TckServer b = server(2);
        SseTestClient onB = connect(b);
        onB.nextCommand("onJoin");
        RedisServerEvents events = (RedisServerEvents) b.serverEvents();
        long startedBefore = events.pubSubServer().stats().timesStarted();

        List<RedisServerProcess> subscribedOn = new ArrayList<>();
        for (RedisServerProcess n : cluster.nodes()) {
            if (n.command("CLIENT", "LIST").contains(" sub=1 ")) {
                subscribedOn.add(n);
            }
        }
        assertThat(subscribedOn).as("the one node holding the server's subscription").hasSize(1);
        subscribedOn.get(0).stop();

        // a notify from b reaches b's own stream only through the topic subscription
        Duration recovery = publishUntilDelivered(b, onB);
        System.out.printf("subscription node killed: delivery back after %d ms%n", recovery.toMillis());
        assertThat(events.pubSubServer().stats().timesStarted()).isGreaterThan(startedBefore);
        SseTestClient second = connect(b);
        second.nextCommand("onJoin");
        b.serverEvents().notifyChannel("feed", "cmd.after", "again");
        assertThat(onB.nextCommand("after").body()).isEqualTo("\"again\"");
        assertThat(second.nextCommand("after").body()).isEqualTo("\"again\"");
    }

    /**
     * Publishes {@code cmd.n 1, 2, ...} from {@code from} every 50 ms until {@code to} receives one, and returns
     * how long that took. Every publish either returns or throws an {@link IllegalStateException} naming the
     * Redis; anything else fails the test.
     */
    private Duration publishUntilDelivered(TckServer from, SseTestClient to) {
        long start = System.nanoTime();
        int n = 0;
        int refused = 0;
        while (System.nanoTime() - start < RECOVERY_BOUND.toNanos()) {
            try {
                from.serverEvents().notifyChannel("feed", "cmd.n", ++n);
            } catch (IllegalStateException e) {
                assertThat(e.getMessage()).contains("redis-cluster://");
                refused++;
            }
            SseEvent e = poll(to, Duration.ofMillis(50));
            while (e != null && !e.is("n")) {
                e = poll(to, Duration.ofMillis(10));
            }
            if (e != null) {
                System.out.printf("%d publishes, %d refused while the cluster failed over%n", n, refused);
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        throw new AssertionError("no event crossed the cluster within " + RECOVERY_BOUND + " after the kill ("
                + n + " publishes, " + refused + " refused)");
    }

    private static void assertBothReceiveTheSameEventsInOrder(TckServer from, SseTestClient x, SseTestClient y) {
        for (int i = 1; i <= 20; i++) {
            from.serverEvents().notifyChannel("feed", "cmd.after", i);
        }
        for (SseTestClient c : List.of(x, y)) {
            List<String> bodies = new ArrayList<>();
            while (bodies.size() < 20) {
                bodies.add(c.nextCommand("after").body());
            }
            assertThat(bodies).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
                    "14", "15", "16", "17", "18", "19", "20");
        }
        assertThat(x.taken().get(x.taken().size() - 1).id()).isEqualTo(y.taken().get(y.taken().size() - 1).id());
    }

    private static SseEvent poll(SseTestClient c, Duration timeout) {
        try {
            return c.next(timeout);
        } catch (AssertionError none) {
            if (c.ended()) {
                throw none;
            }
            return null;
        }
    }
}
