package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.ClientScenarioContract;
import io.herald.tck.TckServer;

class RedisClientScenarioIT extends ClientScenarioContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
