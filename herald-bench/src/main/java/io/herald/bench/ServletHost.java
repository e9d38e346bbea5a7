package io.herald.bench;

import io.herald.servlet.HeraldServlet;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Herald's endpoints in a real servlet container (embedded Jetty 12.1 ee10 or Tomcat 11.0), mounted at the root,
 * for the servlet-vs-Netty benchmarks. Container defaults otherwise: what an application gets.
 */
final class ServletHost {

    private ServletHost() {
    }

    /** Starts {@code servlet} in {@code container} ({@code jetty} or {@code tomcat}); returns the bound port. */
    static int start(String container, HeraldServlet servlet, String host, int port) throws Exception {
        return switch (container) {
            case "jetty" -> jetty(servlet, host, port);
            case "tomcat" -> tomcat(servlet, host, port);
            default -> throw new IllegalArgumentException("--transport must be netty, jetty or tomcat: " + container);
        };
    }

    private static int jetty(HeraldServlet servlet, String host, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("herald", servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    private static int tomcat(HeraldServlet servlet, String host, int port) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("herald-bench-tomcat").toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", host);
        connector.setProperty("maxConnections", "-1"); // the default 8192 would refuse the 10,000th subscriber
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", tomcat.getServer().getCatalinaBase().getPath());
        Wrapper wrapper = Tomcat.addServlet(context, "herald", servlet);
        wrapper.setAsyncSupported(true);
        context.addServletMapping("/*", "herald");
        tomcat.start();
        return connector.getLocalPort();
    }
}
