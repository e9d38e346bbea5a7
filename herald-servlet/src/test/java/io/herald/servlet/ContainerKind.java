package io.herald.servlet;

/** The containers the suite runs on, and the statuses each answers before any servlet runs. */
public enum ContainerKind {

    /** Jetty 12.1, ee10. */
    JETTY(414, 431) {
        @Override
        public Container start(HeraldServlet servlet, Container.Setup setup) throws Exception {
            return JettyContainer.start(servlet, setup);
        }
    },

    /** Tomcat 11.0: an oversized request line or header block is a plain {@code 400} there. */
    TOMCAT(400, 400) {
        @Override
        public Container start(HeraldServlet servlet, Container.Setup setup) throws Exception {
            return TomcatContainer.start(servlet, setup);
        }
    };

    private final int requestLineTooLongStatus;
    private final int headersTooLargeStatus;

    ContainerKind(int requestLineTooLongStatus, int headersTooLargeStatus) {
        this.requestLineTooLongStatus = requestLineTooLongStatus;
        this.headersTooLargeStatus = headersTooLargeStatus;
    }

    /** Starts the container with the servlet mounted as {@code setup} says, on 127.0.0.1 and an ephemeral port. */
    public abstract Container start(HeraldServlet servlet, Container.Setup setup) throws Exception;

    public int requestLineTooLongStatus() {
        return requestLineTooLongStatus;
    }

    public int headersTooLargeStatus() {
        return headersTooLargeStatus;
    }
}
