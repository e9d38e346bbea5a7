package io.herald;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The API services call to push events. {@link ServerEventsNode} implements it once over a back-end's broker
 * and registry ({@code MemoryServerEvents} for one server, {@code RedisServerEvents} for many).
 *
 * <h2>Sending</h2>
 * Every {@code notify*} method serialises {@code message} once with the configured {@link JsonCodec}
 * (a {@link String} becomes a quoted JSON string, {@code null} an empty body) and delivers it to every
 * matching subscription as one SSE event {@code data: [channel@]selector body}. Only
 * {@link #notifyChannel} adds the {@code channel@} prefix; the {@code channel} argument of the other
 * methods is a filter (deliver only to subscriptions that listen to it) and is not written to the frame.
 * A message sent without a selector uses {@code cmd.<SimpleTypeName>} of its class.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Delivery:</b> at most once to each subscription that is registered when the message is routed;
 *       a subscription that cannot keep up (its bounded outbound queue overflows) is closed and
 *       unregistered instead of slowing anyone else.</li>
 *   <li><b>Order:</b> events reach each subscription in the order the back-end accepted them (one total
 *       order per back-end: per process for memory, per cluster for Redis). Event ids are positions in
 *       that order, so they strictly increase from event to event on every stream. Replies that concern one
 *       stream ({@code cmd.onConnect}, {@code cmd.onHeartbeat}, {@code cmd.onResume}) are not events: they
 *       repeat the id of the newest event the stream has.</li>
 *   <li><b>Errors:</b> a selector or channel that could break the SSE framing, contains {@code @} or a
 *       space, a null or empty target, throws {@link IllegalArgumentException} and nothing is sent. A
 *       back-end that cannot route a message (e.g. Redis unreachable) throws
 *       {@link BackendUnavailableException} (an {@link IllegalStateException}); nothing fails silently.</li>
 * </ul>
 *
 * <p>All methods are thread-safe. Methods may block on I/O in distributed back-ends; do not call them
 * from an I/O event loop.
 */
public interface ServerEvents extends AutoCloseable {

    // ---- sending -------------------------------------------------------------------------------

    /** Sends to every subscription. */
    void notifyAll(String selector, Object message);

    /** Sends to every subscription of {@code channel}, with the {@code channel@} prefix on the frame. */
    void notifyChannel(String channel, String selector, Object message);

    /**
     * Sends one event (one id, kept once in each channel's history) to every subscription of any of
     * {@code channels}, each subscription once. A subscription in several of them gets the frame of the first
     * one it listens to, in the order given: {@code data: <that channel>@selector body}.
     *
     * @throws IllegalArgumentException if {@code channels} is empty or names an invalid channel
     */
    void notifyChannels(Collection<String> channels, String selector, Object message);

    /** Sends to one subscription, if it listens to {@code channelFilter} (null: no filter). */
    void notifySubscription(String subscriptionId, String selector, Object message, String channelFilter);

    /** Sends to every subscription of a user id, optionally only those that listen to {@code channelFilter}. */
    void notifyUserId(String userId, String selector, Object message, String channelFilter);

    /** Sends to every subscription of a user name, optionally only those that listen to {@code channelFilter}. */
    void notifyUserName(String userName, String selector, Object message, String channelFilter);

    /** Sends to every subscription of a session, optionally only those that listen to {@code channelFilter}. */
    void notifySession(String sessionId, String selector, Object message, String channelFilter);

    /** {@link #notifyAll(String, Object)} with the default selector {@code cmd.<SimpleTypeName>}. */
    default void notifyAll(Object message) {
        notifyAll(Selectors.of(message), message);
    }

    /** {@link #notifyChannel(String, String, Object)} with the default selector {@code cmd.<SimpleTypeName>}. */
    default void notifyChannel(String channel, Object message) {
        notifyChannel(channel, Selectors.of(message), message);
    }

    default void notifySubscription(String subscriptionId, String selector, Object message) {
        notifySubscription(subscriptionId, selector, message, null);
    }

    default void notifyUserId(String userId, String selector, Object message) {
        notifyUserId(userId, selector, message, null);
    }

    default void notifyUserName(String userName, String selector, Object message) {
        notifyUserName(userName, selector, message, null);
    }

    default void notifySession(String sessionId, String selector, Object message) {
        notifySession(sessionId, selector, message, null);
    }

    // ---- looking up ----------------------------------------------------------------------------

    /** The subscription with this id, or null. */
    SubscriptionInfo getSubscriptionInfo(String subscriptionId);

    /**
     * The live subscription with this id if this server holds its stream, else null (it may still exist
     * on another server: use {@link #getSubscriptionInfo}). Cheap: no copy, no I/O.
     */
    EventSubscription getLocalSubscription(String subscriptionId);

    /** Every subscription of a user id (one per open stream: a user with two tabs has two). */
    List<SubscriptionInfo> getSubscriptionInfosByUserId(String userId);

    /** Every subscription. */
    List<SubscriptionInfo> getAllSubscriptionInfos();

    /**
     * The public info ({@code meta}) of every subscription in any of {@code channels}, each subscription
     * once. With no channels, every subscription.
     */
    List<Map<String, String>> getSubscriptionsDetails(String... channels);

    /** The public info of every subscription. */
    default List<Map<String, String>> getAllSubscriptionsDetails() {
        return getSubscriptionsDetails();
    }

    // ---- lifecycle of subscriptions ------------------------------------------------------------

    /**
     * Removes a subscription: closes its stream, runs {@code onUnsubscribe} and sends
     * {@code <channel>@cmd.onLeave} to the remaining members of its channels. Unknown ids are ignored.
     */
    void unregister(String subscriptionId);

    /**
     * Closes a stream held by this server as a dropped connection would, without telling its client
     * anything: the subscription is then removed (with {@code onLeave}), and a client that reconnects with its
     * last event id resumes where it stopped. Useful to move clients off a server before it shuts down.
     *
     * @return false if this server holds no such stream
     */
    boolean disconnect(String subscriptionId);

    /** Adds channels to a live subscription and announces the change with {@code onUpdate}. */
    void subscribeToChannels(String subscriptionId, String... channels);

    /** Removes channels from a live subscription and announces the change with {@code onUpdate}. */
    void unsubscribeFromChannels(String subscriptionId, String... channels);

    /**
     * Records a heartbeat and answers it with {@code cmd.onHeartbeat} on that subscription's stream.
     *
     * @return false if no such subscription exists (the heartbeat endpoint then answers 404)
     */
    boolean pulse(String subscriptionId);

    /** Removes every subscription idle for longer than the idle timeout, with {@code onLeave}. */
    int removeExpiredSubscriptions();

    /** The next value of a named counter, starting at 1 (cluster-wide for distributed back-ends). */
    long getNextSequence(String sequenceName);

    // ---- back-end lifecycle --------------------------------------------------------------------

    /** Starts background work (housekeeping, Redis subscription). Idempotent. */
    void start();

    /** Closes every stream (without {@code onLeave}) and forgets every subscription. */
    void stop();

    /**
     * Forgets every subscription without closing streams or sending {@code onLeave}; their next heartbeat
     * gets 404 and ServiceStack clients reconnect. Named counters are kept.
     */
    void reset();

    /** How this server's streams are spread over channels (each channel with its local subscribers). */
    ChannelStats getChannelStats();

    /** Counters and gauges for monitoring (connections, deliveries, evictions, errors), by key. */
    Map<String, Long> getStats();

    /**
     * The same numbers as {@link #getStats()}, each typed as a counter or a gauge with a meter name and a
     * description, for monitoring systems (see {@code herald-micrometer}). The list of keys is fixed for a
     * back-end instance; only the values change.
     */
    List<Statistic> statistics();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
