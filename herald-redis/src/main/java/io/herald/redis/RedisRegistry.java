package io.herald.redis;

import io.herald.EventSubscription;
import io.herald.SubscriptionInfo;
import io.herald.spi.Registry;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis {@link Registry}, in ServiceStack's key layout ({@link RedisKeys}): {@code sse:id:<id>} holds the
 * subscription as JSON ({@link SubscriptionInfoJson}), {@code sse:ids} scores every id by its last liveness in
 * .NET ticks, and one set per channel, user id, user name and session indexes them. Writes that touch several
 * keys run as Lua scripts ({@link RedisScripts}), so a subscription is never half registered.
 *
 * <p>Thread-safe. Calls block on Redis for at most the command timeout.
 */
final class RedisRegistry implements Registry {

    private static final Logger log = LoggerFactory.getLogger(RedisRegistry.class);
    private static final int BATCH = 500;

    private final RedisStore store;
    private final RedisKeys keys;

    RedisRegistry(RedisStore store, RedisKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Override
    public void put(EventSubscription sub) {
        List<String> k = indexKeys(sub.id(), sub.channels(), sub.userId(), sub.userName(), sub.sessionId());
        String json = SubscriptionInfoJson.write(sub);
        store.call("register subscription", () -> store.sync().eval(RedisScripts.REGISTER, ScriptOutputType.INTEGER,
                k.toArray(String[]::new), json, score(sub.lastPulseAt()), sub.id()));
    }

    @Override
    public boolean remove(SubscriptionInfo sub) {
        List<String> k = indexKeys(sub.id(), sub.channels(), sub.userId(), sub.userName(), sub.sessionId());
        Long existed = store.call("remove subscription", () -> store.sync().eval(RedisScripts.UNREGISTER,
                ScriptOutputType.INTEGER, k.toArray(String[]::new), sub.id()));
        return existed != null && existed > 0;
    }

    @Override
    public void update(EventSubscription sub, List<String> added, List<String> removed) {
        List<String> k = new ArrayList<>();
        k.add(keys.id(sub.id()));
        k.add(keys.ids());
        added.forEach(ch -> k.add(keys.channel(ch)));
        removed.forEach(ch -> k.add(keys.channel(ch)));
        String json = SubscriptionInfoJson.write(sub);
        store.call("update subscription", () -> store.sync().eval(RedisScripts.UPDATE, ScriptOutputType.INTEGER,
                k.toArray(String[]::new), json, sub.id(), Integer.toString(added.size())));
    }

    @Override
    public boolean touch(String subscriptionId, long nowMillis) {
        return store.call("record a heartbeat", () -> {
            if (store.sync().exists(keys.id(subscriptionId)) == 0) {
                return false;
            }
            store.sync().zadd(keys.ids(), ZAddArgs.Builder.xx(), (double) DotNetTicks.fromUnixMillis(nowMillis),
                    subscriptionId);
            return true;
        });
    }

    /** One {@code ZADD XX} per batch: only ids still registered are touched. */
    @Override
    public void touchAll(Collection<String> subscriptionIds, long nowMillis) {
        double score = DotNetTicks.fromUnixMillis(nowMillis);
        List<String> ids = new ArrayList<>(subscriptionIds);
        store.call("record liveness", () -> {
            for (int i = 0; i < ids.size(); i += BATCH) {
                List<String> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
                @SuppressWarnings("unchecked")
                ScoredValue<String>[] values = new ScoredValue[batch.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = ScoredValue.just(score, batch.get(j));
                }
                store.sync().zadd(keys.ids(), ZAddArgs.Builder.xx(), values);
            }
            return null;
        });
    }

    @Override
    public SubscriptionInfo get(String subscriptionId) {
        String json = store.read("look up subscription", () -> store.sync().get(keys.id(subscriptionId)));
        if (json == null) {
            return null;
        }
        try {
            return SubscriptionInfoJson.read(json, 0);
        } catch (IllegalArgumentException e) {
            log.warn("Unreadable subscription {} in Redis: {}", subscriptionId, e.getMessage());
            return null;
        }
    }

    @Override
    public List<SubscriptionInfo> byUserId(String userId) {
        return store.read("look up user " + userId, () -> readInfos(store.sync().smembers(keys.userId(userId))));
    }

    @Override
    public List<SubscriptionInfo> inChannels(Collection<String> channels) {
        return store.read("list subscriptions", () -> {
            if (channels.isEmpty()) {
                return readInfos(new LinkedHashSet<>(store.sync().zrange(keys.ids(), 0, -1)));
            }
            Set<String> ids = new LinkedHashSet<>();
            for (String ch : channels) {
                ids.addAll(store.sync().smembers(keys.channel(ch)));
            }
            return readInfos(ids);
        });
    }

    /**
     * Subscriptions whose liveness is older than {@code cutoffMillis}. An id whose info is gone (a half-removed
     * entry) comes back with no channels and no user, so removing it cleans the score without announcing anything.
     */
    @Override
    public List<SubscriptionInfo> staleBefore(long cutoffMillis) {
        return store.read("find stale subscriptions", () -> {
            List<String> ids = store.sync().zrangebyscore(keys.ids(),
                    Range.create(0L, DotNetTicks.fromUnixMillis(cutoffMillis)));
            List<SubscriptionInfo> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                String json = store.sync().get(keys.id(id));
                SubscriptionInfo info = null;
                if (json != null) {
                    try {
                        info = SubscriptionInfoJson.read(json, 0);
                    } catch (IllegalArgumentException e) {
                        log.debug("Unreadable stale subscription {}: {}", id, e.getMessage());
                    }
                }
                out.add(info != null ? info : new SubscriptionInfo(id, List.of(), null, null, null, null, null, false,
                        0, 0, Map.of(), Map.of(), Map.of()));
            }
            return out;
        });
    }

    @Override
    public void clear() {
        store.call("reset the registry", () -> {
            List<String> doomed = new ArrayList<>();
            for (String pattern : List.of(keys.idPattern(), keys.channelPattern(), keys.userIdPattern(),
                    keys.userNamePattern(), keys.sessionPattern())) {
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = store.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(BATCH));
                    doomed.addAll(page.getKeys());
                    cursor = page;
                } while (!cursor.isFinished());
            }
            doomed.add(keys.ids());
            for (int i = 0; i < doomed.size(); i += BATCH) {
                store.sync().del(doomed.subList(i, Math.min(doomed.size(), i + BATCH)).toArray(String[]::new));
            }
            return null;
        });
    }

    private List<String> indexKeys(String id, List<String> channels, String userId, String userName, String session) {
        List<String> k = new ArrayList<>(channels.size() + 5);
        k.add(keys.id(id));
        k.add(keys.ids());
        channels.forEach(ch -> k.add(keys.channel(ch)));
        if (userId != null) {
            k.add(keys.userId(userId));
        }
        if (userName != null) {
            k.add(keys.userName(userName));
        }
        if (session != null) {
            k.add(keys.session(session));
        }
        return k;
    }

    private static String score(long millis) {
        return Long.toString(DotNetTicks.fromUnixMillis(millis));
    }

    private List<SubscriptionInfo> readInfos(Set<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<SubscriptionInfo> out = new ArrayList<>(ids.size());
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += BATCH) {
            String[] idKeys = all.subList(i, Math.min(all.size(), i + BATCH)).stream().map(keys::id).toArray(String[]::new);
            for (KeyValue<String, String> kv : store.sync().mget(idKeys)) {
                if (kv.hasValue()) {
                    try {
                        out.add(SubscriptionInfoJson.read(kv.getValue(), 0));
                    } catch (IllegalArgumentException e) {
                        log.warn("Skipped unreadable {}: {}", kv.getKey(), e.getMessage());
                    }
                }
            }
        }
        return out;
    }
}
