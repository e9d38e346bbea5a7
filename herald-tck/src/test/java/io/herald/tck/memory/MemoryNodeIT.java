package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.NodeContract;
import io.herald.tck.TckServer;

class MemoryNodeIT extends NodeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
