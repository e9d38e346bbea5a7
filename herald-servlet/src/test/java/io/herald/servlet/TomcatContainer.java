package io.herald.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 (Servlet 6.1, NIO connector) with one context and the servlet in it. */
public final class TomcatContainer implements Container {

    private final Tomcat tomcat;
    private final Path baseDir;
    private final String origin;
    private final String baseUrl;

    private TomcatContainer(Tomcat tomcat, Path baseDir, String origin, String baseUrl) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.origin = origin;
        this.baseUrl = baseUrl;
    }

    public static Container start(HeraldServlet servlet, Setup setup) throws Exception {
        Path baseDir = Files.createTempDirectory("herald-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        if (setup.idleTimeout() > 0) {
            connector.setProperty("connectionTimeout", Long.toString(setup.idleTimeout()));
        }
        if (setup.asyncTimeout() > 0) {
            connector.setAsyncTimeout(setup.asyncTimeout());
        }
        tomcat.setConnector(connector);
        // as Spring Boot does: Tomcat's own error pages (for requests it refuses before any servlet runs) carry no
        // stack trace or server version
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        Context context = tomcat.addContext(setup.contextPath(), baseDir.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "herald", servlet);
        wrapper.setAsyncSupported(true);
        wrapper.setLoadOnStartup(1);
        for (String mapping : setup.mappings()) {
            context.addServletMapping(mapping, "herald");
        }
        if (setup.appAtRoot()) {
            Tomcat.addServlet(context, "app", new AppServlet());
            context.addServletMapping("/", "app");
        }
        tomcat.start();
        String origin = "http://127.0.0.1:" + connector.getLocalPort();
        return new TomcatContainer(tomcat, baseDir, origin, origin + setup.contextPath() + setup.mountPrefix());
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
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
            deleteQuietly(baseDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
