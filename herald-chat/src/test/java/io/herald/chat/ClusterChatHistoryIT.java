package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.RedisClusterProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisChatHistory} meets the {@link ChatHistory} contract on a real three-master Redis Cluster. */
class ClusterChatHistoryIT extends AbstractChatHistoryTest {

    private static RedisClusterProcess cluster;
    private final List<RedisChatHistory> opened = new ArrayList<>();

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

    @AfterEach
    void closeHistories() {
        opened.forEach(RedisChatHistory::close);
    }

    @Override
    protected ChatHistory create(int maxPerChannel) {
        return open("test:" + UUID.randomUUID() + ":", maxPerChannel);
    }

    private RedisChatHistory open(String prefix, int maxPerChannel) {
        RedisChatHistory h = new RedisChatHistory(cluster.uri(), prefix, maxPerChannel);
        opened.add(h);
        return h;
    }

    @Test
    void channelsOnDifferentMastersAreReadAndClearedTogether() {
        RedisChatHistory a = open("spread:", 10);
        RedisChatHistory b = new RedisChatHistory(cluster.uri(2), "spread:", 10);
        opened.add(b);
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
