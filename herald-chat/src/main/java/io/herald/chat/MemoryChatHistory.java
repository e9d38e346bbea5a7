package io.herald.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ChatHistory} in memory: the newest {@code maxPerChannel} messages of each channel. Each channel's
 * buffer has its own lock, so writers of different channels never contend.
 */
public final class MemoryChatHistory implements ChatHistory {

    /** Messages kept per channel by the no-argument constructor. */
    public static final int DEFAULT_MAX_PER_CHANNEL = 1000;

    private final int maxPerChannel;
    private final Map<String, Deque<ChatMessage>> byChannel = new ConcurrentHashMap<>();

    public MemoryChatHistory() {
        this(DEFAULT_MAX_PER_CHANNEL);
    }

    /**
     * @param maxPerChannel messages kept per channel, at least 1
     */
    public MemoryChatHistory(int maxPerChannel) {
        if (maxPerChannel < 1) {
            throw new IllegalArgumentException("maxPerChannel must be >= 1: " + maxPerChannel);
        }
        this.maxPerChannel = maxPerChannel;
    }

    @Override
    public void add(ChatMessage message) {
        if (message.getChannel() == null) {
            throw new IllegalArgumentException("ChatMessage " + message.getId() + " has no channel");
        }
        Deque<ChatMessage> deque = byChannel.computeIfAbsent(message.getChannel(), c -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addLast(message);
            while (deque.size() > maxPerChannel) {
                deque.removeFirst();
            }
        }
    }

    @Override
    public List<ChatMessage> getHistory(List<String> channels, Long afterId, Integer take) {
        int limit = take == null ? GetChatHistory.DEFAULT_TAKE : take;
        if (limit < 0) {
            throw new IllegalArgumentException("take must be >= 0: " + limit);
        }
        List<ChatMessage> result = new ArrayList<>();
        for (String channel : new LinkedHashSet<>(channels)) {
            Deque<ChatMessage> deque = byChannel.get(channel);
            if (deque == null) {
                continue;
            }
            List<ChatMessage> newest = new ArrayList<>();
            synchronized (deque) {
                // walk from the newest end: stop once we have enough or reach afterId
                for (Iterator<ChatMessage> it = deque.descendingIterator(); it.hasNext() && newest.size() < limit; ) {
                    ChatMessage m = it.next();
                    if (afterId != null && m.getId() <= afterId) {
                        continue;
                    }
                    newest.add(m);
                }
            }
            result.addAll(newest);
        }
        result.sort(Comparator.comparingLong(ChatMessage::getId));
        return result;
    }

    @Override
    public void clear() {
        byChannel.clear();
    }
}
