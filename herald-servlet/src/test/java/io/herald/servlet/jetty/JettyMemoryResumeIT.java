package io.herald.servlet.jetty;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.ResumeContract;
import io.herald.tck.TckServer;

/** The Resume contract, unchanged, on Jetty with the memory back-end. */
class JettyMemoryResumeIT extends ResumeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) throws Exception {
        return ServletTckServers.start(ContainerKind.JETTY, options, Backends.memory());
    }
}
