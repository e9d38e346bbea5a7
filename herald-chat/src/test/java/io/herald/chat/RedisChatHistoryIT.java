package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisChatHistory} meets the {@link ChatHistory} contract on a real redis-server, and is shared. */
class RedisChatHistoryIT extends AbstractChatHistoryTest {

    private static RedisServerProcess redis;
    private final List<RedisChatHistory> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.startNew();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void closeHistories() {
        opened.forEach(RedisChatHistory::close);
    }

    /** Each history gets its own key prefix, so the tests never see each other's messages. */
    @Override
    protected ChatHistory create(int maxPerChannel) {
        return open("test:" + UUID.randomUUID() + ":", maxPerChannel);
    }

    /** The Redis address the histories use. */
    protected String uri() {
        return redis.uri();
    }

    /** Whether {@code key} exists in that Redis. */
    protected boolean keyExists(String key) {
        return "1".equals(redis.command("EXISTS", key));
    }

    protected RedisChatHistory open(String prefix, int maxPerChannel) {
        RedisChatHistory h = new RedisChatHistory(uri(), prefix, maxPerChannel);
        opened.add(h);
        return h;
    }

    @Test
    void twoInstancesOnOneRedisShareOneHistory() {
        RedisChatHistory a = open("shared:", 10);
        RedisChatHistory b = open("shared:", 10);
        a.add(msg(1, "home"));
        b.add(msg(2, "home"));
        assertThat(a.getHistory(List.of("home"), null, null)).extracting(ChatMessage::getId).containsExactly(1L, 2L);
        assertThat(b.getHistory(List.of("home"), null, null)).containsExactlyElementsOf(a.getHistory(List.of("home"), null, null));
        b.clear();
        assertThat(a.getHistory(List.of("home"), null, null)).isEmpty();
    }

    @Test
    void messagesRoundTripExactlyAndUnderThePrefix() {
        RedisChatHistory h = open("rt:", 10);
        ChatMessage m = new ChatMessage(7, "ops", "alice", "alice", "alice", "&lt;b&gt; \u00e9 \"q\"", "alice", false);
        h.add(m);
        assertThat(h.getHistory(List.of("ops"), null, null)).containsExactly(m);
        assertThat(keyExists("rt:ops")).isTrue();
        assertThat(h.size("ops")).isEqualTo(1);
    }

    @Test
    void clearLeavesOtherPrefixesAlone() {
        RedisChatHistory mine = open("mine:", 10);
        RedisChatHistory other = open("other:", 10);
        mine.add(msg(1, "a"));
        other.add(msg(2, "a"));
        mine.clear();
        assertThat(mine.getHistory(List.of("a"), null, null)).isEmpty();
        assertThat(other.getHistory(List.of("a"), null, null)).hasSize(1);
    }

    @Test
    void unreachableRedisIsNamed() {
        assertThatThrownBy(() -> new RedisChatHistory("127.0.0.1:1", "x:", 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new RedisChatHistory(uri(), "", 10)).hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> new RedisChatHistory(uri(), "x:", 0)).hasMessageContaining("maxPerChannel must be >= 1: 0");
    }
}
