package io.herald.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent index from a name (a channel, a user id) to the set of values under it. Null names are not
 * indexed; a set that becomes empty is dropped, so {@link #size()} counts names in use. Thread-safe.
 */
public final class SetIndex<V> {

    private final Map<String, Set<V>> map = new ConcurrentHashMap<>();

    public void add(String key, V value) {
        if (key != null) {
            // add inside compute: a concurrent remove must not drop the set we are adding to
            map.compute(key, (k, set) -> {
                Set<V> s = set != null ? set : ConcurrentHashMap.newKeySet();
                s.add(value);
                return s;
            });
        }
    }

    public void remove(String key, V value) {
        if (key != null) {
            map.computeIfPresent(key, (k, set) -> {
                set.remove(value);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The live set under {@code key} (empty when none); iterate it, do not keep it. */
    public Collection<V> get(String key) {
        if (key == null) {
            return List.of();
        }
        Set<V> set = map.get(key);
        return set == null ? List.of() : set;
    }

    /** Names with at least one value. */
    public int size() {
        return map.size();
    }

    /** Each name in use with the number of values under it (a snapshot). */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        map.forEach((k, set) -> {
            int n = set.size();
            if (n > 0) {
                out.put(k, n);
            }
        });
        return out;
    }

    public void clear() {
        map.clear();
    }
}
