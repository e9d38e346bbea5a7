package io.herald.redis;

import io.herald.ServerEventsOptions;
import io.herald.redis.tck.RedisClusterServers;
import io.herald.spi.Broker;
import io.herald.tck.DistributedBrokerContract;
import org.junit.jupiter.api.AfterEach;

/** The broker contract on a real three-master Redis Cluster. */
class ClusterBrokerIT extends DistributedBrokerContract {

    private final RedisBackends backends = new RedisBackends(() -> RedisClusterServers.cluster().uri());

    @AfterEach
    void release() {
        backends.closeAll();
    }

    @Override
    protected Broker newBroker(ServerEventsOptions options) {
        return backends.connect(options, RedisClusterServers.newPrefix()).broker;
    }

    @Override
    protected Broker newPeer(Broker first, ServerEventsOptions options) {
        return backends.connect(options, backends.of(first).keys.prefix()).broker;
    }
}
