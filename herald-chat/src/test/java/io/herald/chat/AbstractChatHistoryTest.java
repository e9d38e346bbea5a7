package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ChatHistory} meets; a back-end's test extends this and says how to create one
 * (empty, keeping {@code maxPerChannel} messages per channel).
 */
abstract class AbstractChatHistoryTest {

    /** A new, empty history that keeps at most {@code maxPerChannel} messages per channel. */
    protected abstract ChatHistory create(int maxPerChannel);


    protected static ChatMessage msg(long id, String channel) {
        return new ChatMessage(id, channel, "-1", "user1", "user1", "m" + id, null, false);
    }

    private static List<Long> ids(List<ChatMessage> list) {
        return list.stream().map(ChatMessage::getId).toList();
    }

    @Test
    void mergesChannelsSortedById() {
        ChatHistory h = create(1000);
        h.add(msg(1, "a"));
        h.add(msg(2, "b"));
        h.add(msg(3, "a"));
        h.add(msg(4, "c"));
        h.add(msg(5, "b"));
        assertThat(ids(h.getHistory(List.of("a", "b"), null, null))).containsExactly(1L, 2L, 3L, 5L);
        assertThat(ids(h.getHistory(List.of("b", "a", "b"), null, null))).containsExactly(1L, 2L, 3L, 5L);
        assertThat(h.getHistory(List.of("unknown"), null, null)).isEmpty();
        assertThat(h.getHistory(List.of(), null, null)).isEmpty();
    }

    @Test
    void afterIdAndTakeApplyPerChannel() {
        ChatHistory h = create(1000);
        for (long i = 1; i <= 10; i++) {
            h.add(msg(i, i % 2 == 0 ? "even" : "odd"));
        }
        assertThat(ids(h.getHistory(List.of("even", "odd"), 6L, null))).containsExactly(7L, 8L, 9L, 10L);
        assertThat(ids(h.getHistory(List.of("even", "odd"), null, 2))).containsExactly(7L, 8L, 9L, 10L);
        assertThat(ids(h.getHistory(List.of("even"), 2L, 2))).containsExactly(8L, 10L);
        assertThat(h.getHistory(List.of("even"), null, 0)).isEmpty();
        assertThatThrownBy(() -> h.getHistory(List.of("even"), null, -1)).hasMessageContaining("take must be >= 0: -1");
    }

    @Test
    void defaultTakeIs100() {
        ChatHistory h = create(1000);
        for (long i = 1; i <= 150; i++) {
            h.add(msg(i, "a"));
        }
        List<ChatMessage> got = h.getHistory(List.of("a"), null, null);
        assertThat(got).hasSize(100);
        assertThat(got.get(0).getId()).isEqualTo(51);
    }

    @Test
    void keepsOnlyTheNewestPerChannel() {
        ChatHistory h = create(3);
        for (long i = 1; i <= 5; i++) {
            h.add(msg(i, "a"));
        }
        h.add(msg(6, "b"));
        assertThat(ids(h.getHistory(List.of("a", "b"), null, 100))).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void clearForgetsEverything() {
        ChatHistory h = create(1000);
        h.add(msg(1, "a"));
        h.clear();
        assertThat(h.getHistory(List.of("a"), null, null)).isEmpty();
    }

    @Test
    void rejectsMessagesWithoutChannel() {
        assertThatThrownBy(() -> create(10).add(msg(1, null))).hasMessageContaining("has no channel");
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ChatHistory h = create(100_000);
        AtomicLong seq = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String channel = "c" + (t % 2);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        h.add(msg(seq.incrementAndGet(), channel));
                        h.getHistory(List.of("c0", "c1"), null, 5);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<ChatMessage> all = h.getHistory(List.of("c0", "c1"), null, 100_000);
        assertThat(all).hasSize(8000);
        assertThat(ids(all)).isSorted().doesNotHaveDuplicates();
    }
}
