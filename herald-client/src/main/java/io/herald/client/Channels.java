package io.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's channels: the list the next stream subscribes to, and the two generic service calls that
 * change or list the live subscription's channels ({@code UpdateEventSubscriber}, {@code GetEventSubscribers}).
 * Thread-safe.
 */
final class Channels {

    private final JsonServiceClient services;
    private final String servicePath;
    private final Object lock = new Object();
    /** Written under lock; an immutable list. */
    private volatile List<String> names;

    Channels(List<String> names, JsonServiceClient services, String servicePath) {
        this.names = List.copyOf(names);
        this.services = services;
        this.servicePath = servicePath;
    }

    /** The channel names (an immutable snapshot). */
    List<String> get() {
        return names;
    }

    /** Replaces the list for the next stream; {@code names} must have passed {@link #check}. */
    void set(List<String> names) {
        synchronized (lock) {
            this.names = names;
        }
    }

    /**
     * Changes the live subscription {@code id} on the server, then the list used by reconnects.
     *
     * @throws WebServiceException if the server refuses
     */
    void update(String id, List<String> subscribe, List<String> unsubscribe) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        if (!subscribe.isEmpty()) {
            request.put("subscribeChannels", subscribe);
        }
        if (!unsubscribe.isEmpty()) {
            request.put("unsubscribeChannels", unsubscribe);
        }
        services.post(Urls.combine(servicePath, "UpdateEventSubscriber"), request, Void.class);
        synchronized (lock) {
            List<String> updated = new ArrayList<>(this.names);
            updated.removeAll(unsubscribe);
            for (String c : subscribe) {
                if (!updated.contains(c)) {
                    updated.add(c);
                }
            }
            this.names = List.copyOf(updated);
        }
    }

    /**
     * The subscribers of these channels, as the server lists them.
     *
     * @throws WebServiceException if the server refuses
     */
    List<ServerEventUser> subscribers() {
        String path = Urls.combine(servicePath, "GetEventSubscribers") + "?channels="
                + Urls.encodeQueryValue(String.join(",", names));
        JsonNode array = services.get(path, JsonNode.class);
        List<ServerEventUser> users = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                if (item.isObject()) {
                    Map<String, String> map = new LinkedHashMap<>();
                    Json.putAll(item, map);
                    users.add(ServerEventUser.fromMap(map));
                }
            }
        }
        return users;
    }

    /**
     * An immutable copy of valid channel names.
     *
     * @throws IllegalArgumentException naming the channel if one is empty or holds {@code ,}
     */
    static List<String> check(List<String> channels) {
        for (String c : channels) {
            if (c == null || c.isEmpty()) {
                throw new IllegalArgumentException("channel name must not be empty: " + channels);
            }
            if (c.indexOf(',') >= 0) {
                throw new IllegalArgumentException("channel name must not contain ',': " + c);
            }
        }
        return List.copyOf(channels);
    }

    /** {@link #check}s names given as varargs, at least one. */
    static List<String> checkNonEmpty(String[] channels) {
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("at least one channel is required: " + Arrays.toString(channels));
        }
        return check(Arrays.asList(channels));
    }
}
