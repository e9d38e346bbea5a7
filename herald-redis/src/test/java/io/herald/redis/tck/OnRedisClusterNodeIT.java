package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.NodeContract;
import io.herald.tck.TckServer;

/** The node contract on the Redis back-end over a real Redis Cluster. */
class OnRedisClusterNodeIT extends NodeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisClusterServers.start(options);
    }
}
