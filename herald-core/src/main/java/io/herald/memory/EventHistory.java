package io.herald.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recent events of each channel (and of each user, user name and session, and of "everyone"),
 * kept so a client that reconnects can be given what it missed.
 *
 * <p>Each key keeps at most {@code maxPerKey} events and none older than {@code maxAgeMillis}. For every
 * key the history knows the newest event it has dropped, so it can tell whether a position is still
 * fully covered ({@link Replay#recovered()}) or whether something in between is gone.
 *
 * <p>Not thread-safe: the memory back-end calls it under its publish lock, which also orders it with
 * event ids.
 */
final class EventHistory {

    /** One stored event. {@code channelFilter} limits who may receive it (null: no limit). */
    record Entry(long eventId, long timeMillis, byte[] data, String channelFilter) {
    }

    /** What a resuming stream gets: the events after its position, and whether that is all of them. */
    record Replay(List<Entry> entries, boolean recovered) {
    }

    private static final class Log {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long droppedUpTo; // newest event id no longer held (0: nothing dropped)
    }

    private final int maxPerKey;
    private final long maxAgeMillis;
    private final Map<String, Log> logs = new HashMap<>();
    private long droppedLogsUpTo; // newest event id of logs dropped entirely
    private long entries;
    private long bytes;

    EventHistory(int maxPerKey, long maxAgeMillis) {
        this.maxPerKey = maxPerKey;
        this.maxAgeMillis = maxAgeMillis;
    }

    boolean enabled() {
        return maxPerKey > 0;
    }

    void append(String key, long eventId, long now, byte[] data, String channelFilter) {
        if (maxPerKey <= 0) {
            return;
        }
        Log log = logs.computeIfAbsent(key, k -> new Log());
        log.entries.addLast(new Entry(eventId, now, data, channelFilter));
        entries++;
        bytes += data.length;
        while (log.entries.size() > maxPerKey) {
            drop(log);
        }
        trimByAge(log, now);
    }

    private void drop(Log log) {
        Entry e = log.entries.removeFirst();
        log.droppedUpTo = Math.max(log.droppedUpTo, e.eventId());
        entries--;
        bytes -= e.data().length;
    }

    private void trimByAge(Log log, long now) {
        while (!log.entries.isEmpty() && now - log.entries.peekFirst().timeMillis() > maxAgeMillis) {
            drop(log);
        }
    }

    /** Drops expired events everywhere and forgets keys with nothing left. */
    void expire(long now) {
        for (Iterator<Log> it = logs.values().iterator(); it.hasNext(); ) {
            Log log = it.next();
            trimByAge(log, now);
            if (log.entries.isEmpty()) {
                droppedLogsUpTo = Math.max(droppedLogsUpTo, log.droppedUpTo);
                it.remove();
            }
        }
    }

    /**
     * Events of {@code keys} after {@code afterId}, oldest first, skipping those whose
     * channel filter {@code channels} does not contain.
     */
    Replay since(Set<String> keys, long afterId, Set<String> channels, long now) {
        List<Entry> out = new ArrayList<>();
        boolean recovered = true;
        for (String key : keys) {
            Log log = logs.get(key);
            if (log == null) {
                recovered &= afterId >= droppedLogsUpTo;
                continue;
            }
            trimByAge(log, now);
            recovered &= afterId >= log.droppedUpTo;
            for (Entry e : log.entries) {
                if (e.eventId() > afterId && (e.channelFilter() == null || channels.contains(e.channelFilter()))) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparingLong(Entry::eventId)); // each event is kept under one key only
        return new Replay(out, recovered);
    }

    void clear() {
        for (Log log : logs.values()) {
            droppedLogsUpTo = Math.max(droppedLogsUpTo, log.entries.isEmpty() ? log.droppedUpTo
                    : log.entries.peekLast().eventId());
        }
        logs.clear();
        entries = 0;
        bytes = 0;
    }

    long entryCount() {
        return entries;
    }

    long byteCount() {
        return bytes;
    }
}
