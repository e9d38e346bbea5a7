package io.herald.redis.tck;

import io.herald.ServerEventsOptions;
import io.herald.tck.WireProtocolContract;
import io.herald.tck.TckServer;

class RedisWireProtocolIT extends WireProtocolContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return RedisServers.start(options);
    }
}
