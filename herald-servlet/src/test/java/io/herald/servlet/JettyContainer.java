package io.herald.servlet;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10, Servlet 6.0) with one context and the servlet in it. */
public final class JettyContainer implements Container {

    private final Server server;
    private final String origin;
    private final String baseUrl;

    private JettyContainer(Server server, String origin, String baseUrl) {
        this.server = server;
        this.origin = origin;
        this.baseUrl = baseUrl;
    }

    public static Container start(HeraldServlet servlet, Setup setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        if (setup.idleTimeout() > 0) {
            connector.setIdleTimeout(setup.idleTimeout());
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(setup.contextPath().isEmpty() ? "/" : setup.contextPath());
        ServletHolder holder = new ServletHolder("herald", servlet);
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        for (String mapping : setup.mappings()) {
            context.addServlet(holder, mapping);
        }
        if (setup.appAtRoot()) {
            context.addServlet(new ServletHolder("app", new AppServlet()), "/");
        }
        server.setHandler(context);
        server.setStopTimeout(0); // no graceful wait: tests close the feature (ending its streams) first
        server.start();
        String origin = "http://127.0.0.1:" + connector.getLocalPort();
        return new JettyContainer(server, origin, origin + setup.contextPath() + setup.mountPrefix());
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
