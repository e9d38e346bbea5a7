package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.OpenSseContract;
import io.herald.tck.TckServer;

class MemoryOpenSseIT extends OpenSseContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
