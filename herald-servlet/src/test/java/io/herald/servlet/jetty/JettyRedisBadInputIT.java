package io.herald.servlet.jetty;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.BadInputContract;
import io.herald.tck.TckServer;

/** The BadInput contract, unchanged, on Jetty with the redis back-end. */
class JettyRedisBadInputIT extends BadInputContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) throws Exception {
        return ServletTckServers.start(ContainerKind.JETTY, options, Backends.redis());
    }
}
