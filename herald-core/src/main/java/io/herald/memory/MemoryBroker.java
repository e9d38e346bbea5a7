package io.herald.memory;

import io.herald.ServerEventsOptions;
import io.herald.Statistic;
import io.herald.spi.Address;
import io.herald.spi.Broker;
import io.herald.spi.Control;
import io.herald.spi.Event;
import io.herald.spi.History;
import io.herald.spi.Message;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process {@link Broker}: one node, so publishing is taking the next id, keeping the message in history
 * and handing it to the node, all under one lock, on the publisher's thread.
 *
 * <p>Ids are times in microseconds (the clock's milliseconds times 1000), or one more than the last id when
 * events come faster than that: unique and increasing, and a restarted process never reuses an id an old
 * client may still hold, so a resume position from an earlier run is recognised as not covered.
 *
 * <p>Thread-safe. Nothing here blocks on I/O.
 */
public final class MemoryBroker implements Broker {

    private final Clock clock;
    private final Object lock = new Object();
    private final MemoryHistory history; // guarded by lock
    private final long firstId;
    private long lastId; // guarded by lock
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private volatile Listener listener;

    /** Keeps {@code options.historySize()} events per address for {@code options.historyRetention()}. */
    public MemoryBroker(ServerEventsOptions options) {
        Objects.requireNonNull(options, "options");
        this.clock = options.clock();
        this.history = new MemoryHistory(options.historySize(), options.historyRetention().toMillis());
        this.firstId = clock.millis() * 1000;
        this.lastId = firstId;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public boolean isDistributed() {
        return false;
    }

    @Override
    public void start(Listener listener) {
        synchronized (lock) {
            this.listener = Objects.requireNonNull(listener, "listener");
            listener.onSubscribed(lastId);
        }
    }

    @Override
    public long publish(Message message) {
        synchronized (lock) {
            long id = lastId = Math.max(lastId + 1, clock.millis() * 1000);
            Event event = new Event(id, message);
            if (message.kept()) {
                history.append(event, clock.millis());
            }
            Listener l = listener;
            if (l != null) {
                l.onEvent(event); // under the lock: the node sees events in id order
            }
            return id;
        }
    }

    @Override
    public void control(Control control) {
        Listener l = listener;
        if (l != null) {
            l.onControl(control);
        }
    }

    @Override
    public History history(Collection<Address> addresses, long afterId) {
        synchronized (lock) {
            MemoryHistory.Found found = history.since(addresses, afterId, clock.millis());
            // a position before this process started, or one it never handed out, cannot be vouched for
            boolean complete = history.enabled() && found.nothingDropped() && afterId >= firstId && afterId <= lastId;
            return new History(found.events(), complete);
        }
    }

    @Override
    public long position() {
        synchronized (lock) {
            return lastId;
        }
    }

    @Override
    public long nextSequence(String name) {
        Objects.requireNonNull(name, "name");
        return sequences.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void houseKeeping() {
        synchronized (lock) {
            history.expire(clock.millis());
        }
    }

    @Override
    public List<Statistic> statistics() {
        synchronized (lock) {
            return List.of(Statistic.of("historyEvents", history.entryCount()),
                    Statistic.of("historyBytes", history.byteCount()));
        }
    }

    @Override
    public void stop() {
        listener = null;
    }

    @Override
    public void close() {
        stop();
    }
}
