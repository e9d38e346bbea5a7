package io.herald.redis;

import io.herald.ServerEventsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Redis back-ends built for the SPI contract tests, released after each test. */
final class RedisBackends {

    private final Supplier<String> uri;
    private final List<RedisBackend> open = new ArrayList<>();

    RedisBackends(Supplier<String> uri) {
        this.uri = uri;
    }

    RedisBackend connect(ServerEventsOptions options, String prefix) {
        RedisBackend b = RedisBackend.connect(options, uri.get(), prefix);
        open.add(b);
        return b;
    }

    /** The back-end whose broker is {@code broker}. */
    RedisBackend of(Object broker) {
        return open.stream().filter(b -> b.broker == broker).findFirst().orElseThrow();
    }

    void closeAll() {
        for (RedisBackend b : open) {
            b.broker.close();
            b.close();
        }
        open.clear();
    }
}
