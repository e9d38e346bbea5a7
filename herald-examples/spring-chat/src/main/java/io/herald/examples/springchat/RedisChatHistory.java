package io.herald.examples.springchat;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history every instance on one Redis shares: a sorted set per channel ({@code chat:history:<channel>}, the
 * layout herald-chat uses), scored by message id, trimmed to the newest {@code limit}. Uses the Lettuce client
 * herald-redis brings, with its own connection; {@link #close()} releases it.
 */
final class RedisChatHistory implements ChatHistory, AutoCloseable {

    private static final String PREFIX = "chat:history:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final JsonMapper json;
    private final int limit;

    RedisChatHistory(String uri, JsonMapper json, int limit) {
        RedisURI address = RedisURI.create(uri);
        address.setTimeout(Duration.ofSeconds(5));
        this.client = RedisClient.create(address);
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("Cannot reach Redis at " + address.getHost() + ":" + address.getPort()
                    + " for the chat history: " + e.getMessage(), e);
        }
        this.redis = connection.sync();
        this.json = json;
        this.limit = limit;
    }

    @Override
    public void add(ChatMessage message) {
        String key = PREFIX + message.channel();
        redis.zadd(key, message.id(), json.writeValueAsString(message));
        redis.zremrangebyrank(key, 0, -(limit + 1L));
    }

    @Override
    public List<ChatMessage> get(List<String> channels, Long afterId, int take) {
        List<ChatMessage> out = new ArrayList<>();
        if (take == 0) {
            return out;
        }
        Range<Long> range = afterId == null ? Range.unbounded()
                : Range.from(Range.Boundary.excluding(afterId), Range.Boundary.unbounded());
        for (String channel : new LinkedHashSet<>(channels)) {
            for (String text : redis.zrevrangebyscore(PREFIX + channel, range, Limit.create(0, take))) {
                out.add(json.readValue(text, ChatMessage.class));
            }
        }
        out.sort(Comparator.comparingLong(ChatMessage::id));
        return out;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
