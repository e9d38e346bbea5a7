package io.herald.redis;

import io.herald.ServerEventsOptions;
import io.herald.redis.tck.RedisClusterServers;
import io.herald.spi.Registry;
import io.herald.tck.RegistryContract;
import org.junit.jupiter.api.AfterEach;

/** The registry contract on a real three-master Redis Cluster. */
class ClusterRegistryIT extends RegistryContract {

    private final RedisBackends backends = new RedisBackends(() -> RedisClusterServers.cluster().uri());

    @AfterEach
    void release() {
        backends.closeAll();
    }

    @Override
    protected Registry newRegistry() {
        return backends.connect(ServerEventsOptions.defaults(), RedisClusterServers.newPrefix()).registry;
    }
}
