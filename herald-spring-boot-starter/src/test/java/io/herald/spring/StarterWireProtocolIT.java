package io.herald.spring;

import io.herald.ServerEventsOptions;
import io.herald.tck.TckServer;
import io.herald.tck.WireProtocolContract;

/** herald-tck's wire protocol contract, unchanged, on the starter's auto-configured endpoints in a Boot app. */
class StarterWireProtocolIT extends WireProtocolContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) {
        return StarterTckServers.start(options);
    }
}
