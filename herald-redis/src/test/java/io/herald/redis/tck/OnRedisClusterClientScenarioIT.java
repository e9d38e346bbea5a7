package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.ClientScenarioContract;
import io.herald.tck.TckServer;

/** The ClientScenario contract, unchanged, on the Redis back-end over a real Redis Cluster. */
class OnRedisClusterClientScenarioIT extends ClientScenarioContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisClusterServers.start(options);
    }
}
