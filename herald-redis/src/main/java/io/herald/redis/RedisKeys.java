package io.herald.redis;

import io.herald.spi.Address;
import java.util.Objects;

/**
 * The Redis key layout of the Redis back-end, compatible with ServiceStack's {@code RedisServerEvents} when the
 * prefix is the default {@code sse:} (so Java and .NET servers can share one Redis):
 *
 * <table>
 * <caption>Keys (prefix {@code sse:})</caption>
 * <tr><th>Key</th><th>Type</th><th>Content</th></tr>
 * <tr><td>{@code sse:id:<subId>}</td><td>string</td><td>JSON of the subscription info</td></tr>
 * <tr><td>{@code sse:ids}</td><td>sorted set</td><td>subIds scored by last activity in .NET ticks
 *     ({@link DotNetTicks})</td></tr>
 * <tr><td>{@code sse:channel:<channel>}</td><td>set</td><td>subIds in the channel</td></tr>
 * <tr><td>{@code sse:userid:<userId>}</td><td>set</td><td>subIds of the user id</td></tr>
 * <tr><td>{@code sse:username:<userName>}</td><td>set</td><td>subIds of the user name</td></tr>
 * <tr><td>{@code sse:session:<sessionId>}</td><td>set</td><td>subIds of the session</td></tr>
 * <tr><td>{@code sse:seq:<name>}</td><td>integer</td><td>{@code INCR} counters</td></tr>
 * <tr><td>{@code sse:topic}</td><td>pub/sub channel</td><td>{@link TopicMessage}s, each event prefixed with its
 *     id: {@code "<id> <message>"}</td></tr>
 * <tr><td>{@code sse:eventid}</td><td>integer</td><td>the newest event id (Herald only; microseconds of the Redis
 *     clock, or one more than the last id)</td></tr>
 * <tr><td>{@code sse:eventid:epoch}</td><td>integer</td><td>the first id of the current counter: older positions
 *     are from a history now gone (Herald only)</td></tr>
 * <tr><td>{@code sse:history:<address>}</td><td>stream</td><td>kept events of one address, entry id
 *     {@code <event id>-0}, field {@code m} = the topic message; capped by count and age (Herald only)</td></tr>
 * <tr><td>{@code sse:history-dropped:<address>}</td><td>string</td><td>the newest event id dropped from that
 *     stream for its size (Herald only)</td></tr>
 * <tr><td>{@code sse:chat:history:<channel>}</td><td>sorted set</td><td>the Chat app's message history (herald-chat)</td></tr>
 * </table>
 *
 * <p>An address is {@code *all} (events to everyone), {@code c:<channel>}, {@code u:<userId>},
 * {@code n:<userName>} or {@code s:<sessionId>}.
 *
 * <p>On a Redis Cluster the prefix must carry a hash tag ({@link #DEFAULT_CLUSTER_PREFIX} {@code {sse}:}, see
 * {@link #hasHashTag()}), so every key above lives in one slot and one script may touch many of them. That
 * puts Herald's whole registry and history on the shard owning the slot; the registry is small (one key per
 * subscription and one set per channel or user) and the shard's replicas take over on failover. ServiceStack
 * has no Cluster support, so no .NET server shares such a layout.
 *
 * <p>Names are appended as given (Redis keys are binary-safe). Immutable and thread-safe.
 */
public final class RedisKeys {

    /** ServiceStack's prefix. */
    public static final String DEFAULT_PREFIX = "sse:";

    /**
     * The default prefix on a Redis Cluster: ServiceStack's with a hash tag, so every key lands in one slot
     * (Herald's Lua scripts touch several keys at once).
     */
    public static final String DEFAULT_CLUSTER_PREFIX = "{sse}:";

    private static final RedisKeys DEFAULTS = new RedisKeys(DEFAULT_PREFIX);

    private final String prefix;

    private RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** The layout with prefix {@code sse:}. */
    public static RedisKeys defaults() {
        return DEFAULTS;
    }

    /**
     * A layout with another prefix, for example {@code "myapp:sse:"} to let several apps share a Redis.
     *
     * @throws IllegalArgumentException if the prefix is empty or contains whitespace
     */
    public static RedisKeys withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.isWhitespace(prefix.charAt(i)) || Character.isISOControl(prefix.charAt(i))) {
                throw new IllegalArgumentException("prefix must not contain whitespace or control characters: '" + prefix + "'");
            }
        }
        return new RedisKeys(prefix);
    }

    /** The prefix, for example {@code sse:}. */
    public String prefix() {
        return prefix;
    }

    /**
     * Whether the prefix carries a Redis Cluster hash tag: a {@code {...}} with at least one character inside,
     * at the prefix's first {@code {}. Then only the tag is hashed and every key of this layout shares one slot.
     */
    public boolean hasHashTag() {
        int open = prefix.indexOf('{');
        if (open < 0) {
            return false;
        }
        int close = prefix.indexOf('}', open + 1);
        return close > open + 1;
    }

    /** {@code <prefix>id:<subId>}: the subscription info JSON. */
    public String id(String subscriptionId) {
        return prefix + "id:" + require(subscriptionId, "subscriptionId");
    }

    /** {@code <prefix>ids}: the sorted set of live subscription ids. */
    public String ids() {
        return prefix + "ids";
    }

    /** {@code <prefix>channel:<channel>}. */
    public String channel(String channel) {
        return prefix + "channel:" + require(channel, "channel");
    }

    /** {@code <prefix>userid:<userId>}. */
    public String userId(String userId) {
        return prefix + "userid:" + require(userId, "userId");
    }

    /** {@code <prefix>username:<userName>}. */
    public String userName(String userName) {
        return prefix + "username:" + require(userName, "userName");
    }

    /** {@code <prefix>session:<sessionId>}. */
    public String session(String sessionId) {
        return prefix + "session:" + require(sessionId, "sessionId");
    }

    /** {@code <prefix>seq:<name>}: an {@code INCR} counter. */
    public String seq(String name) {
        return prefix + "seq:" + require(name, "name");
    }

    /** {@code <prefix>topic}: the pub/sub channel every server subscribes to. */
    public String topic() {
        return prefix + "topic";
    }

    /** {@code <prefix>eventid}: the newest event id. */
    public String eventId() {
        return prefix + "eventid";
    }

    /** {@code <prefix>eventid:epoch}: the first id of the current event id counter. */
    public String eventIdEpoch() {
        return prefix + "eventid:epoch";
    }

    /** {@code <prefix>history:<address>}: the stream of an address's kept events. */
    public String history(Address address) {
        return prefix + "history:" + addressName(address);
    }

    /** {@code <prefix>history-dropped:<address>}: the newest event id dropped from that stream for its size. */
    public String historyDropped(Address address) {
        return prefix + "history-dropped:" + addressName(address);
    }

    /** {@code <prefix>chat:history:}: the start of the Chat app's per-channel history keys. */
    public String chatHistoryPrefix() {
        return prefix + "chat:history:";
    }

    private static String addressName(Address address) {
        return switch (address.target()) {
            case ALL -> "*all";
            case CHANNELS -> "c:" + address.name();
            case USER_ID -> "u:" + address.name();
            case USER_NAME -> "n:" + address.name();
            case SESSION -> "s:" + address.name();
            case SUBSCRIPTION -> throw new IllegalArgumentException("messages to one subscription are not kept");
        };
    }

    /** {@code SCAN}/{@code KEYS} pattern matching every {@link #id} key (glob characters in the prefix escaped). */
    public String idPattern() {
        return globEscape(prefix) + "id:*";
    }

    /** Pattern matching every {@link #channel} key. */
    public String channelPattern() {
        return globEscape(prefix) + "channel:*";
    }

    /** Pattern matching every {@link #userId} key. */
    public String userIdPattern() {
        return globEscape(prefix) + "userid:*";
    }

    /** Pattern matching every {@link #userName} key. */
    public String userNamePattern() {
        return globEscape(prefix) + "username:*";
    }

    /** Pattern matching every {@link #session} key. */
    public String sessionPattern() {
        return globEscape(prefix) + "session:*";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisKeys && ((RedisKeys) o).prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    @Override
    public String toString() {
        return "RedisKeys[" + prefix + "]";
    }

    private static String require(String value, String name) {
        if (value == null) {
            throw new NullPointerException(name);
        }
        return value;
    }

    static String globEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
