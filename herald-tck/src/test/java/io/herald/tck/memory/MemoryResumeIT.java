package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.ResumeContract;
import io.herald.tck.TckServer;

class MemoryResumeIT extends ResumeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return MemoryServers.start(options);
    }
}
