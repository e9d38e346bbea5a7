package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.ClientScenarioContract;
import io.herald.tck.TckServer;

class MemoryClientScenarioIT extends ClientScenarioContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
