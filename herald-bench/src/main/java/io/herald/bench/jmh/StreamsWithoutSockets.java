package io.herald.bench.jmh;

import io.herald.ServerEventsFeature;
import io.herald.http.EventSink;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Opens event streams on a {@link ServerEventsFeature} through its public endpoint, with no HTTP server and no
 * sockets: each {@code GET /event-stream} gets the sink a supplier makes. The benchmarks then measure the real
 * publish path (node, broker, hub) minus the transport.
 */
final class StreamsWithoutSockets {

    private StreamsWithoutSockets() {
    }

    /** Opens one stream on {@code channels} (comma-separated) whose events go to {@code sink}. */
    static void open(ServerEventsFeature feature, String channels, String session, EventSink sink) throws Exception {
        Map<String, List<String>> query = Map.of("channels", List.of(channels));
        HttpExchange ex = new HttpExchange() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String path() {
                return feature.options().streamPath();
            }

            @Override
            public List<String> queryParams(String name) {
                return query.getOrDefault(name, List.of());
            }

            @Override
            public Map<String, List<String>> queryParams() {
                return query;
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public String cookie(String name) {
                return "ss-id".equals(name) ? session : null;
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public String baseUrl() {
                return "http://bench";
            }

            @Override
            public byte[] body() {
                return new byte[0];
            }

            @Override
            public void respond(HttpResponse response) {
                throw new IllegalStateException("expected a stream, got " + response.status() + " " + response.reason());
            }

            @Override
            public EventSink openEventStream(Map<String, String> headers) {
                return sink;
            }
        };
        if (!feature.handle(ex)) {
            throw new IllegalStateException("the feature did not open a stream");
        }
    }

    /** Runs work at once on the caller: the benchmark thread plays the I/O thread. */
    static final Executor INLINE = Runnable::run;

    /** Opens {@code n} streams, the {@code i}-th on {@code channels.apply(i)}. */
    static void openMany(ServerEventsFeature feature, int n, java.util.function.IntFunction<String> channels,
                         Supplier<EventSink> sinks) throws Exception {
        for (int i = 0; i < n; i++) {
            open(feature, channels.apply(i), "s" + i, sinks.get());
        }
    }
}
