package io.herald.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.redis.RedisUris;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.herald.redis.RedisConnector;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * {@link ChatHistory} in Redis, shared by every chat instance on that Redis: one sorted set per channel,
 * key {@code <prefix><channel>}, scored by message id, member the message's JSON. Each add trims the set
 * to the newest {@code maxPerChannel} messages, so the order and the cap hold whichever server wrote.
 *
 * <p>Talks to Redis with its own Lettuce connection; {@link #close()} releases it. Calls block for at most
 * the command timeout (5 s) and throw {@link IllegalStateException} naming the Redis address when Redis is
 * unreachable. Thread-safe.
 */
public final class RedisChatHistory implements ChatHistory, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final String prefix;
    private final int maxPerChannel;
    private final String address;
    private final RedisConnector connector;
    private final RedisConnector.Commands connection;
    private final RedisClusterCommands<String, String> redis;

    /**
     * Connects to Redis.
     *
     * @param redisUri      any address {@link RedisUris} accepts: {@code host[:port]}, {@code redis://...},
     *                      {@code redis-sentinel://...}, {@code redis-cluster://...} (each key is one channel's
     *                      history, so a Cluster spreads channels over its shards)
     * @param keyPrefix     prefix of the per-channel keys, e.g. {@code sse:chat:history:} ({@code RedisKeys.chatHistoryPrefix()})
     * @param maxPerChannel messages kept per channel, at least 1
     * @throws IllegalStateException if Redis cannot be reached
     */
    public RedisChatHistory(String redisUri, String keyPrefix, int maxPerChannel) {
        Objects.requireNonNull(redisUri, "redisUri");
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            throw new IllegalArgumentException("keyPrefix must not be empty: '" + keyPrefix + "'");
        }
        if (maxPerChannel < 1) {
            throw new IllegalArgumentException("maxPerChannel must be >= 1: " + maxPerChannel);
        }
        this.prefix = keyPrefix;
        this.maxPerChannel = maxPerChannel;
        this.address = RedisUris.mask(redisUri);
        this.connector = RedisConnector.create(redisUri, null, ClientOptions.create(), COMMAND_TIMEOUT);
        try {
            this.connection = connector.connect();
        } catch (RuntimeException e) {
            connector.close();
            throw new IllegalStateException("Cannot connect to Redis at " + address + " for the chat history: "
                    + rootMessage(e), e);
        }
        connection.setTimeout(COMMAND_TIMEOUT);
        this.redis = connection.sync();
    }

    @Override
    public void add(ChatMessage message) {
        if (message.getChannel() == null) {
            throw new IllegalArgumentException("ChatMessage " + message.getId() + " has no channel");
        }
        String key = prefix + message.getChannel();
        String json = toJson(message);
        try {
            redis.zadd(key, message.getId(), json);
            // keep the newest maxPerChannel: drop ranks 0 .. -(max+1)
            redis.zremrangebyrank(key, 0, -(maxPerChannel + 1L));
        } catch (RuntimeException e) {
            throw failure("add a chat message", e);
        }
    }

    @Override
    public List<ChatMessage> getHistory(List<String> channels, Long afterId, Integer take) {
        int limit = take == null ? GetChatHistory.DEFAULT_TAKE : take;
        if (limit < 0) {
            throw new IllegalArgumentException("take must be >= 0: " + limit);
        }
        List<ChatMessage> result = new ArrayList<>();
        if (limit == 0) {
            return result;
        }
        Range<Long> range = afterId == null ? Range.unbounded()
                : Range.from(Range.Boundary.excluding(afterId), Range.Boundary.unbounded());
        try {
            for (String channel : new LinkedHashSet<>(channels)) {
                // newest first, at most 'limit' of them
                for (String json : redis.zrevrangebyscore(prefix + channel, range, Limit.create(0, limit))) {
                    result.add(fromJson(json));
                }
            }
        } catch (RuntimeException e) {
            throw failure("read the chat history", e);
        }
        result.sort(Comparator.comparingLong(ChatMessage::getId));
        return result;
    }

    @Override
    public void clear() {
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs args = ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(500);
            do {
                KeyScanCursor<String> page = redis.scan(cursor, args);
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RuntimeException e) {
            throw failure("clear the chat history", e);
        }
    }

    /** Messages stored for {@code channel} (for tests and diagnostics). */
    public long size(String channel) {
        return redis.zcard(prefix + channel);
    }

    @Override
    public void close() {
        connection.close();
        connector.close();
    }

    private IllegalStateException failure(String what, RuntimeException e) {
        return new IllegalStateException("Redis at " + address + " is unavailable, could not " + what + ": "
                + rootMessage(e), e);
    }

    private static String toJson(ChatMessage m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode " + m + ": " + e.getOriginalMessage(), e);
        }
    }

    private static ChatMessage fromJson(String json) {
        try {
            return JSON.readValue(json, ChatMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable chat message in Redis: " + e.getOriginalMessage(), e);
        }
    }

    /** Glob characters in the prefix must match themselves in SCAN MATCH. */
    private static String escapeGlob(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
