package io.herald.servlet.tomcat;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.BadInputContract;
import io.herald.tck.TckServer;

/** The BadInput contract, unchanged, on Tomcat with the memory back-end. */
class TomcatMemoryBadInputIT extends BadInputContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) throws Exception {
        return ServletTckServers.start(ContainerKind.TOMCAT, options, Backends.memory());
    }
}
