package io.herald.redis;

import io.lettuce.core.RedisURI;

import java.util.Objects;

/**
 * Parses the Redis addresses Herald accepts into Lettuce {@link RedisURI}s.
 *
 * <ul>
 * <li>{@code redis://[[user]:password@]host[:port][/database]}: plain TCP; for example
 *     {@code redis://127.0.0.1:6379}, {@code redis://:secret@cache:6379/2}.</li>
 * <li>{@code rediss://...}: the same over TLS.</li>
 * <li>{@code redis-socket:///path/to/redis.sock}: a Unix domain socket (needs native transport).</li>
 * <li>{@code redis-sentinel://[password@]host1[:port1][,host2[:port2]]/[database]#masterName}: Sentinel; the
 *     master is looked up on each (re)connect, so a reconnect after a failover lands on the new master.</li>
 * <li>a bare {@code host}, {@code host:port} or {@code [ipv6]:port}: taken as {@code redis://host[:port]}
 *     (port 6379 when left out).</li>
 * </ul>
 *
 * Query options such as {@code ?timeout=5s} follow Lettuce's {@link RedisURI#create(String)}. Redis Cluster
 * ({@code RedisClusterClient}) is not supported by Herald yet. Stateless.
 */
public final class RedisUris {

    private RedisUris() {
    }

    /**
     * Parses {@code uri} in one of the forms above.
     *
     * @throws IllegalArgumentException if it cannot be parsed; the message repeats the address with any
     *     password masked
     */
    public static RedisURI parse(String uri) {
        Objects.requireNonNull(uri, "redisUri");
        String s = uri.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("redisUri must not be empty");
        }
        String full = s.contains("://") ? s : "redis://" + s;
        try {
            return RedisURI.create(full);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("redisUri is not a valid Redis address: '" + mask(s) + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The address with the user-info part (password) replaced by {@code ***}, for messages and logs. */
    public static String mask(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = uri.lastIndexOf('@');
        int slash = uri.indexOf('/', start);
        if (at >= start && (slash < 0 || at < slash)) {
            return uri.substring(0, start) + "***" + uri.substring(at);
        }
        return uri;
    }
}
