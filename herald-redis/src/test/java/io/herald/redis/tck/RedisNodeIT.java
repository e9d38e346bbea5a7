package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.NodeContract;
import io.herald.tck.TckServer;

class RedisNodeIT extends NodeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
