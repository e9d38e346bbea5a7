package io.herald.chat;

import java.util.List;

/**
 * Stores public chat messages per channel so a page can replay them after connecting.
 *
 * <p>Implementations are thread-safe. Private messages are never stored.
 */
public interface ChatHistory {

    /** Appends a message to its channel's history (dropping the oldest beyond the retention limit). */
    void add(ChatMessage message);

    /**
     * For each channel, its newest {@code take} messages with an id greater than {@code afterId}, merged and
     * sorted by id.
     *
     * @param channels  the channels to read; unknown channels contribute nothing
     * @param afterId   lower bound (exclusive), or null for none
     * @param take      per-channel limit, or null for {@link GetChatHistory#DEFAULT_TAKE}; must be >= 0
     */
    List<ChatMessage> getHistory(List<String> channels, Long afterId, Integer take);

    /** Forgets every message. */
    void clear();
}
