package io.herald.interop;

import io.herald.redis.RedisServerEvents;
import io.herald.testkit.RedisServerProcess;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link PlainClientsLiveness} on Redis with two Herald servers on one real redis-server: the clients stream from
 * the first, the watcher listens on the second and the registry is asked through the second. The second server
 * sweeps idle entries of servers that vanished; it must leave alone the live streams its peer keeps alive.
 */
class RedisPlainClientsIT extends PlainClientsLiveness {

    private RedisServerProcess redis;
    private TestHerald first;
    private TestHerald second;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.startNew();
        first = TestHerald.start(options(), RedisServerEvents.factory(redis.uri()), UnaryOperator.identity());
        second = TestHerald.start(options(), RedisServerEvents.factory(redis.uri()), UnaryOperator.identity());
    }

    @Override
    void closeServers() throws Exception {
        TestHerald.closeAll(first, second, redis);
    }

    @Override
    TestHerald clientSide() {
        return first;
    }

    @Override
    TestHerald watcherSide() {
        return second;
    }
}
