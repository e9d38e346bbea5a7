package io.herald.redis;

import io.lettuce.core.RedisURI;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * <li>{@code redis-cluster://[[user]:password@]host1[:port1][,host2[:port2]...]}: Redis Cluster; the hosts are
 *     seed nodes (any one reachable node is enough, the rest of the cluster is discovered from it), port 6379
 *     when left out. {@code rediss-cluster://...} is the same over TLS. A database other than 0 is refused
 *     (Cluster has only database 0).</li>
 * <li>a bare {@code host}, {@code host:port} or {@code [ipv6]:port}: taken as {@code redis://host[:port]}
 *     (port 6379 when left out).</li>
 * </ul>
 *
 * Query options such as {@code ?timeout=5s} follow Lettuce's {@link RedisURI#create(String)}; on a cluster
 * address they apply to every seed node. Stateless.
 */
public final class RedisUris {

    private RedisUris() {
    }

    /** Whether {@code uri} is a Redis Cluster address ({@code redis-cluster://} or {@code rediss-cluster://}). */
    public static boolean isCluster(String uri) {
        if (uri == null) {
            return false;
        }
        String s = uri.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("redis-cluster://") || s.startsWith("rediss-cluster://");
    }

    /**
     * Parses {@code uri} in one of the forms above, except Redis Cluster (see {@link #parseCluster}).
     *
     * @throws IllegalArgumentException if it cannot be parsed, or is a cluster address; the message repeats
     *     the address with any password masked
     */
    public static RedisURI parse(String uri) {
        String s = trimmed(uri);
        if (isCluster(s)) {
            throw new IllegalArgumentException("redisUri '" + mask(s) + "' is a Redis Cluster address; it names "
                    + "several seed nodes, read it with RedisUris.parseCluster");
        }
        return create(s.contains("://") ? s : "redis://" + s, s);
    }

    /**
     * Parses a {@code redis-cluster://} or {@code rediss-cluster://} address into one {@link RedisURI} per seed
     * node, each carrying the credentials and query options of the address.
     *
     * @throws IllegalArgumentException if it is not a cluster address, names no host, an empty host or a
     *     database other than 0; the message repeats the address with any password masked
     */
    public static List<RedisURI> parseCluster(String uri) {
        String s = trimmed(uri);
        if (!isCluster(s)) {
            throw new IllegalArgumentException("redisUri '" + mask(s) + "' is not a Redis Cluster address "
                    + "(redis-cluster://host1:port1,host2:port2)");
        }
        int schemeEnd = s.indexOf("://");
        String scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT).startsWith("rediss") ? "rediss" : "redis";
        String rest = s.substring(schemeEnd + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String db = rest.substring(slash + 1);
            if (!db.isEmpty() && !db.equals("0")) {
                throw new IllegalArgumentException("redisUri '" + mask(s) + "' names database '" + db
                        + "'; Redis Cluster has only database 0");
            }
            rest = rest.substring(0, slash);
        }
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        List<RedisURI> nodes = new ArrayList<>();
        for (String host : rest.split(",", -1)) {
            String h = host.trim();
            if (h.isEmpty()) {
                throw new IllegalArgumentException("redisUri '" + mask(s) + "' has an empty host in its node list");
            }
            nodes.add(create(scheme + "://" + userInfo + h + query, s));
        }
        return List.copyOf(nodes);
    }

    /**
     * Parses any address above: the seed nodes of a cluster address ({@link #parseCluster}), otherwise the one
     * {@link RedisURI} of {@link #parse}. Each call returns fresh (mutable) {@code RedisURI}s.
     *
     * @throws IllegalArgumentException as {@link #parse} and {@link #parseCluster} do
     */
    public static List<RedisURI> parseAll(String uri) {
        return isCluster(uri) ? parseCluster(uri) : List.of(parse(uri));
    }

    private static String trimmed(String uri) {
        Objects.requireNonNull(uri, "redisUri");
        String s = uri.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("redisUri must not be empty");
        }
        return s;
    }

    private static RedisURI create(String full, String given) {
        try {
            return RedisURI.create(full);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("redisUri is not a valid Redis address: '" + mask(given) + "' ("
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
