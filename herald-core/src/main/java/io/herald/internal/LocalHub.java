package io.herald.internal;

import io.herald.EventSubscription;
import io.herald.ServerEventsHooks;
import io.herald.http.EventSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * The streams held by this process and the fan-out that writes events to them. The node feeds it every
 * event its broker delivers, and the replies that concern one stream.
 *
 * <h2>How a message travels</h2>
 * Streams are grouped into shards, one per I/O thread ({@link EventSink#executor()}). A delivery is
 * encoded once by the caller and put on each shard's queue (for channels or everyone) or on the queues
 * of the shards that hold its targets. Each shard drains its queue on its own thread, looks the
 * recipients up in its own channel index (touched by that thread only, so no locks on the fan-out
 * path), appends the shared bytes to each stream and flushes every stream it touched once at the end of
 * the batch.
 *
 * <h2>Ordering</h2>
 * Registrations, channel changes, removals and deliveries go through the same per-shard queue, so a
 * stream sees them in the order they were submitted. Callers submit deliveries in increasing event id
 * order (the node does this under its delivery lock), which makes ids never decrease on a stream.
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

    /** The event id of a {@link #reply}: written with the stream's newest id. */
    private static final long REPLY = Long.MIN_VALUE;

    /** What the hub reports back to its node. Called on I/O threads: hand the work off. */
    public interface Listener {
        /** A stream overflowed its outbound bounds and was closed. */
        void onEvicted(EventSubscription subscription, String reason);

        /** A stream closed (client went away, or a write failed). */
        void onClosed(EventSubscription subscription);
    }

    /**
     * An event written to a stream outside the live fan-out: a reply, or one replayed from history. With
     * {@link #RAW} as id, bytes written as they are (a {@code retry:} line).
     */
    public record Frame(long eventId, byte[] data) {
    }

    /** The id of a {@link Frame} whose bytes are written as they are, with no {@code id:} line. */
    public static final long RAW = Long.MIN_VALUE + 1;

    private final long maxQueuedBytes;
    private final int maxQueuedFrames;
    private final ServerEventsHooks hooks;
    private final Listener listener;
    private final Map<Executor, Shard> shards = new ConcurrentHashMap<>();
    private volatile Shard[] shardArray = new Shard[0];
    private final Map<EventSubscription, Conn> conns = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();

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

    /**
     * Starts delivering to a stream, writing {@code initial} to it first (e.g. {@code cmd.onConnect}).
     * Deliveries submitted after this call follow them. With {@code resuming}, live deliveries are held back
     * until {@link #resumed} hands over the events the stream missed, so both merge without gaps or duplicates.
     * With {@code standard}, the stream gets W3C-style named events instead of ServiceStack's frames.
     */
    public void add(EventSubscription sub, EventSink sink, List<Frame> initial, boolean resuming, boolean standard) {
        Shard shard = shardFor(sink.executor());
        Conn conn = new Conn(sub, sink, shard, standard);
        conn.held = resuming ? new ArrayList<>() : null;
        if (conns.putIfAbsent(sub, conn) != null) {
            throw new IllegalStateException("Subscription " + sub.id() + " is already registered");
        }
        shard.submit(new Add(conn, List.copyOf(initial)));
        sink.onClose(() -> {
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
     * Ends the hold of a stream added with {@code resuming}: writes {@code replayed} (with any held event
     * history does not keep whose id falls among them), then {@code onResume} with the id of the newest event
     * the stream now has ({@code after} if none), then the live deliveries held meanwhile. A held event the
     * replay gave, or at or below {@code after}, is skipped.
     */
    public void resumed(EventSubscription sub, long after, List<Frame> replayed, byte[] onResume) {
        Conn conn = conns.get(sub);
        if (conn != null) {
            conn.shard.submit(new Resumed(conn, after, List.copyOf(replayed), onResume));
        }
    }

    /** Tells the hub a stream's channel list changed. */
    public void channelsChanged(EventSubscription sub, List<String> added, List<String> removed) {
        Conn conn = conns.get(sub);
        if (conn != null && (!added.isEmpty() || !removed.isEmpty())) {
            conn.shard.submit(new ChannelChange(conn, List.copyOf(added), List.copyOf(removed)));
        }
    }

    /**
     * Delivers to every stream listening to any of {@code channels}, each stream once: a stream gets the frame
     * of the first of the channels it listens to ({@code frames.get(i)} belongs to {@code channels.get(i)}).
     *
     * @param replayable whether history keeps this event (a resuming stream skips it if the replay gave it)
     */
    public void deliverToChannels(long eventId, List<String> channels, List<byte[]> frames, Named named,
                                  boolean replayable) {
        Delivery d = new Delivery(eventId, Delivery.CHANNELS, null, channels.toArray(String[]::new),
                frames.toArray(byte[][]::new), named, null, replayable);
        for (Shard shard : shardArray) {
            shard.submit(d);
        }
    }

    /** Delivers {@code data} to every stream (listening to {@code channelFilter}, when not null). */
    public void deliverToAll(long eventId, String channelFilter, byte[] data, Named named) {
        Delivery d = new Delivery(eventId, Delivery.ALL, channelFilter, null, new byte[][] {data}, named, null, true);
        for (Shard shard : shardArray) {
            shard.submit(d);
        }
    }

    /**
     * Delivers {@code data} to the given streams (those this hub does not hold are skipped).
     *
     * @param replayable whether history keeps this event (a resuming stream skips it if the replay gave it)
     */
    public void deliverTo(long eventId, Collection<? extends EventSubscription> targets, byte[] data, Named named,
                          boolean replayable) {
        byte[][] frames = {data};
        if (targets.size() == 1) {
            Conn conn = conns.get(targets.iterator().next());
            if (conn != null) {
                conn.shard.submit(new Delivery(eventId, Delivery.TARGETS, null, null, frames, named, List.of(conn),
                        replayable));
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
        byShard.forEach((shard, list) -> shard.submit(new Delivery(eventId, Delivery.TARGETS, null, null, frames, named,
                list, replayable)));
    }

    /**
     * Writes a reply that concerns one stream only ({@code cmd.onHeartbeat}). A reply is not an event of the
     * back-end's order: it carries the id of the newest event the stream has, so the client's resume position
     * stays where it is. It does not wake the stream's I/O thread: it goes out with that thread's next batch, or
     * at the latest at the next {@link #flushReplies()} (a heartbeat costs what its HTTP request costs, no
     * hand-off to another thread).
     */
    public void reply(EventSubscription sub, byte[] data) {
        Conn conn = conns.get(sub);
        if (conn != null) {
            conn.shard.submitLazily(new Delivery(REPLY, Delivery.TARGETS, null, null, new byte[][] {data}, null,
                    List.of(conn), false));
        }
    }

    /** Sends replies still waiting for their thread's next batch; called every few tens of milliseconds. */
    public void flushReplies() {
        for (Shard shard : shardArray) {
            shard.wake();
        }
    }

    /**
     * Writes the keepalive comment to every stream that has written nothing for {@code silentNanos}, so
     * proxies keep the connection and a dead peer shows up as a failed write.
     */
    public void keepalive(long silentNanos) {
        for (Shard shard : shardArray) {
            shard.submit(new Keepalive(silentNanos));
        }
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

    /**
     * The selector and body of an event, for streams that want W3C-style named events: encoded lazily, the first
     * time such a stream gets it (most events have none).
     */
    public static final class Named {
        private final String selector;
        private final String body;
        private volatile byte[] frame;

        public Named(String selector, String body) {
            this.selector = selector;
            this.body = body;
        }

        byte[] frame() {
            byte[] f = frame;
            if (f == null) {
                frame = f = Frames.named(selector, body); // two shards may both encode it: same bytes
            }
            return f;
        }
    }

    /** One held stream, as its shard sees it. Fields other than {@code gone} are touched by the shard only. */
    private static final class Conn {
        final EventSubscription sub;
        final EventSink sink;
        final Shard shard;
        final boolean standard;
        long lastWriteNanos;
        boolean indexed;
        boolean touched;
        List<Delivery> held; // live deliveries held back while resuming; null otherwise
        long replayedUpTo = Long.MIN_VALUE; // replayable deliveries up to this id came with the replay
        long lastId = Long.MIN_VALUE; // the newest event id written
        Delivery lastChannelsDelivery; // a delivery to several channels reaches a stream once
        volatile boolean gone;

        Conn(EventSubscription sub, EventSink sink, Shard shard, boolean standard) {
            this.sub = sub;
            this.sink = sink;
            this.shard = shard;
            this.standard = standard;
        }
    }

    private record Add(Conn conn, List<Frame> initial) {
    }

    private record Remove(Conn conn, boolean closeStream) {
    }

    private record Resumed(Conn conn, long after, List<Frame> replayed, byte[] onResume) {
    }

    private record ChannelChange(Conn conn, List<String> added, List<String> removed) {
    }

    private record Nop(List<String> channels, Conn except) {
    }

    private record Keepalive(long silentNanos) {
    }

    private enum Clear { FORGET, CLOSE }

    private static final class Delivery {
        static final byte CHANNELS = 0;
        static final byte ALL = 1;
        static final byte TARGETS = 2;
        final long eventId;
        final byte kind;
        final String filter; // ALL only
        final String[] channels; // CHANNELS only
        final byte[][] frames; // one per channel for CHANNELS, else one
        final Named named; // null for replies, which are encoded for their stream's framing
        final List<Conn> targets;
        final boolean replayable;

        Delivery(long eventId, byte kind, String filter, String[] channels, byte[][] frames, Named named,
                 List<Conn> targets, boolean replayable) {
            this.eventId = eventId;
            this.kind = kind;
            this.filter = filter;
            this.channels = channels;
            this.frames = frames;
            this.named = named;
            this.targets = targets;
            this.replayable = replayable;
        }

        /** The frame for a stream: named for a standard stream; for channels, the one of the first it listens to. */
        byte[] frameFor(Conn conn) {
            if (conn.standard && named != null) {
                return named.frame();
            }
            if (frames.length == 1) {
                return frames[0];
            }
            for (int i = 0; i < channels.length; i++) {
                if (conn.sub.hasChannel(channels[i])) {
                    return frames[i];
                }
            }
            return frames[0];
        }

        @Override
        public String toString() {
            return "Delivery{" + eventId + ", kind " + kind + "}";
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
        /** System.nanoTime() when the current batch started: one clock read per batch, not per write. */
        private long now;

        Shard(Executor executor) {
            this.executor = executor;
        }

        void submit(Object item) {
            queue.add(item);
            schedule();
        }

        /** Queues an item without waking the thread: it runs with the next batch (or the next {@link #wake}). */
        void submitLazily(Object item) {
            queue.add(item);
        }

        /** Runs the queue if it holds anything and no run is scheduled. */
        void wake() {
            if (!queue.isEmpty()) {
                schedule();
            }
        }

        private void schedule() {
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
                now = System.nanoTime();
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
                        if (f.eventId() == RAW) {
                            a.conn.sink.writeRaw(f.data());
                        } else {
                            writeFrame(a.conn, f.eventId(), f.data());
                        }
                    }
                    a.conn.lastWriteNanos = now;
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
                                conn.lastWriteNanos = now;
                                touch(conn);
                            }
                        }
                    }
                }
            } else if (item instanceof Keepalive k) {
                for (Conn conn : all) {
                    if (now - conn.lastWriteNanos >= k.silentNanos && conn.sink.isOpen()) {
                        conn.sink.writeRaw(Frames.KEEPALIVE);
                        conn.lastWriteNanos = now;
                        touch(conn);
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

        private void writeFrame(Conn conn, long eventId, byte[] data) {
            conn.sink.write(eventId, data);
            conn.lastId = Math.max(conn.lastId, eventId);
            conn.lastWriteNanos = now;
            deliveries++;
        }

        private void finishResume(Resumed r) {
            Conn conn = r.conn;
            List<Delivery> held = conn.held;
            conn.held = null;
            if (held == null || conn.gone || !conn.sink.isOpen()) {
                return;
            }
            long upTo = Long.MIN_VALUE;
            List<Frame> merged = new ArrayList<>(r.replayed);
            for (Frame f : r.replayed) {
                upTo = Math.max(upTo, f.eventId());
            }
            // held events the replay's range covers: only those history does not keep (presence), in id order
            List<Delivery> later = new ArrayList<>(held.size());
            for (Delivery d : held) {
                if (d.eventId <= r.after) {
                    continue; // the client saw everything up to its position (on any server)
                }
                if (d.eventId > upTo) {
                    later.add(d);
                } else if (!d.replayable) {
                    merged.add(new Frame(d.eventId, d.frameFor(conn)));
                }
            }
            merged.sort(Comparator.comparingLong(Frame::eventId));
            for (Frame f : merged) {
                writeFrame(conn, f.eventId(), f.data());
            }
            writeFrame(conn, Math.max(r.after, conn.lastId), r.onResume);
            for (Delivery d : later) {
                writeFrame(conn, d.eventId, d.frameFor(conn));
            }
            // Deliveries still on their way here may hold events the replay (read from shared history)
            // already gave: skip those from now on, not just among the held ones.
            conn.replayedUpTo = Math.max(upTo, r.after);
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
                case Delivery.CHANNELS -> {
                    String[] channels = d.channels;
                    for (int i = 0; i < channels.length; i++) {
                        Set<Conn> members = byChannel.get(channels[i]);
                        if (members != null) {
                            for (Conn conn : members) {
                                // in several of the channels: written once, with the first channel's frame
                                if (channels.length == 1) {
                                    write(conn, d, d.frames[0]);
                                } else if (conn.lastChannelsDelivery != d) {
                                    conn.lastChannelsDelivery = d;
                                    write(conn, d, d.frames[i]);
                                }
                            }
                        }
                    }
                }
                case Delivery.ALL -> {
                    for (Conn conn : all) {
                        if (d.filter == null || conn.sub.hasChannel(d.filter)) {
                            write(conn, d, d.frames[0]);
                        }
                    }
                }
                default -> {
                    for (Conn conn : d.targets) {
                        if (conn.indexed) {
                            write(conn, d, d.frames[0]);
                        }
                    }
                }
            }
        }

        /** @param data the ServiceStack frame; a standard stream gets the named one instead */
        private void write(Conn conn, Delivery d, byte[] data) {
            EventSink sink = conn.sink;
            if (!sink.isOpen()) {
                return;
            }
            if (d.eventId == REPLY) {
                writeFrame(conn, conn.lastId, data); // never held back: it concerns this stream only
                touch(conn);
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
            writeFrame(conn, d.eventId, conn.standard && d.named != null ? d.named.frame() : data);
            touch(conn);
            ServerEventsHooks.PublishHook hook = hooks.publishHook();
            if (hook != null) {
                String text = new String(data, StandardCharsets.UTF_8);
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
