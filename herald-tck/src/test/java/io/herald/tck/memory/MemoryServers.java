package io.herald.tck.memory;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;
import io.herald.tck.TckServer;

/** Starts Herald on the memory back-end behind the Netty server, on 127.0.0.1 and an ephemeral port. */
final class MemoryServers {

    private MemoryServers() {
    }

    static TckServer start(ServerEventsOptions.Builder options) {
        ServerEventsFeature feature = ServerEventsFeature.create(options.build());
        HeraldServer http = HeraldServer.builder().host("127.0.0.1").port(0).handler(feature).build();
        http.start();
        return new TckServer() {
            @Override
            public String baseUrl() {
                return http.baseUrl();
            }

            @Override
            public ServerEvents serverEvents() {
                return feature.serverEvents();
            }

            @Override
            public void close() {
                http.stop();
                feature.close();
            }
        };
    }
}
