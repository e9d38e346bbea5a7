package io.herald.examples.springchat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The history of one instance, in memory: the newest {@code limit} messages of each channel. */
final class MemoryChatHistory implements ChatHistory {

    private final int limit;
    private final Map<String, Deque<ChatMessage>> channels = new ConcurrentHashMap<>();

    MemoryChatHistory(int limit) {
        this.limit = limit;
    }

    @Override
    public void add(ChatMessage message) {
        Deque<ChatMessage> kept = channels.computeIfAbsent(message.channel(), c -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addLast(message);
            while (kept.size() > limit) {
                kept.removeFirst();
            }
        }
    }

    @Override
    public List<ChatMessage> get(List<String> names, Long afterId, int take) {
        List<ChatMessage> out = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            Deque<ChatMessage> kept = channels.get(name);
            if (kept == null) {
                continue;
            }
            synchronized (kept) {
                int n = 0;
                for (Iterator<ChatMessage> it = kept.descendingIterator(); it.hasNext() && n < take; ) {
                    ChatMessage m = it.next();
                    if (afterId == null || m.id() > afterId) {
                        out.add(m);
                        n++;
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(ChatMessage::id));
        return out;
    }
}
