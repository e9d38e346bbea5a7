package io.herald.tck;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.netty.HeraldServer;

/** Puts a {@link ServerEventsFeature} behind the Netty server on 127.0.0.1 and an ephemeral port. */
public final class TckServers {

    private TckServers() {
    }

    /** Starts serving {@code feature}; closing the result stops the server and closes the feature. */
    public static TckServer serve(ServerEventsFeature feature) {
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
