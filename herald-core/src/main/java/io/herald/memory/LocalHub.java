package io.herald.memory;

import io.herald.EventSubscription;
import io.herald.ServerEventsHooks;
import io.herald.http.EventSink;
import io.herald.internal.Frames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams held by this process and the fan-out that writes events to them. Used by every back-end:
 * {@link MemoryServerEvents} feeds it directly, a distributed back-end feeds it what arrives from other
 * servers.
 *
 * <h2>How a message travels</h2>
 * Streams are grouped into shards, one per I/O thread ({@link EventSink#executor()}). A delivery is
 * encoded once by the caller and put on each shard's queue (for a channel or everyone) or on the queues
 * of the shards that hold its targets. Each shard drains its queue on its own thread, looks the
 * recipients up in its own channel index (touched by that thread only, so no locks on the fan-out
 * path), appends the shared bytes to each stream and flushes every stream it touched once at the end of
 * the batch.
 *
 * <h2>Ordering</h2>
 * Registrations, channel changes, removals and deliveries go through the same per-shard queue, so a
 * stream sees them in the order they were submitted. Callers must submit deliveries in increasing event
 * id order (the back-end does this under its publish lock), which makes event ids strictly increase on
 * every stream.
 *
 * <h2>Slow streams</h2>
 * After each batch, a stream whose socket has more than {@code maxQueuedBytes} or
 * {@code maxQueuedFrames} waiting is closed and reported to {@link Listener#onEvicted}; nobody else
 * waits for it.
 *
 * <p>Thread-safe.
 */
public final class LocalHub {

    private static final Logger log = LoggerFactory.getLogger(LocalHub.class);

    /** Most items a shard handles before it flushes and yields its thread. */
    private static final int BATCH = 1024;

    /** What the hub reports back to its back-end. Called on I/O threads: hand the work off. */
    public interface Listener {
        /** A stream overflowed its outbound bounds and was closed. */
        void onEvicted(EventSubscription subscription, String reason);

        /** A stream closed (client went away, or a write failed). */
        void onClosed(EventSubscription subscription);
    }

    private final long maxQueuedBytes;
    private final int maxQueuedFrames;
    private final ServerEventsHooks hooks;
    private final Listener listener;
    private final Map<Executor, Shard> shards = new ConcurrentHashMap<>();
    private volatile Shard[] shardArray = new Shard[0];
    private final Map<EventSubscription, Conn> conns = new ConcurrentHashMap<>();
    final LongAdder evictions = new LongAdder();

    public LocalHub(long maxQueuedBytes, int maxQueuedFrames, ServerEventsHooks hooks, Listener listener) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.maxQueuedFrames = maxQueuedFrames;
        this.hooks = hooks;
        this.listener = listener;
    }

    /** Frames written to streams so far. */
    public long deliveries() {
        long sum = 0;
        for (Shard shard : shardArray) {
            sum += shard.deliveries; // each shard counts its own, uncontended; a racy read is fine here
        }
        return sum;
    }

    /** Streams closed for being too slow so far. */
    public long evictions() {
        return evictions.sum();
    }

    /** Streams currently held. */
    public int size() {
        return conns.size();
    }

    /** An event written to a stream as it joins the hub, before any live delivery. */
    public record Frame(long eventId, byte[] data) {
    }

    /** Starts delivering to a stream. Deliveries submitted after this call reach it. */
    public void add(EventSubscription sub) {
        add(sub, List.of());
    }

    /**
     * Starts delivering to a stream, writing {@code initial} to it first (e.g. {@code cmd.onConnect} and
     * the events a resuming client missed). Deliveries submitted after this call follow them.
     */
    public void add(EventSubscription sub, List<Frame> initial) {
        add(sub, initial, false);
    }

    /**
     * As {@link #add(EventSubscription, List)}; with {@code resuming}, live deliveries are held back until
     * {@link #resumed} hands over the events the stream missed, so they can be merged without gaps or
     * duplicates (for back-ends that read history without stopping deliveries).
     */
    public void add(EventSubscription sub, List<Frame> initial, boolean resuming) {
        Shard shard = shardFor(sub.sink().executor());
        Conn conn = new Conn(sub, shard);
        conn.held = resuming ? new ArrayList<>() : null;
        if (conns.putIfAbsent(sub, conn) != null) {
            throw new IllegalStateException("Subscription " + sub.id() + " is already registered");
        }
        shard.submit(new Add(conn, List.copyOf(initial)));
        sub.sink().onClose(() -> {
            if (!conn.gone) {
                listener.onClosed(sub);
            }
        });
    }

    /**
     * Stops delivering to a stream. Deliveries submitted before this call still reach it.
     *
     * @param closeStream whether to end the HTTP response as well
     */
    public void remove(EventSubscription sub, boolean closeStream) {
        Conn conn = conns.remove(sub);
        if (conn != null) {
            conn.shard.submit(new Remove(conn, closeStream));
        }
    }

    /**
     * Ends the hold of a stream added with {@code resuming}: writes {@code replayed} (oldest first), then
     * {@code last} (e.g. {@code cmd.onResume}), then the live deliveries held meanwhile whose ids are
     * greater than the last replayed one.
     */
    public void resumed(EventSubscription sub, List<Frame> replayed, Frame last) {
        Conn conn = conns.get(sub);
        if (conn != null) {
            conn.shard.submit(new Resumed(conn, List.copyOf(replayed), last));
        }
    }

    /** Tells the hub a stream's channel list changed (after {@link EventSubscription#addChannels} etc.). */
    public void channelsChanged(EventSubscription sub, List<String> added, List<String> removed) {
        Conn conn = conns.get(sub);
        if (conn != null && (!added.isEmpty() || !removed.isEmpty())) {
            conn.shard.submit(new ChannelChange(conn, List.copyOf(added), List.copyOf(removed)));
        }
    }

    /** Delivers {@code data} to every stream listening to {@code channel}. */
    public void deliverToChannel(long eventId, String channel, byte[] data) {
        Delivery d = new Delivery(eventId, Delivery.CHANNEL, channel, null, data, true);
        for (Shard shard : shardArray) {
            shard.submit(d);
        }
    }

    /** Delivers {@code data} to every stream (listening to {@code channelFilter}, when not null). */
    public void deliverToAll(long eventId, String channelFilter, byte[] data) {
        Delivery d = new Delivery(eventId, Delivery.ALL, channelFilter, null, data, true);
        for (Shard shard : shardArray) {
            shard.submit(d);
        }
    }

    /** Delivers {@code data} to the given streams (those this hub does not hold are skipped). */
    public void deliverTo(long eventId, Collection<EventSubscription> targets, byte[] data) {
        deliverTo(eventId, targets, data, false);
    }

    /**
     * As {@link #deliverTo(long, Collection, byte[])}; {@code replayable} marks an event that history
     * also keeps, which a stream that just resumed skips if the replay already gave it.
     */
    public void deliverTo(long eventId, Collection<EventSubscription> targets, byte[] data, boolean replayable) {
        if (targets.size() == 1) {
            Conn conn = conns.get(targets.iterator().next());
            if (conn != null) {
                conn.shard.submit(new Delivery(eventId, Delivery.TARGETS, null, List.of(conn), data, replayable));
            }
            return;
        }
        Map<Shard, List<Conn>> byShard = new IdentityHashMap<>();
        for (EventSubscription sub : targets) {
            Conn conn = conns.get(sub);
            if (conn != null) {
                byShard.computeIfAbsent(conn.shard, s -> new ArrayList<>()).add(conn);
            }
        }
        byShard.forEach((shard, list) -> shard.submit(new Delivery(eventId, Delivery.TARGETS, null, list, data,
                replayable)));
    }

    /** Writes the bare {@code "\n"} keep-alive (no id) to every member of {@code channels} except {@code except}. */
    public void nopToChannels(List<String> channels, EventSubscription except) {
        Conn skip = except == null ? null : conns.get(except);
        for (Shard shard : shardArray) {
            shard.submit(new Nop(List.copyOf(channels), skip));
        }
    }

    /** Forgets every stream without closing it (ServiceStack's {@code Reset}). */
    public void forgetAll() {
        conns.values().forEach(c -> c.gone = true);
        conns.clear();
        for (Shard shard : shardArray) {
            shard.submit(Clear.FORGET);
        }
    }

    /** Closes every stream and forgets it. */
    public void closeAll() {
        conns.values().forEach(c -> c.gone = true);
        conns.clear();
        for (Shard shard : shardArray) {
            shard.submit(Clear.CLOSE);
        }
    }

    private Shard shardFor(Executor executor) {
        Shard shard = shards.get(executor);
        if (shard != null) {
            return shard;
        }
        synchronized (shards) {
            shard = shards.get(executor);
            if (shard == null) {
                shard = new Shard(executor);
                shards.put(executor, shard);
                Shard[] next = new Shard[shardArray.length + 1];
                System.arraycopy(shardArray, 0, next, 0, shardArray.length);
                next[shardArray.length] = shard;
                shardArray = next;
            }
            return shard;
        }
    }

    // ---- shard work items ------------------------------------------------------------------------

    /** One held stream, as its shard sees it. Fields other than {@code gone} are touched by the shard only. */
    private static final class Conn {
        final EventSubscription sub;
        final EventSink sink;
        final Shard shard;
        boolean indexed;
        boolean touched;
        List<Delivery> held; // live deliveries held back while resuming; null otherwise
        long replayedUpTo = Long.MIN_VALUE; // replayable deliveries up to this id came with the replay
        volatile boolean gone;

        Conn(EventSubscription sub, Shard shard) {
            this.sub = sub;
            this.sink = sub.sink();
            this.shard = shard;
        }
    }

    private record Add(Conn conn, List<Frame> initial) {
    }

    private record Remove(Conn conn, boolean closeStream) {
    }

    private record Resumed(Conn conn, List<Frame> replayed, Frame last) {
    }

    private record ChannelChange(Conn conn, List<String> added, List<String> removed) {
    }

    private record Nop(List<String> channels, Conn except) {
    }

    private enum Clear { FORGET, CLOSE }

    private static final class Delivery {
        static final byte CHANNEL = 0;
        static final byte ALL = 1;
        static final byte TARGETS = 2;
        final long eventId;
        final byte kind;
        final String channel; // the channel, or the filter for ALL
        final List<Conn> targets;
        final byte[] data;
        final boolean replayable;

        Delivery(long eventId, byte kind, String channel, List<Conn> targets, byte[] data, boolean replayable) {
            this.eventId = eventId;
            this.kind = kind;
            this.channel = channel;
            this.targets = targets;
            this.data = data;
            this.replayable = replayable;
        }
    }

    /** The streams of one I/O thread and the queue of work for them. */
    private final class Shard implements Runnable {
        private final Executor executor;
        private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        // Touched only on executor's thread:
        private final Map<String, Set<Conn>> byChannel = new HashMap<>();
        private final Set<Conn> all = new LinkedHashSet<>();
        private final List<Conn> touched = new ArrayList<>();
        /** Frames this shard wrote; written by its thread only, read racily for statistics. */
        long deliveries;

        Shard(Executor executor) {
            this.executor = executor;
        }

        void submit(Object item) {
            queue.add(item);
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this);
                } catch (RuntimeException e) { // executor shut down: nothing left to write to
                    scheduled.set(false);
                    log.debug("I/O thread rejected Herald work: {}", e.toString());
                }
            }
        }

        @Override
        public void run() {
            try {
                Object item;
                int n = 0;
                while (n++ < BATCH && (item = queue.poll()) != null) {
                    try {
                        apply(item);
                    } catch (RuntimeException e) {
                        log.error("Herald fan-out failed on {}", item, e);
                    }
                }
                flushTouched();
            } finally {
                scheduled.set(false);
                if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                    executor.execute(this);
                }
            }
        }

        private void apply(Object item) {
            if (item instanceof Delivery d) {
                deliver(d);
            } else if (item instanceof Add a) {
                if (!a.conn.gone && a.conn.sink.isOpen()) {
                    for (Frame f : a.initial) {
                        a.conn.sink.write(f.eventId(), f.data());
                        deliveries++;
                    }
                    if (!a.initial.isEmpty()) {
                        touch(a.conn);
                    }
                }
                index(a.conn);
            } else if (item instanceof Remove r) {
                unindex(r.conn);
                r.conn.gone = true;
                if (r.closeStream) {
                    if (r.conn.touched) {
                        r.conn.sink.flush();
                    }
                    r.conn.sink.close();
                }
            } else if (item instanceof Resumed r) {
                finishResume(r);
            } else if (item instanceof ChannelChange c) {
                if (c.conn.indexed) {
                    for (String ch : c.removed) {
                        unindexChannel(c.conn, ch);
                    }
                    for (String ch : c.added) {
                        byChannel.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(c.conn);
                    }
                }
            } else if (item instanceof Nop nop) {
                for (String ch : nop.channels) {
                    Set<Conn> members = byChannel.get(ch);
                    if (members != null) {
                        for (Conn conn : members) {
                            if (conn != nop.except && conn.sink.isOpen()) {
                                conn.sink.writeRaw(Frames.NOP);
                                touch(conn);
                            }
                        }
                    }
                }
            } else if (item == Clear.FORGET || item == Clear.CLOSE) {
                for (Conn conn : all) {
                    conn.indexed = false;
                    if (item == Clear.CLOSE) {
                        conn.sink.close();
                    }
                }
                all.clear();
                byChannel.clear();
            }
        }

        private void finishResume(Resumed r) {
            Conn conn = r.conn;
            List<Delivery> held = conn.held;
            conn.held = null;
            if (held == null || conn.gone || !conn.sink.isOpen()) {
                return;
            }
            long upTo = Long.MIN_VALUE;
            for (Frame f : r.replayed) {
                conn.sink.write(f.eventId(), f.data());
                upTo = Math.max(upTo, f.eventId());
            }
            conn.sink.write(r.last.eventId(), r.last.data());
            // Deliveries still on their way here may hold events the replay (read from shared history)
            // already gave: skip those from now on, not just among the held ones.
            conn.replayedUpTo = upTo;
            for (Delivery d : held) {
                if (!d.replayable || d.eventId > upTo) {
                    conn.sink.write(d.eventId, d.data);
                }
            }
            deliveries += r.replayed.size() + 1L + held.size();
            touch(conn);
        }

        private void index(Conn conn) {
            if (conn.gone) {
                return; // removed before its registration reached this thread
            }
            conn.indexed = true;
            all.add(conn);
            for (String ch : conn.sub.channels()) {
                byChannel.computeIfAbsent(ch, k -> new LinkedHashSet<>()).add(conn);
            }
        }

        private void unindex(Conn conn) {
            if (!conn.indexed) {
                return;
            }
            conn.indexed = false;
            all.remove(conn);
            for (String ch : conn.sub.channels()) {
                unindexChannel(conn, ch);
            }
        }

        private void unindexChannel(Conn conn, String ch) {
            Set<Conn> members = byChannel.get(ch);
            if (members != null && members.remove(conn) && members.isEmpty()) {
                byChannel.remove(ch);
            }
        }

        private void deliver(Delivery d) {
            switch (d.kind) {
                case Delivery.CHANNEL -> {
                    Set<Conn> members = byChannel.get(d.channel);
                    if (members != null) {
                        for (Conn conn : members) {
                            write(conn, d);
                        }
                    }
                }
                case Delivery.ALL -> {
                    for (Conn conn : all) {
                        if (d.channel == null || conn.sub.hasChannel(d.channel)) {
                            write(conn, d);
                        }
                    }
                }
                default -> {
                    for (Conn conn : d.targets) {
                        if (conn.indexed) {
                            write(conn, d);
                        }
                    }
                }
            }
        }

        private void write(Conn conn, Delivery d) {
            EventSink sink = conn.sink;
            if (!sink.isOpen()) {
                return;
            }
            if (d.replayable && d.eventId <= conn.replayedUpTo) {
                return;
            }
            if (conn.held != null) {
                if (conn.held.size() >= maxQueuedFrames) {
                    evict(conn, 0, conn.held.size());
                } else {
                    conn.held.add(d);
                }
                return;
            }
            sink.write(d.eventId, d.data);
            deliveries++;
            touch(conn);
            ServerEventsHooks.PublishHook hook = hooks.publishHook();
            if (hook != null) {
                String text = new String(d.data, StandardCharsets.UTF_8);
                try {
                    hook.onPublish(conn.sub, d.eventId, text.substring("data: ".length(), text.length() - 2));
                } catch (RuntimeException e) {
                    hooks.error(conn.sub, e);
                }
            }
        }

        private void touch(Conn conn) {
            if (!conn.touched) {
                conn.touched = true;
                touched.add(conn);
            }
        }

        private void flushTouched() {
            for (int i = 0; i < touched.size(); i++) {
                Conn conn = touched.get(i);
                conn.touched = false;
                EventSink sink = conn.sink;
                if (!sink.isOpen()) {
                    continue;
                }
                sink.flush();
                long bytes = sink.pendingBytes();
                int frames = sink.pendingFrames();
                if (conn.indexed && (bytes > maxQueuedBytes || frames > maxQueuedFrames)) {
                    evict(conn, bytes, frames);
                }
            }
            touched.clear();
        }

        private void evict(Conn conn, long bytes, int frames) {
            unindex(conn);
            conn.gone = true;
            conns.remove(conn.sub, conn);
            evictions.increment();
            String reason = "too slow: " + bytes + " bytes / " + frames + " events waiting (limits "
                    + maxQueuedBytes + " / " + maxQueuedFrames + ")";
            conn.sink.close();
            listener.onEvicted(conn.sub, reason);
        }
    }
}
