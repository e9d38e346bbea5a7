package io.herald.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent index from a name (a channel, a user id) to the set of values under it. Null names are not
 * indexed; a set that becomes empty is dropped, so {@link #size()} counts names in use. Thread-safe.
 *
 * <p>Most names hold one value (a user id, a session, an anonymous user's name: one stream each), so a
 * name with a single value keeps that value itself and only a second value makes a set: an idle server
 * holds several of these entries per connection, and a set costs about 200 bytes more than none.
 */
public final class SetIndex<V> {

    /** Two or more values under one name. Never a {@code V}: the class is private. */
    private static final class Many<V> {
        final Set<V> set = ConcurrentHashMap.newKeySet();
    }

    /** name -> a {@code V} (one value) or a {@link Many}; changed only inside {@code compute}. */
    private final Map<String, Object> map = new ConcurrentHashMap<>();

    public void add(String key, V value) {
        if (key != null) {
            // change inside compute: a concurrent remove must not drop the set we are adding to
            map.compute(key, (k, held) -> {
                if (held == null) {
                    return value;
                }
                if (held instanceof Many<?> many) {
                    @SuppressWarnings("unchecked")
                    Set<V> set = (Set<V>) many.set;
                    set.add(value);
                    return held;
                }
                if (held.equals(value)) {
                    return held;
                }
                Many<V> many = new Many<>();
                @SuppressWarnings("unchecked")
                V one = (V) held;
                many.set.add(one);
                many.set.add(value);
                return many;
            });
        }
    }

    public void remove(String key, V value) {
        if (key != null) {
            map.computeIfPresent(key, (k, held) -> {
                if (held instanceof Many<?> many) {
                    many.set.remove(value);
                    return many.set.isEmpty() ? null : held;
                }
                return held.equals(value) ? null : held;
            });
        }
    }

    /**
     * The values under {@code key} (empty when none): the live set when there are several (iterate it, do
     * not keep it), otherwise a one-element list.
     */
    @SuppressWarnings("unchecked")
    public Collection<V> get(String key) {
        if (key == null) {
            return List.of();
        }
        Object held = map.get(key);
        if (held == null) {
            return List.of();
        }
        return held instanceof Many<?> many ? (Set<V>) many.set : List.of((V) held);
    }

    /** Names with at least one value. */
    public int size() {
        return map.size();
    }

    /** Each name in use with the number of values under it (a snapshot). */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        map.forEach((k, held) -> {
            int n = held instanceof Many<?> many ? many.set.size() : 1;
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
