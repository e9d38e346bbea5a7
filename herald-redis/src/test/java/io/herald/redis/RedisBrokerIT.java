package io.herald.redis;

import io.herald.ServerEventsOptions;
import io.herald.redis.tck.RedisServers;
import io.herald.spi.Broker;
import io.herald.tck.DistributedBrokerContract;
import org.junit.jupiter.api.AfterEach;

/** The broker contract on one real redis-server. */
class RedisBrokerIT extends DistributedBrokerContract {

    private final RedisBackends backends = new RedisBackends(() -> RedisServers.redis().uri());

    @AfterEach
    void release() {
        backends.closeAll();
    }

    @Override
    protected Broker newBroker(ServerEventsOptions options) {
        return backends.connect(options, RedisServers.newPrefix()).broker;
    }

    @Override
    protected Broker newPeer(Broker first, ServerEventsOptions options) {
        return backends.connect(options, backends.of(first).keys.prefix()).broker;
    }
}
