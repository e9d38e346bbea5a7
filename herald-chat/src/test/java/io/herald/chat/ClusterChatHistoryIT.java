package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.RedisClusterProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@link RedisChatHistoryIT} test, on a real three-master Redis Cluster instead of one redis-server,
 * plus channels spread over several masters.
 */
class ClusterChatHistoryIT extends RedisChatHistoryIT {

    private static RedisClusterProcess cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start(3, 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected String uri() {
        return cluster.uri();
    }

    @Override
    protected boolean keyExists(String key) {
        return "1".equals(cluster.masterOf(key).command("EXISTS", key));
    }

    @Test
    void channelsOnDifferentMastersAreReadAndClearedTogether() {
        RedisChatHistory a = open("spread:", 10);
        RedisChatHistory b = open("spread:", 10);
        List<String> channels = List.of("home", "work", "play", "news", "misc", "dev");
        long distinctMasters = channels.stream().map(c -> cluster.masterOf("spread:" + c)).distinct().count();
        assertThat(distinctMasters).as("the channels' keys are spread over the masters").isGreaterThan(1);
        long id = 0;
        for (String c : channels) {
            a.add(msg(++id, c));
        }
        assertThat(b.getHistory(channels, null, null)).extracting(ChatMessage::getId)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        b.clear();
        assertThat(a.getHistory(channels, null, null)).isEmpty();
    }
}
