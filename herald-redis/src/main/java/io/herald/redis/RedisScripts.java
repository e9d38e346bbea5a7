package io.herald.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Lua scripts the Redis back-end runs: each does one step that touches several keys atomically. On a Redis
 * Cluster every key of a call shares the prefix's hash tag, so each script runs on one shard.
 */
final class RedisScripts {

    private RedisScripts() {
    }

    /**
     * Takes the next event id (the Redis clock in microseconds, or one more than the last id), keeps the
     * message in the history stream of each of its addresses (capped by count and age, remembering the newest
     * id dropped for the count), and publishes {@code "<id> <message>"}.
     * KEYS: event id, topic, epoch, then pairs of (history stream, dropped-id key). ARGV: message, max length,
     * retention ms. Returns the id.
     */
    static final String PUBLISH = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + math.floor(tonumber(t[2]) / 1000) * 1000",
            "local last = redis.call('GET', KEYS[1])",
            "local id",
            "if last then id = math.max(tonumber(last) + 1, now) else",
            "  id = now",
            "  redis.call('SET', KEYS[3], string.format('%.0f', id))",
            "end",
            "local sid = string.format('%.0f', id)",
            "redis.call('SET', KEYS[1], sid)",
            "local maxlen = tonumber(ARGV[2])",
            "for i = 4, #KEYS - 1, 2 do",
            "  local len = redis.call('XLEN', KEYS[i])",
            "  if len >= maxlen then",
            "    local gone = redis.call('XRANGE', KEYS[i], '-', '+', 'COUNT', len - maxlen + 1)",
            "    redis.call('SET', KEYS[i + 1], string.match(gone[#gone][1], '^(%d+)'), 'PX', ARGV[3])",
            "  end",
            "  redis.call('XADD', KEYS[i], 'MAXLEN', maxlen, sid .. '-0', 'm', ARGV[1])",
            "  redis.call('XTRIM', KEYS[i], 'MINID', string.format('%.0f', now - tonumber(ARGV[3]) * 1000))",
            "  redis.call('PEXPIRE', KEYS[i], ARGV[3])",
            "end",
            "redis.call('PUBLISH', KEYS[2], sid .. ' ' .. ARGV[1])",
            "return sid");

    /** SHA-1 of {@link #PUBLISH}: {@code EVALSHA} first, {@code EVAL} (which caches it on that node) on NOSCRIPT. */
    static final String PUBLISH_SHA = sha1Hex(PUBLISH);

    /** KEYS: topic. ARGV: message. A keyed PUBLISH, so a Cluster routes it to a live master. */
    static final String PUBLISH_CONTROL = "return redis.call('PUBLISH', KEYS[1], ARGV[1])";

    /** KEYS: id, ids, index sets. ARGV: json, score, subId. */
    static final String REGISTER = String.join("\n",
            "redis.call('SET', KEYS[1], ARGV[1])",
            "redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])",
            "for i = 3, #KEYS do redis.call('SADD', KEYS[i], ARGV[3]) end",
            "return 1");

    /** KEYS: id, ids, index sets. ARGV: subId. Returns 1 if the subscription was still registered. */
    static final String UNREGISTER = String.join("\n",
            "local existed = redis.call('DEL', KEYS[1])",
            "redis.call('ZREM', KEYS[2], ARGV[1])",
            "for i = 3, #KEYS do redis.call('SREM', KEYS[i], ARGV[1]) end",
            "return existed");

    /**
     * KEYS: id, ids, added channel sets..., removed channel sets. ARGV: json, subId, number added. Changes
     * nothing if the subscription is no longer registered (a concurrent removal wins).
     */
    static final String UPDATE = String.join("\n",
            "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end",
            "redis.call('SET', KEYS[1], ARGV[1])",
            "local added = tonumber(ARGV[3])",
            "for i = 3, #KEYS do",
            "  if i - 2 <= added then redis.call('SADD', KEYS[i], ARGV[2]) else redis.call('SREM', KEYS[i], ARGV[2]) end",
            "end",
            "return 1");

    private static String sha1Hex(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
