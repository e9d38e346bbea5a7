package io.herald.servlet;

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
     * @param mapping      the servlet's URL pattern, e.g. {@code /*} or {@code /sse/*}
     * @param asyncTimeout the container's default async timeout in ms, 0 for the container's own default
     *                     (Tomcat's connector {@code asyncTimeout}; Jetty has no such setting)
     * @param idleTimeout  the connector's idle timeout in ms, 0 for the container's own default (Jetty's
     *                     connector {@code idleTimeout}, Tomcat's {@code connectionTimeout})
     */
    record Setup(String contextPath, String mapping, long asyncTimeout, long idleTimeout) {

        public static Setup root() {
            return new Setup("", "/*", 0, 0);
        }

        public static Setup mounted(String contextPath, String mapping) {
            return new Setup(contextPath, mapping, 0, 0);
        }

        public Setup asyncTimeout(long millis) {
            return new Setup(contextPath, mapping, millis, idleTimeout);
        }

        public Setup idleTimeout(long millis) {
            return new Setup(contextPath, mapping, asyncTimeout, millis);
        }

        /** The prefix the mapping adds to paths ({@code /sse} for {@code /sse/*}). */
        public String mountPrefix() {
            return mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) : "";
        }
    }
}
