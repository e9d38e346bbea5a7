package io.herald.netty;

import io.herald.Statistic;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link HeraldServer}, bumped from I/O and worker threads alike; read through
 * {@link HeraldServer#statistics()}.
 */
final class ServerStats {

    static final String CLIENT_ERRORS = "herald.http.client.errors";
    static final String SERVER_ERRORS = "herald.http.server.errors";

    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();

    /** A connection-level mistake of the client: reset, request cut short, malformed or oversized HTTP. */
    void clientError() {
        clientErrors.increment();
    }

    /** A request answered 500 because a handler failed. */
    void serverError() {
        serverErrors.increment();
    }

    List<Statistic> snapshot() {
        return List.of(
                new Statistic("httpClientErrors", CLIENT_ERRORS, Statistic.Kind.COUNTER,
                        "Connections that failed through the client: reset, closed mid-request, malformed or oversized HTTP",
                        clientErrors.sum()),
                new Statistic("httpServerErrors", SERVER_ERRORS, Statistic.Kind.COUNTER,
                        "Requests answered 500 because a handler failed", serverErrors.sum()));
    }
}
