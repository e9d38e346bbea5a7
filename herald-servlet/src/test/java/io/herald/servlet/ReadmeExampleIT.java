package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEvents;
import io.herald.servlet.example.HeraldSetup;
import io.herald.tck.SseTestClient;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The README's listener, declared as web.xml would declare it, serves streams under /app/sse on both containers. */
class ReadmeExampleIT {

    @Test
    void onTomcat() throws Exception {
        Path base = Files.createTempDirectory("herald-readme");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("/app", base.toString());
        context.addApplicationListener(HeraldSetup.class.getName());
        tomcat.start();
        try {
            exercise("http://127.0.0.1:" + connector.getLocalPort(), context.getServletContext());
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void onJetty() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addEventListener(new HeraldSetup());
        server.setHandler(context);
        server.start();
        try {
            exercise("http://127.0.0.1:" + connector.getLocalPort(), context.getServletContext());
        } finally {
            server.stop();
        }
    }

    private static void exercise(String origin, ServletContext servletContext) throws Exception {
        ServerEvents events = (ServerEvents) servletContext.getAttribute("serverEvents");
        try (SseTestClient c = SseTestClient.open(origin, "/app/sse/event-stream?channels=home")) {
            c.expectConnect();
            assertThat(c.connectValue("heartbeatUrl")).startsWith(origin + "/app/sse/event-heartbeat?id=");
            c.nextCommand("onJoin");
            events.notifyChannel("home", "cmd.announce", "hello from the README");
            assertThat(c.nextCommand("announce").body()).isEqualTo("\"hello from the README\"");
        }
    }
}
