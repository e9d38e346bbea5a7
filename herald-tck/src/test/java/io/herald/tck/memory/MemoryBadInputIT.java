package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.BadInputContract;
import io.herald.tck.TckServer;

class MemoryBadInputIT extends BadInputContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
