package io.herald.redis.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis goes away and comes back (a real redis-server, killed and restarted on the same port). */
class RedisOutageIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisServerProcess redis;

    private record Node(HeraldServer http, ServerEventsFeature feature) {
        ServerEvents events() {
            return feature.serverEvents();
        }

        String base() {
            return http.baseUrl();
        }
    }

    private Node node() {
        ServerEventsFeature feature = ServerEventsFeature.create(ServerEventsOptions.defaults(),
                RedisServerEvents.factory(redis.uri()));
        HeraldServer http = HeraldServer.builder().host("127.0.0.1").port(0).handler(feature).build();
        http.start();
        toClose.add(() -> {
            http.stop();
            feature.close();
        });
        return new Node(http, feature);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private SseTestClient join(Node node, String channels) throws Exception {
        SseTestClient c = SseTestClient.open(node.base(), "/event-stream?channels=" + channels);
        toClose.add(c);
        c.expectConnect();
        c.nextCommand("onJoin");
        return c;
    }

    @Test
    void serversKeepTheirOwnClientsDuringAnOutageAndRecoverByThemselves() throws Exception {
        redis = RedisServerProcess.startNew();
        Node one = node();
        Node two = node();
        SseTestClient a = join(one, "home");
        SseTestClient b = join(two, "home");
        a.nextCommand("onJoin");

        redis.stop(); // SIGKILL: like a crash, no goodbye

        // local streams keep working: heartbeats are answered by the server that holds the stream
        assertThat(RawHttp.post(a.connectValue("heartbeatUrl")).status()).isEqualTo(200);
        a.nextCommand("onHeartbeat");
        assertThat(RawHttp.post(b.connectValue("heartbeatUrl")).status()).isEqualTo(200);
        b.nextCommand("onHeartbeat");
        // publishing fails loudly instead of vanishing
        assertThatThrownBy(() -> one.events().notifyChannel("home", "cmd.chat", "lost?"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Redis at");
        // the subscribers list falls back to what this server holds
        assertThat(JsonText.array(RawHttp.get(one.base() + "/event-subscribers?channels=home").text())).hasSize(1);
        assertThat(a.ended()).isFalse();

        redis.start(); // same port, empty: no persistence
        long back = System.nanoTime();
        AtomicInteger probes = new AtomicInteger();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                two.events().notifyChannel("home", "cmd.probe", probes.incrementAndGet());
            } catch (IllegalStateException stillDown) {
                return false;
            }
            return a.taken().stream().anyMatch(e -> e.is("probe")) || pollProbe(a);
        });
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        assertThat(recovery).isLessThan(Duration.ofSeconds(5));
        // the registry was rebuilt from the live streams
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(JsonText.array(RawHttp.get(two.base() + "/event-subscribers?channels=home").text()))
                        .extracting(m -> m.get("userId"))
                        .containsExactlyInAnyOrder(a.connectValue("userId"), b.connectValue("userId")));
        one.events().notifyChannel("home", "cmd.chat", "after the outage");
        SseEvent chat = b.nextCommand("chat");
        assertThat(chat.data()).isEqualTo("home@cmd.chat \"after the outage\"");
    }

    /** Takes what arrived within 300 ms and says whether a probe was among it. */
    private static boolean pollProbe(SseTestClient c) {
        try {
            while (true) {
                if (c.next(Duration.ofMillis(300)).is("probe")) {
                    return true;
                }
            }
        } catch (AssertionError nothingMore) {
            return false;
        }
    }

    @Test
    void anUnreachableRedisFailsAtStartWithTheAddress() {
        assertThatThrownBy(() -> new RedisServerEvents(ServerEventsOptions.defaults(), "redis://127.0.0.1:1", "sse:"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void aRedisRestartWithoutPersistenceIsReportedAsAGapOnResume() throws Exception {
        redis = RedisServerProcess.startNew();
        Node one = node();
        SseTestClient a = join(one, "feed");
        one.events().notifyChannel("feed", "cmd.n", 1);
        String seen = a.nextCommand("n").id();
        a.close();

        redis.stop();
        redis.start(); // history, counters and registry are gone
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                one.events().notifyChannel("feed", "cmd.n", 2));

        SseTestClient again = SseTestClient.open(one.base(), "/event-stream?channels=feed",
                java.util.Map.of("Last-Event-ID", seen), null);
        toClose.add(again);
        again.expectConnect();
        SseEvent resume = again.nextCommand("onResume");
        assertThat(JsonText.object(resume.body())).containsEntry("recovered", false);
        // the client's position never goes back: onConnect of a resumed stream carries it, and ids of the new
        // counter still come after the old ones
        assertThat(again.taken().get(0).numericId()).isGreaterThanOrEqualTo(Long.parseLong(seen));
        one.events().notifyChannel("feed", "cmd.n", 3);
        assertThat(again.nextCommand("n").numericId()).isGreaterThan(Long.parseLong(seen));
    }
}
