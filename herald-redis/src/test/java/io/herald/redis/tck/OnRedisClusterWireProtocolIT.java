package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.WireProtocolContract;
import io.herald.tck.TckServer;

/** The WireProtocol contract, unchanged, on the Redis back-end over a real Redis Cluster. */
class OnRedisClusterWireProtocolIT extends WireProtocolContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisClusterServers.start(options);
    }
}
