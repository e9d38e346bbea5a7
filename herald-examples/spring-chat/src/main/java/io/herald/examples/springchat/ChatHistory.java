package io.herald.examples.springchat;

import java.util.List;

/** Public chat messages per channel, replayed by a page after it connects. Thread-safe. */
public interface ChatHistory {

    /** Messages per channel a page gets when it does not ask for a number. */
    int DEFAULT_TAKE = 100;

    /** Keeps a public message (the oldest of its channel go beyond the limit). */
    void add(ChatMessage message);

    /** Each channel's newest {@code take} messages with an id above {@code afterId} (if given), sorted by id. */
    List<ChatMessage> get(List<String> channels, Long afterId, int take);
}
