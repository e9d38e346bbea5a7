package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryChatHistoryTest extends AbstractChatHistoryTest {

    @Override
    protected ChatHistory create(int maxPerChannel) {
        return new MemoryChatHistory(maxPerChannel);
    }

    @Test
    void rejectsBadLimits() {
        assertThatThrownBy(() -> new MemoryChatHistory(0)).hasMessageContaining("maxPerChannel must be >= 1: 0");
    }

    @Test
    void defaultConstructorKeepsTheDefaultLimit() {
        ChatHistory h = new MemoryChatHistory();
        for (long i = 1; i <= MemoryChatHistory.DEFAULT_MAX_PER_CHANNEL + 5; i++) {
            h.add(msg(i, "a"));
        }
        assertThat(h.getHistory(List.of("a"), null, Integer.MAX_VALUE))
                .hasSize(MemoryChatHistory.DEFAULT_MAX_PER_CHANNEL);
    }
}
