package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.ConnectTokenContract;
import io.herald.tck.TckServer;

class RedisConnectTokenIT extends ConnectTokenContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
