package io.herald.servlet;

import java.util.List;

/**
 * A real servlet container running a {@link HeraldServlet} on 127.0.0.1 and an ephemeral port, for tests.
 * Closing it stops the container (which destroys the servlet).
 */
public interface Container extends AutoCloseable {

    /** {@code http://127.0.0.1:<port>}, no context path, no trailing slash. */
    String origin();

    /** The servlet's URL prefix: origin, context path and mount, e.g. {@code http://127.0.0.1:4711/app/sse}. */
    String baseUrl();

    /** Stops the container. */
    @Override
    void close();

    /**
     * Where and how to mount the servlet, and container settings a test may shorten.
     *
     * @param contextPath  "" for the root context, else e.g. {@code /app}
     * @param mappings     the servlet's URL patterns, e.g. {@code /*} or {@code /sse/*}
     * @param asyncTimeout the container's default async timeout in ms, 0 for the container's own default
     *                     (Tomcat's connector {@code asyncTimeout}; Jetty has no such setting)
     * @param idleTimeout  the connector's idle timeout in ms, 0 for the container's own default (Jetty's
     *                     connector {@code idleTimeout}, Tomcat's {@code connectionTimeout})
     * @param appAtRoot    also map {@link AppServlet} to {@code /}, standing in for a framework's servlet
     */
    record Setup(String contextPath, List<String> mappings, long asyncTimeout, long idleTimeout, boolean appAtRoot) {

        public static Setup root() {
            return mounted("", "/*");
        }

        public static Setup mounted(String contextPath, String... mappings) {
            return new Setup(contextPath, List.of(mappings), 0, 0, false);
        }

        public Setup asyncTimeout(long millis) {
            return new Setup(contextPath, mappings, millis, idleTimeout, appAtRoot);
        }

        public Setup idleTimeout(long millis) {
            return new Setup(contextPath, mappings, asyncTimeout, millis, appAtRoot);
        }

        public Setup withAppAtRoot() {
            return new Setup(contextPath, mappings, asyncTimeout, idleTimeout, true);
        }

        /** The prefix the first mapping adds to paths ({@code /sse} for {@code /sse/*}). */
        public String mountPrefix() {
            String first = mappings.get(0);
            return first.endsWith("/*") ? first.substring(0, first.length() - 2) : "";
        }
    }

    /** A servlet that answers every request with {@code app: <path>}, as an application's own would. */
    final class AppServlet extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                throws java.io.IOException {
            res.setContentType("text/plain");
            res.getWriter().write("app: " + req.getServletPath());
        }
    }
}
