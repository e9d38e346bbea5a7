package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.ConnectTokenContract;
import io.herald.tck.TckServer;

class MemoryConnectTokenIT extends ConnectTokenContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
