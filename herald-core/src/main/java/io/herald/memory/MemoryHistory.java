package io.herald.memory;

import io.herald.spi.Address;
import io.herald.spi.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent events of each address (a channel, everyone, a user id, a user name, a session), kept so a client
 * that reconnects can be given what it missed.
 *
 * <p>Each address keeps at most {@code maxPerAddress} events and none older than {@code maxAgeMillis}. For
 * every address the history knows the newest event it has dropped, so it can tell whether a position is still
 * fully covered or whether something in between is gone.
 *
 * <p>Not thread-safe: {@link MemoryBroker} calls it under its publish lock, which also orders it with ids.
 */
final class MemoryHistory {

    private record Entry(Event event, long timeMillis, int bytes) {
    }

    /** What {@link #since} found: the events, and whether no event after the position was dropped. */
    record Found(List<Event> events, boolean nothingDropped) {
    }

    private static final class Log {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long droppedUpTo; // newest event id no longer held (0: nothing dropped)
    }

    private final int maxPerAddress;
    private final long maxAgeMillis;
    private final Map<Address, Log> logs = new HashMap<>();
    private long droppedLogsUpTo; // newest event id of logs dropped entirely
    private long entries;
    private long bytes;

    MemoryHistory(int maxPerAddress, long maxAgeMillis) {
        this.maxPerAddress = maxPerAddress;
        this.maxAgeMillis = maxAgeMillis;
    }

    boolean enabled() {
        return maxPerAddress > 0;
    }

    /** Keeps an event under each of its message's addresses. */
    void append(Event event, long now) {
        if (maxPerAddress <= 0) {
            return;
        }
        int size = event.message().body().length() + event.message().selector().length();
        for (Address address : event.message().addresses()) {
            Log log = logs.computeIfAbsent(address, k -> new Log());
            log.entries.addLast(new Entry(event, now, size));
            entries++;
            bytes += size;
            while (log.entries.size() > maxPerAddress) {
                drop(log);
            }
            trimByAge(log, now);
        }
    }

    private void drop(Log log) {
        Entry e = log.entries.removeFirst();
        log.droppedUpTo = Math.max(log.droppedUpTo, e.event().id());
        entries--;
        bytes -= e.bytes();
    }

    private void trimByAge(Log log, long now) {
        while (!log.entries.isEmpty() && now - log.entries.peekFirst().timeMillis() > maxAgeMillis) {
            drop(log);
        }
    }

    /** Drops expired events everywhere and forgets addresses with nothing left. */
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

    /** Events of {@code addresses} after {@code afterId}, each once, oldest first. */
    Found since(Collection<Address> addresses, long afterId, long now) {
        TreeMap<Long, Event> out = new TreeMap<>(); // an event to several channels is kept under each
        boolean nothingDropped = true;
        for (Address address : addresses) {
            Log log = logs.get(address);
            if (log == null) {
                nothingDropped &= afterId >= droppedLogsUpTo;
                continue;
            }
            trimByAge(log, now);
            nothingDropped &= afterId >= log.droppedUpTo;
            for (Entry e : log.entries) {
                if (e.event().id() > afterId) {
                    out.putIfAbsent(e.event().id(), e.event());
                }
            }
        }
        return new Found(new ArrayList<>(out.values()), nothingDropped);
    }

    long entryCount() {
        return entries;
    }

    long byteCount() {
        return bytes;
    }
}
