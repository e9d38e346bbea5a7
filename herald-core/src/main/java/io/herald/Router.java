package io.herald;

import io.herald.internal.Frames;
import io.herald.internal.LocalHub;
import io.herald.spi.Event;
import io.herald.spi.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what reaches a node to its hub: each event, encoded once, for the local streams it is for, and each new
 * stream with its first frame. One lock orders both, so every event up to a stream's first frame went to the hub
 * before the stream, and every later one after it: ids never decrease on a stream. Thread-safe.
 */
final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final LocalHub hub;
    private final LocalSubscriptions local;
    private final NodeStats stats;
    private final Object lock = new Object();
    private long lastDelivered; // guarded by lock: the newest event id handed to the hub

    Router(LocalHub hub, LocalSubscriptions local, NodeStats stats) {
        this.hub = hub;
        this.local = local;
        this.stats = stats;
    }

    /** The newest event id handed to the hub (or the broker's position when delivery started). */
    long lastDelivered() {
        synchronized (lock) {
            return lastDelivered;
        }
    }

    void advanceTo(long position) {
        synchronized (lock) {
            lastDelivered = Math.max(lastDelivered, position);
        }
    }

    /**
     * Starts a stream with {@code connect}, which carries {@code resumeAt} for a resuming stream (its own position;
     * live events are then held until the replay) or else the newest id delivered. {@code retry}, when not null,
     * goes first, as it is.
     */
    void add(LiveSubscription sub, byte[] retry, byte[] connect, Long resumeAt) {
        synchronized (lock) {
            long position = resumeAt != null ? resumeAt : lastDelivered;
            LocalHub.Frame first = new LocalHub.Frame(position, connect);
            List<LocalHub.Frame> initial = retry == null ? List.of(first)
                    : List.of(new LocalHub.Frame(LocalHub.RAW, retry), first);
            hub.add(sub, sub.sink(), initial, resumeAt != null, sub.framing() == Framing.STANDARD);
        }
    }

    /** Hands an event to the hub for the local streams it is for. Called in id order. */
    void route(Event event) {
        long id = event.id();
        Message m = event.message();
        try {
            switch (m.target()) {
                case ALL -> {
                    byte[] frame = Frames.encode(null, m.selector(), m.body());
                    synchronized (lock) {
                        lastDelivered = Math.max(lastDelivered, id);
                        hub.deliverToAll(id, null, frame, named(m));
                    }
                }
                case CHANNELS -> {
                    List<byte[]> frames = new ArrayList<>(m.names().size());
                    for (String ch : m.names()) {
                        frames.add(Frames.encode(ch, m.selector(), m.body()));
                    }
                    synchronized (lock) {
                        lastDelivered = Math.max(lastDelivered, id);
                        hub.deliverToChannels(id, m.names(), frames, named(m), m.kept());
                    }
                }
                default -> {
                    List<LiveSubscription> targets = LocalSubscriptions.filter(targetsOf(m), m.channelFilter());
                    byte[] frame = targets.isEmpty() ? null : Frames.encode(null, m.selector(), m.body());
                    synchronized (lock) {
                        lastDelivered = Math.max(lastDelivered, id);
                        if (frame != null) {
                            hub.deliverTo(id, targets, frame, named(m), m.kept());
                        }
                    }
                }
            }
        } catch (IllegalArgumentException e) { // from another node: a frame that would break SSE framing
            stats.refusedEvents.increment();
            log.warn("Refused event {} ({}): {}", id, m, e.getMessage());
            advanceTo(id);
        }
    }

    private static LocalHub.Named named(Message m) {
        return new LocalHub.Named(m.selector(), m.body());
    }

    private Collection<LiveSubscription> targetsOf(Message m) {
        return switch (m.target()) {
            case SUBSCRIPTION -> {
                LiveSubscription sub = local.get(m.name());
                yield sub == null ? List.of() : List.of(sub);
            }
            case USER_ID -> local.byUserId(m.name());
            case USER_NAME -> local.byUserName(m.name());
            case SESSION -> local.bySession(m.name());
            default -> List.of();
        };
    }
}
