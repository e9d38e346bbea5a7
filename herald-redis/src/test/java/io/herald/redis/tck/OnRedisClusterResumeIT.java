package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.ResumeContract;
import io.herald.tck.TckServer;

/** The Resume contract, unchanged, on the Redis back-end over a real Redis Cluster. */
class OnRedisClusterResumeIT extends ResumeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisClusterServers.start(options);
    }
}
