package io.herald;

import java.util.Map;
import java.util.Objects;

/**
 * One statistic of a back-end, typed for monitoring systems: a {@link Kind#COUNTER} only grows (events,
 * connections, errors since start), a {@link Kind#GAUGE} goes up and down (streams held now). Returned by
 * {@link ServerEvents#statistics()}; {@code herald-micrometer} turns each into a meter of the same kind.
 *
 * @param key         the short name used by {@link ServerEvents#getStats()}, e.g. {@code totalConnections}
 * @param meterName   the name in Micrometer's dotted convention, e.g. {@code herald.connections}; Prometheus
 *                    shows it as {@code herald_connections_total} (counters) or {@code herald_subscriptions}
 * @param kind        counter or gauge
 * @param description one line for the meter's help text
 * @param value       the value when the list was taken
 */
public record Statistic(String key, String meterName, Kind kind, String description, long value) {

    /** Whether a statistic only grows or goes up and down. */
    public enum Kind { COUNTER, GAUGE }

    public Statistic {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(meterName, "meterName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    private record Known(String meterName, Kind kind, String description) {
    }

    /** Every statistic a Herald back-end reports, by key. */
    private static final Map<String, Known> KNOWN = Map.ofEntries(
            Map.entry("subscriptions", new Known("herald.subscriptions", Kind.GAUGE,
                    "Event streams this server holds")),
            Map.entry("channels", new Known("herald.channels", Kind.GAUGE,
                    "Channels with at least one stream on this server")),
            Map.entry("totalConnections", new Known("herald.connections", Kind.COUNTER,
                    "Event streams opened on this server")),
            Map.entry("totalUnsubscriptions", new Known("herald.unsubscriptions", Kind.COUNTER,
                    "Subscriptions removed by this server")),
            Map.entry("notificationsSent", new Known("herald.notifications.sent", Kind.COUNTER,
                    "Messages published through this server")),
            Map.entry("deliveries", new Known("herald.deliveries", Kind.COUNTER,
                    "Events written to this server's streams")),
            Map.entry("slowEvictions", new Known("herald.slow.evictions", Kind.COUNTER,
                    "Streams closed because their client could not keep up")),
            Map.entry("expired", new Known("herald.expired", Kind.COUNTER,
                    "Subscriptions removed after their idle timeout")),
            Map.entry("closedByClient", new Known("herald.closed.by.client", Kind.COUNTER,
                    "Streams whose connection the client closed")),
            Map.entry("resumed", new Known("herald.resumed", Kind.COUNTER,
                    "Streams that resumed with nothing missed")),
            Map.entry("resumedWithGap", new Known("herald.resumed.with.gap", Kind.COUNTER,
                    "Streams that resumed from a position history no longer fully covers")),
            Map.entry("refusedEvents", new Known("herald.refused.events", Kind.COUNTER,
                    "Events from other servers refused because they would break SSE framing")),
            Map.entry("historyEvents", new Known("herald.history.events", Kind.GAUGE,
                    "Events kept for resuming clients")),
            Map.entry("historyBytes", new Known("herald.history.bytes", Kind.GAUGE,
                    "Bytes of the events kept for resuming clients")),
            Map.entry("redisMessagesReceived", new Known("herald.redis.messages.received", Kind.COUNTER,
                    "Messages received on the Redis topic")),
            Map.entry("redisBadMessages", new Known("herald.redis.bad.messages", Kind.COUNTER,
                    "Unreadable messages ignored on the Redis topic")),
            Map.entry("redisDeadSwept", new Known("herald.redis.dead.swept", Kind.COUNTER,
                    "Subscriptions of vanished servers removed from the Redis registry")),
            Map.entry("redisErrors", new Known("herald.redis.errors", Kind.COUNTER,
                    "Redis commands that failed")),
            Map.entry("redisGapFilled", new Known("herald.redis.gap.filled", Kind.COUNTER,
                    "Events read from history after the Redis subscription came back")));

    /**
     * The statistic for a {@link ServerEvents#getStats()} key: a known key gets its name, kind and description;
     * an unknown one becomes a counter named {@code herald.<key in dotted lower case>}.
     */
    public static Statistic of(String key, long value) {
        Known known = KNOWN.get(key);
        if (known != null) {
            return new Statistic(key, known.meterName(), known.kind(), known.description(), value);
        }
        return new Statistic(key, "herald." + dotted(key), Kind.COUNTER, key, value);
    }

    /** {@code redisBadMessages} -> {@code redis.bad.messages}. */
    private static String dotted(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('.').append(Character.toLowerCase(c));
            } else if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            } else {
                sb.append('.');
            }
        }
        return sb.toString();
    }
}
