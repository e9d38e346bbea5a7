package io.herald.tck;

import io.herald.ServerEvents;

/** One running Herald server for a contract test: HTTP on loopback plus the back-end behind it. */
public interface TckServer extends AutoCloseable {

    /** E.g. {@code http://127.0.0.1:41234}, no trailing slash. */
    String baseUrl();

    /** The back-end the endpoints use. */
    ServerEvents serverEvents();

    /** Stops the HTTP server and the back-end. */
    @Override
    void close();
}
