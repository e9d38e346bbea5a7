package io.herald.spi;

import io.herald.BackendUnavailableException;
import io.herald.EventSubscription;
import io.herald.SubscriptionInfo;
import java.util.Collection;
import java.util.List;

/**
 * Where a back-end keeps who is subscribed: every subscription of every node, with its channels, user and
 * session, and when it was last known alive. The node keeps its own streams in memory as well; the registry
 * answers questions about all of them (subscriber lists, look-ups by id or user) and lets nodes find
 * subscriptions whose node vanished.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #put} makes a subscription visible to every node's look-ups at once; {@link #remove} makes it
 *       invisible, and exactly one of several concurrent removals of the same subscription returns true (the
 *       node that wins announces its departure).</li>
 *   <li>Look-ups return snapshots ({@link SubscriptionInfo}) in no particular order, each subscription once.</li>
 *   <li>{@link #touch} records liveness; {@link #staleBefore} lists subscriptions not touched since a time.</li>
 *   <li>Every method throws {@link BackendUnavailableException} (naming the store and the cause) when the
 *       store cannot be reached.</li>
 * </ul>
 * Implementations are thread-safe; methods may block on I/O.
 */
public interface Registry extends AutoCloseable {

    /** Adds a subscription, or writes it again (after the store lost it), with {@code lastPulseAt} as its liveness. */
    void put(EventSubscription subscription);

    /**
     * Removes a subscription and its index entries.
     *
     * @return true if this call removed it (false: it was already gone)
     */
    boolean remove(SubscriptionInfo subscription);

    /** Writes a subscription's new channel list: {@code added} and {@code removed} are the channels that changed. */
    void update(EventSubscription subscription, List<String> added, List<String> removed);

    /**
     * Records that a subscription is alive at {@code nowMillis}.
     *
     * @return false if no such subscription is registered
     */
    boolean touch(String subscriptionId, long nowMillis);

    /** Records that each of these (registered) subscriptions is alive at {@code nowMillis}, in one go. */
    default void touchAll(Collection<String> subscriptionIds, long nowMillis) {
        for (String id : subscriptionIds) {
            touch(id, nowMillis);
        }
    }

    /** The subscription with this id, or null. */
    SubscriptionInfo get(String subscriptionId);

    /** Every subscription of a user id. */
    List<SubscriptionInfo> byUserId(String userId);

    /** Every subscription in any of {@code channels}, each once; every subscription when {@code channels} is empty. */
    List<SubscriptionInfo> inChannels(Collection<String> channels);

    /** Subscriptions last touched before {@code cutoffMillis}. */
    List<SubscriptionInfo> staleBefore(long cutoffMillis);

    /** Forgets every subscription. */
    void clear();

    /** Releases what the registry holds. Idempotent. */
    @Override
    default void close() {
    }
}
