package io.herald.spi;

import io.herald.BackendUnavailableException;
import io.herald.Statistic;
import java.util.Collection;
import java.util.List;

/**
 * How messages travel between the nodes of one back-end: one total order of events, the history a resuming
 * client reads, control messages to the node holding a stream, and named counters. The node
 * ({@link io.herald.ServerEventsNode}) holds every rule about subscriptions; a broker only moves and keeps
 * messages. {@code io.herald.memory.MemoryBroker} is the in-process one; the Redis back-end's spans servers.
 *
 * <h2>Guarantees a broker gives</h2>
 * <ul>
 *   <li><b>One order, rising ids.</b> {@link #publish} gives each message the next id of one total order
 *       shared by every node of the back-end: ids are positive and strictly increase in publish order. A
 *       message published after another (by any node) has a greater id.</li>
 *   <li><b>History with publish.</b> A {@link Message#kept() kept} message is appended to the history of each
 *       of its {@link Message#addresses() addresses} atomically with taking its id: if a node sees the event,
 *       a history read that starts after it was published contains it; if a read does not contain it, the
 *       event is delivered to started nodes after that read began.</li>
 *   <li><b>Delivery in order.</b> Every started node's {@link Listener#onEvent} is called once per event, one
 *       call at a time, in id order. At most once: while a node's link to the broker is down
 *       ({@link Listener#onResubscribing} up to {@link Listener#onSubscribed}) events may be missed, and the
 *       node fills the gap from history.</li>
 *   <li><b>Failures are loud.</b> {@link #publish}, {@link #control}, {@link #history} and
 *       {@link #nextSequence} throw {@link BackendUnavailableException} (naming the broker and the cause)
 *       when they cannot do their work; nothing fails silently.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. Methods may block on I/O; they are never called on a transport's I/O
 * thread by the node.
 */
public interface Broker extends AutoCloseable {

    /** A short name for logs and statistics, e.g. {@code memory} or {@code redis}. */
    String name();

    /** Whether several nodes share this broker (then the node sweeps subscriptions of vanished nodes). */
    boolean isDistributed();

    /**
     * Starts delivering events and control messages to {@code listener}, and returns once delivery is
     * active (or after a bounded wait, with delivery still being set up in the background; then
     * {@link Listener#onSubscribed} tells when it is). Called when the node is built, and again after
     * {@link #stop()} when the node is started again.
     */
    void start(Listener listener);

    /**
     * Publishes a message: takes its id, keeps it if it is kept, delivers it to every started node.
     *
     * @return the event id
     * @throws BackendUnavailableException if the message could not be published (it then reached no one)
     */
    long publish(Message message);

    /**
     * Sends a control message to every started node (this one included); the node holding the stream acts
     * on it, the others ignore it.
     *
     * @throws BackendUnavailableException if it could not be sent
     */
    void control(Control control);

    /**
     * The kept events after {@code afterId} under any of {@code addresses}, each once, in id order, and
     * whether that is all of them (see {@link History#complete()}).
     *
     * @throws BackendUnavailableException if history could not be read
     */
    History history(Collection<Address> addresses, long afterId);

    /**
     * The id of the newest event published so far by any node, or a starting point below every id yet to
     * come. Used as the position of replies that are not events ({@code cmd.onConnect} before any event).
     *
     * @throws BackendUnavailableException if it could not be read
     */
    long position();

    /**
     * The next value of a named counter, starting at 1, shared by every node.
     *
     * @throws BackendUnavailableException if it could not be taken
     */
    long nextSequence(String name);

    /** Periodic upkeep (e.g. dropping history older than its retention); called from the node's timer. */
    default void houseKeeping() {
    }

    /** The broker's own statistics (the node adds its own); the keys never change for an instance. */
    default List<Statistic> statistics() {
        return List.of();
    }

    /** Stops delivering to the listener; {@link #publish} may still be called until {@link #close}. */
    void stop();

    /** Stops and releases connections and threads. Idempotent. */
    @Override
    void close();

    /**
     * What a broker reports to its node. {@link #onEvent}, {@link #onResubscribing} and {@link #onSubscribed}
     * are called one at a time, on one thread at a time, in the order the broker observed them; they must
     * not block for long (hand slow work off).
     */
    interface Listener {

        /** An event, in id order. */
        void onEvent(Event event);

        /** A control message for some node's stream. May be called on any thread. */
        void onControl(Control control);

        /**
         * The link to the other nodes was lost and is being re-established: events published from now until
         * {@link #onSubscribed} may not be delivered. Not called before the first {@link #onSubscribed}.
         */
        void onResubscribing();

        /**
         * Delivery is active: the first time, and after every {@link #onResubscribing}.
         *
         * @param positionBefore the broker's {@link #position()} read just before delivery (re)started: every
         *                       event up to it was published before, every later one is delivered from now on;
         *                       0 if it could not be read
         */
        void onSubscribed(long positionBefore);
    }
}
