package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.OpenSseContract;
import io.herald.tck.TckServer;

class RedisOpenSseIT extends OpenSseContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
