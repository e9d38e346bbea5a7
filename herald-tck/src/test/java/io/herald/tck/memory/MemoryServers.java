package io.herald.tck.memory;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.tck.TckServer;
import io.herald.tck.TckServers;

/** Starts Herald on the memory back-end behind the Netty server, on 127.0.0.1 and an ephemeral port. */
final class MemoryServers {

    private MemoryServers() {
    }

    static TckServer start(ServerEventsOptions.Builder options) {
        ServerEventsFeature feature = ServerEventsFeature.create(options.build());
        return TckServers.serve(feature);
    }
}
