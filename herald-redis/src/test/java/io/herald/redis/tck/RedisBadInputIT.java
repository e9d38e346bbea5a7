package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.BadInputContract;
import io.herald.tck.TckServer;

class RedisBadInputIT extends BadInputContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
