package io.herald.redis;

import io.herald.ServerEventsOptions;
import io.herald.redis.tck.RedisServers;
import io.herald.spi.Registry;
import io.herald.tck.RegistryContract;
import org.junit.jupiter.api.AfterEach;

/** The registry contract on one real redis-server. */
class RedisRegistryIT extends RegistryContract {

    private final RedisBackends backends = new RedisBackends(() -> RedisServers.redis().uri());

    @AfterEach
    void release() {
        backends.closeAll();
    }

    @Override
    protected Registry newRegistry() {
        return backends.connect(ServerEventsOptions.defaults(), RedisServers.newPrefix()).registry;
    }
}
