package io.herald.servlet;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.http.HttpHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature behind one servlet in one real container, for the adapter's own tests. Closing it closes
 * the feature, then the container.
 */
final class Running implements AutoCloseable {

    final ServerEventsFeature feature;
    final HeraldServlet servlet;
    final Container container;

    private Running(ServerEventsFeature feature, HeraldServlet servlet, Container container) {
        this.feature = feature;
        this.servlet = servlet;
        this.container = container;
    }

    static Running start(ContainerKind kind, ServerEventsOptions.Builder options, HeraldServletOptions servletOptions,
                         Container.Setup setup, HttpHandler... extraHandlers) throws Exception {
        ServerEventsFeature feature = ServerEventsFeature.create(options.build());
        List<HttpHandler> handlers = new ArrayList<>(List.of(extraHandlers));
        handlers.add(feature);
        HeraldServlet servlet = new HeraldServlet(servletOptions, handlers);
        try {
            return new Running(feature, servlet, kind.start(servlet, setup));
        } catch (Exception | Error e) {
            feature.close();
            throw e;
        }
    }

    static Running start(ContainerKind kind) throws Exception {
        return start(kind, ServerEventsOptions.builder(), HeraldServletOptions.defaults(), Container.Setup.root());
    }

    String baseUrl() {
        return container.baseUrl();
    }

    @Override
    public void close() {
        try {
            feature.close();
        } finally {
            container.close();
        }
    }
}
