package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.WireProtocolContract;
import io.herald.tck.TckServer;

class MemoryWireProtocolIT extends WireProtocolContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
