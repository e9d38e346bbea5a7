package io.herald.servlet.tomcat;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.WireProtocolContract;
import io.herald.tck.TckServer;

/** The WireProtocol contract, unchanged, on Tomcat with the redis back-end. */
class TomcatRedisWireProtocolIT extends WireProtocolContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) throws Exception {
        return ServletTckServers.start(ContainerKind.TOMCAT, options, Backends.redis());
    }
}
