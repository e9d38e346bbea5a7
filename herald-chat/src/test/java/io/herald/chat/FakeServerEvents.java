package io.herald.chat;

import io.herald.EventSubscription;
import io.herald.Selectors;
import io.herald.ServerEvents;
import io.herald.SubscriptionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ServerEvents that records every send as a {@link Sent} instead of delivering it, with a fixed set of
 * subscriptions. Validates selectors and channels like a real back-end so bad input fails the same way.
 */
final class FakeServerEvents implements ServerEvents {

    /** One recorded send: {@code kind} is the method (channel, userId, subscription, all, ...). */
    record Sent(String kind, String target, String selector, Object message) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Map<String, SubscriptionInfo> subs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    int resets;

    SubscriptionInfo addSubscription(String id, String userId, String displayName, boolean authenticated, String... channels) {
        SubscriptionInfo info = new SubscriptionInfo(id, List.of(channels), userId, displayName, displayName, null,
                "127.0.0.1", authenticated, 0, 0, Map.of("userId", userId, "displayName", displayName), Map.of(), Map.of());
        subs.put(id, info);
        return info;
    }

    private void record(String kind, String target, String selector, Object message) {
        Selectors.checkSelector(selector);
        sent.add(new Sent(kind, target, selector, message));
    }

    @Override
    public void notifyAll(String selector, Object message) {
        record("all", null, selector, message);
    }

    @Override
    public void notifyChannel(String channel, String selector, Object message) {
        Selectors.checkChannel(channel);
        record("channel", channel, selector, message);
    }

    @Override
    public void notifySubscription(String subscriptionId, String selector, Object message, String channelFilter) {
        record("subscription", subscriptionId, selector, message);
    }

    @Override
    public void notifyUserId(String userId, String selector, Object message, String channelFilter) {
        record("userId", userId, selector, message);
    }

    @Override
    public void notifyUserName(String userName, String selector, Object message, String channelFilter) {
        record("userName", userName, selector, message);
    }

    @Override
    public void notifySession(String sessionId, String selector, Object message, String channelFilter) {
        record("session", sessionId, selector, message);
    }

    @Override
    public SubscriptionInfo getSubscriptionInfo(String subscriptionId) {
        return subs.get(subscriptionId);
    }

    @Override
    public List<SubscriptionInfo> getSubscriptionInfosByUserId(String userId) {
        List<SubscriptionInfo> list = new ArrayList<>();
        subs.values().stream().filter(s -> s.userId().equals(userId)).forEach(list::add);
        return list;
    }

    @Override
    public List<SubscriptionInfo> getAllSubscriptionInfos() {
        return List.copyOf(subs.values());
    }

    @Override
    public List<Map<String, String>> getSubscriptionsDetails(String... channels) {
        return subs.values().stream().map(s -> (Map<String, String>) new HashMap<>(s.meta())).toList();
    }

    @Override
    public void register(EventSubscription subscription, Map<String, String> connectArgs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unregister(String subscriptionId) {
        subs.remove(subscriptionId);
    }

    @Override
    public void subscribeToChannels(String subscriptionId, String... channels) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unsubscribeFromChannels(String subscriptionId, String... channels) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean pulse(String subscriptionId) {
        return subs.containsKey(subscriptionId);
    }

    @Override
    public int removeExpiredSubscriptions() {
        return 0;
    }

    @Override
    public long getNextSequence(String sequenceName) {
        return sequences.computeIfAbsent(sequenceName, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public void reset() {
        resets++;
        subs.clear();
    }

    @Override
    public Map<String, Long> getStats() {
        return Map.of();
    }
}
