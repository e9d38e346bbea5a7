package io.herald.servlet.tomcat;

import io.herald.ServerEventsOptions;
import io.herald.servlet.Backends;
import io.herald.servlet.ContainerKind;
import io.herald.servlet.HeraldServletOptions;
import io.herald.servlet.ServletTckServers;
import io.herald.tck.TckServer;
import io.herald.tck.fuzz.ContainerAnswers;
import io.herald.tck.fuzz.FuzzContract;

/** The fuzz run against the Server Events endpoints on Tomcat (memory back-end). */
class TomcatFuzzIT extends FuzzContract {

    @Override
    protected TckServer startServer() throws Exception {
        return ServletTckServers.start(ContainerKind.TOMCAT, ServerEventsOptions.builder(), Backends.memory());
    }

    @Override
    protected int maxRequestBytes() {
        return HeraldServletOptions.defaults().maxRequestBytes();
    }

    /** Tomcat answers CONNECT and unknown transfer codings with 501, and HTTP/0.9 requests in HTTP/0.9. */
    @Override
    protected ContainerAnswers containerAnswers() {
        return new ContainerAnswers(java.util.Set.of(501), true);
    }
}
