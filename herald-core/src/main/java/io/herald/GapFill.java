package io.herald;

import io.herald.spi.Event;
import io.herald.spi.History;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node missed while its broker's link was being re-established: between
 * {@link io.herald.spi.Broker.Listener#onResubscribing} and {@code onSubscribed} live events are held; once
 * subscribed again the kept events after the last one delivered are read from history, merged by id with the
 * held ones and delivered in order. An event the history read already returned can still arrive live just
 * after the fill; those are dropped until a newer one arrives. Messages to one subscription id are not kept,
 * so those published in the gap stay missed.
 *
 * <p>Touched on the broker's delivery thread only (the listener's contract), so it needs no locking.
 */
final class GapFill {

    private static final Logger log = LoggerFactory.getLogger(GapFill.class);

    private final ServerEventsNode node;
    private final Router router;
    private TreeMap<Long, Event> held; // non-null while filling
    private long after;
    private long ceiling = -1;
    private boolean resubscribing;

    GapFill(ServerEventsNode node, Router router) {
        this.node = node;
        this.router = router;
    }

    /** The link dropped: with {@code fill}, hold live events from now on and remember where delivery stopped. */
    void begin(boolean fill, long lastDelivered) {
        resubscribing = true;
        if (fill && held == null) {
            held = new TreeMap<>();
            after = lastDelivered;
        }
    }

    /** Whether {@code event} is held for the merge or was already delivered by the fill (the caller skips it). */
    boolean hold(Event event) {
        if (held != null) {
            held.putIfAbsent(event.id(), event);
            return true;
        }
        if (ceiling >= 0) {
            if (event.id() <= ceiling) {
                return true;
            }
            ceiling = -1;
        }
        return false;
    }

    /**
     * Subscribed again (or for the first time): fills the gap if one was held, and moves the node's position to
     * {@code positionBefore} (events up to it were published before delivery started: none will arrive live).
     *
     * @return whether this follows a resubscription (not the first subscription)
     */
    boolean end(long positionBefore) {
        boolean again = resubscribing;
        resubscribing = false;
        TreeMap<Long, Event> events = held;
        if (events != null) {
            int live = events.size();
            try {
                History history = node.historyOf(node.localAddresses(), after);
                history.events().forEach(e -> events.putIfAbsent(e.id(), e));
            } catch (BackendUnavailableException e) {
                log.warn("Could not read what was published while resubscribing: {}", e.getMessage());
            }
            held = null;
            events.tailMap(after, false).values().forEach(router::route);
            int fromHistory = events.size() - live;
            if (fromHistory > 0) {
                node.stats().gapFilled.add(fromHistory);
                log.info("Delivered {} events published while resubscribing", fromHistory);
            }
            ceiling = events.isEmpty() ? -1 : events.lastKey();
        }
        router.advanceTo(positionBefore);
        return again;
    }
}
