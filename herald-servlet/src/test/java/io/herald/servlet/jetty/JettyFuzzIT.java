package io.herald.servlet.jetty;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.HeraldServletOptions;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.TckServer;
import io.herald.tck.fuzz.FuzzContract;

/** The fuzz run against the Server Events endpoints on Jetty (memory back-end). */
class JettyFuzzIT extends FuzzContract {

    @Override
    protected TckServer startServer() throws Exception {
        return ServletTckServers.start(ContainerKind.JETTY, ServerEventsOptions.builder(), Backends.memory());
    }

    @Override
    protected int maxRequestBytes() {
        return HeraldServletOptions.defaults().maxRequestBytes();
    }
}
