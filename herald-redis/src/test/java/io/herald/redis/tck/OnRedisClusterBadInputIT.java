package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.BadInputContract;
import io.herald.tck.TckServer;

/** The BadInput contract, unchanged, on the Redis back-end over a real Redis Cluster. */
class OnRedisClusterBadInputIT extends BadInputContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisClusterServers.start(options);
    }
}
