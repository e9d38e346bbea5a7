package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.tck.TckServer;
import io.herald.tck.fuzz.FuzzContract;

/** The fuzz contract against the Server Events endpoints alone, memory back-end on the Netty server. */
class MemoryFuzzIT extends FuzzContract {

    @Override
    protected TckServer startServer() {
        return MemoryServers.start(ServerEventsOptions.builder());
    }
}
