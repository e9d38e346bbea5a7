package io.herald.tck;

import io.herald.ServerEvents;

/** One running Herald server for a contract test: HTTP on loopback plus the back-end behind it. */
public interface TckServer extends AutoCloseable {

    /** E.g. {@code http://127.0.0.1:41234}, no trailing slash. */
    String baseUrl();

    /** The back-end the endpoints use. */
    ServerEvents serverEvents();

    /**
     * Whether the transport puts an error's message in the status line's reason phrase (herald-netty does).
     * Servlet containers cannot (Servlet 6 has no way to set one, and Tomcat never sends one); they answer
     * false and carry the message in the {@code X-Status-Description} header instead, which the contracts
     * then check.
     */
    default boolean sendsReasonPhrases() {
        return true;
    }

    /**
     * The status this transport answers a request line longer than it accepts: {@code 414 URI Too Long}
     * (herald-netty, Jetty). Tomcat answers {@code 400} ("Request header is too large") before any
     * application code runs, so its servers say so here.
     */
    default int requestLineTooLongStatus() {
        return 414;
    }

    /**
     * The status this transport answers request headers larger than it accepts: {@code 431 Request Header
     * Fields Too Large} (herald-netty, Jetty); {@code 400} on Tomcat, as for {@link #requestLineTooLongStatus()}.
     */
    default int headersTooLargeStatus() {
        return 431;
    }

    /** Stops the HTTP server and the back-end. */
    @Override
    void close();
}
