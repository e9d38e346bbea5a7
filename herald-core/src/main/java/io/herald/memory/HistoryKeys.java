package io.herald.memory;

import io.herald.EventSubscription;
import java.util.Set;

/**
 * Names of the history streams an event is kept in, shared by every back-end: one per channel, one for
 * events to everyone, one per user id, user name and session. Messages to one subscription id are not kept.
 * The names are short because the Redis back-end appends them to its key prefix. Stateless.
 */
public final class HistoryKeys {

    /** Events to everyone ({@code notifyAll}). */
    public static final String ALL = "*all";

    private HistoryKeys() {
    }

    /** Events to {@code channel}. */
    public static String channel(String channel) {
        return "c:" + channel;
    }

    /** Events to user id {@code userId}. */
    public static String userId(String userId) {
        return "u:" + userId;
    }

    /** Events to user name {@code userName}. */
    public static String userName(String userName) {
        return "n:" + userName;
    }

    /** Events to session {@code sessionId}. */
    public static String session(String sessionId) {
        return "s:" + sessionId;
    }

    /**
     * Adds to {@code into} every stream whose events can be for {@code sub}: its channels, everyone, its user
     * id (when authenticated, as ServiceStack matches user ids), its user name and its session.
     */
    public static void addFor(EventSubscription sub, Set<String> into) {
        sub.channels().forEach(ch -> into.add(channel(ch)));
        into.add(ALL);
        if (sub.isAuthenticated()) {
            into.add(userId(sub.userId()));
        }
        if (sub.userName() != null) {
            into.add(userName(sub.userName()));
        }
        if (sub.sessionId() != null) {
            into.add(session(sub.sessionId()));
        }
    }
}
