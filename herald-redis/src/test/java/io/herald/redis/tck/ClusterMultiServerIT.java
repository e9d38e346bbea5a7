package io.herald.redis.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.redis.RedisServerEvents;
import io.herald.tck.SseTestClient;
import io.herald.tck.TckServer;
import io.herald.tck.TckServers;
import io.herald.testkit.RedisClusterProcess;
import io.herald.testkit.RedisServerProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three Herald servers on a real three-master Redis Cluster, each given a different node as its only seed;
 * plus what is particular to a Cluster: where the keys live and which prefixes are accepted.
 */
class ClusterMultiServerIT extends MultiServerContract {

    @Override
    protected String newPrefix() {
        return RedisClusterServers.newPrefix();
    }

    @Override
    protected String redisUri() {
        return RedisClusterServers.cluster().uri();
    }

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options, String prefix, int index) {
        return RedisClusterServers.start(options, prefix, RedisClusterServers.cluster().uri(index % 3));
    }

    @Override
    protected void killSubscriptions() {
        for (RedisServerProcess node : RedisClusterServers.cluster().nodes()) {
            node.command("CLIENT", "KILL", "TYPE", "pubsub");
        }
    }

    @Test
    void everyKeyOfAServerLivesOnTheMasterOfItsPrefixsHashTag() throws Exception {
        RedisClusterProcess cluster = RedisClusterServers.cluster();
        TckServer s = server(o -> { });
        SseTestClient a = connect(s, "channels=home");
        a.nextCommand("onJoin");
        s.serverEvents().notifyChannel("home", "cmd.chat", "kept in history");
        a.nextCommand("chat");

        RedisServerProcess owner = cluster.masterOf(prefix + "ids");
        List<String> keys = List.of(prefix + "id:" + a.subscriptionId(), prefix + "ids", prefix + "channel:home",
                prefix + "eventid", prefix + "history:c:home");
        for (RedisServerProcess node : cluster.nodes()) {
            for (String key : keys) {
                // READONLY-free EXISTS: a master that does not own the slot answers MOVED, never 1
                String reply = node.command("EXISTS", key);
                if (node == owner) {
                    assertThat(reply).as("%s on its slot's master", key).isEqualTo("1");
                } else {
                    assertThat(reply).as("%s on another master", key).startsWith("-MOVED");
                }
            }
        }
    }

    @Test
    void resetForgetsTheRegistryOnEveryNode() throws Exception {
        RedisClusterProcess cluster = RedisClusterServers.cluster();
        TckServer s = server(o -> { });
        SseTestClient a = connect(s, "channels=home,work");
        a.nextCommand("onJoin");
        RedisServerProcess owner = cluster.masterOf(prefix + "ids");
        assertThat(owner.command("EXISTS", prefix + "id:" + a.subscriptionId(), prefix + "channel:work")).isEqualTo("2");

        s.serverEvents().reset();
        assertThat(owner.command("EXISTS", prefix + "id:" + a.subscriptionId(), prefix + "channel:home",
                prefix + "channel:work")).isEqualTo("0");
        assertThat(s.serverEvents().getAllSubscriptionInfos()).isEmpty();
    }

    @Test
    void theDefaultPrefixOnAClusterIsHashTagged() throws Exception {
        RedisClusterProcess cluster = RedisClusterServers.cluster();
        ServerEventsFeature feature = ServerEventsFeature.create(ServerEventsOptions.builder().build(),
                RedisServerEvents.factory(cluster.uri(1)));
        try (TckServer s = TckServers.serve(feature)) {
            SseTestClient a = SseTestClient.open(s.baseUrl(), "/event-stream?channels=x");
            try (a) {
                a.expectConnect();
                assertThat(cluster.masterOf("{sse}:ids").command("SISMEMBER", "{sse}:channel:x", a.subscriptionId()))
                        .isEqualTo("1");
            }
        }
    }

    @Test
    void aPrefixWithoutAHashTagIsRefusedNamingIt() {
        String uri = RedisClusterServers.cluster().uri();
        for (String prefix : List.of("sse:", "app:{}:", "app{:")) {
            assertThatThrownBy(() -> RedisServerEvents.factory(uri, prefix).apply(ServerEventsOptions.builder().build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keyPrefix '" + prefix + "' has no hash tag")
                    .hasMessageContaining("{sse}:");
        }
    }
}
