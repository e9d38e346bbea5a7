package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.RedisClusterProcess;
import io.herald.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RedisPubSubServer} on a real Redis Cluster (three masters, one replica each). */
class ClusterPubSubServerIT {

    private RedisClusterProcess cluster;
    private final List<RedisPubSubServer> servers = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = RedisClusterProcess.start(3, 1);
    }

    @AfterEach
    void closeAll() {
        servers.forEach(RedisPubSubServer::close);
        cluster.close();
    }

    private RedisPubSubServer start(CallbackRecorder rec) {
        RedisPubSubServer s = new RedisPubSubServer(rec.wire(RedisPubSubOptions.builder(cluster.uri())
                .channels("news")
                .heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofMillis(1000))
                .reconnectMinDelay(Duration.ofMillis(50))
                .reconnectMaxDelay(Duration.ofMillis(500)))
                .build());
        servers.add(s);
        s.start();
        rec.next("start");
        return s;
    }

    /** The one node with a pub/sub client on it. */
    private RedisServerProcess subscribedNode() {
        List<RedisServerProcess> on = new ArrayList<>();
        for (RedisServerProcess n : cluster.nodes()) {
            if (n.isRunning() && n.command("CLIENT", "LIST").contains(" sub=1 ")) {
                on.add(n);
            }
        }
        assertThat(on).as("nodes holding the subscription").hasSize(1);
        return on.get(0);
    }

    @Test
    void receivesWhatIsPublishedOnAnyNodeAndStaysConnectedWhilePulsing() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = start(rec);
        RedisServerProcess on = subscribedNode();

        int n = 0;
        for (RedisServerProcess node : cluster.nodes()) {
            assertThat(node.command("PUBLISH", "news", "m" + (++n))).isNotNull();
            assertThat(rec.next("message").detail()).isEqualTo("news m" + n);
        }
        // pulses go through the node the subscription is on; many rounds pass without a reconnect
        rec.assertNone(Duration.ofSeconds(6), "error", "stop");
        assertThat(server.stats().timesStarted()).isEqualTo(1);
        assertThat(server.stats().totalErrors()).isZero();
        assertThat(server.stats().heartbeatsReceived()).isGreaterThan(20);
        assertThat(subscribedNode()).isSameAs(on);
    }

    @Test
    void whenItsNodeDiesItSubscribesOnAnotherAndReportsTheFailover() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = start(rec);
        RedisServerProcess on = subscribedNode();
        on.stop();

        rec.next("stop");
        assertThat(rec.next(Duration.ofSeconds(15), "failover").detail()).contains(":" + on.port() + " -> ");
        rec.next("start");
        RedisServerProcess now = subscribedNode();
        assertThat(now).isNotSameAs(on);
        assertThat(server.state()).isEqualTo(RedisPubSubServer.State.STARTED);
        now.command("PUBLISH", "news", "after");
        assertThat(rec.next("message").detail()).isEqualTo("news after");
    }
}
