package io.herald.servlet.tomcat;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.ResumeContract;
import io.herald.tck.TckServer;

/** The Resume contract, unchanged, on Tomcat with the redis back-end. */
class TomcatRedisResumeIT extends ResumeContract {

    @Override
    protected TckServer startServer(ServerEventsOptions.Builder options) throws Exception {
        return ServletTckServers.start(ContainerKind.TOMCAT, options, Backends.redis());
    }
}
