package io.herald.interop;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsNode;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real Herald server for the interop tests: {@link ServerEventsFeature} on the Netty {@link HeraldServer}, on
 * 127.0.0.1 and a free port, also serving the test pages ({@code src/test/resources/interop-web/}, with herald.js
 * from herald-chat's sources under {@code /js/herald.js}). Closing it stops the HTTP server and the back-end.
 */
final class TestHerald implements AutoCloseable {

    /** The class-path folder with the test pages. */
    static final String PAGES = "interop-web/";

    private final ServerEventsFeature feature;
    private final HeraldServer http;

    private TestHerald(ServerEventsFeature feature, HeraldServer http) {
        this.feature = feature;
        this.http = http;
    }

    /** Herald on the memory back-end. */
    static TestHerald memory(ServerEventsOptions options) {
        return start(options, null, UnaryOperator.identity());
    }

    /**
     * Herald on {@code backend} (null: memory), with {@code routes} added to the HTTP server (e.g. a service the
     * clients call).
     */
    static TestHerald start(ServerEventsOptions options, Function<ServerEventsOptions, ? extends ServerEventsNode> backend,
                            UnaryOperator<HeraldServer.Builder> routes) {
        ServerEventsFeature feature = backend == null ? ServerEventsFeature.create(options)
                : ServerEventsFeature.create(options, backend);
        HeraldServer http;
        try {
            http = routes.apply(HeraldServer.builder().host("127.0.0.1").port(0).handler(feature).staticFiles(PAGES))
                    .build();
            http.start();
        } catch (RuntimeException e) {
            feature.close();
            throw e;
        }
        return new TestHerald(feature, http);
    }

    /** A plain web server with the test pages and nothing else: a page origin that is not Herald's. */
    static HeraldServer pagesOnly() {
        HeraldServer http = HeraldServer.builder().host("127.0.0.1").port(0).staticFiles(PAGES).build();
        http.start();
        return http;
    }

    /** E.g. {@code http://127.0.0.1:41234}, no trailing slash. */
    String baseUrl() {
        return http.baseUrl();
    }

    ServerEvents events() {
        return feature.serverEvents();
    }

    /** A counter or gauge of the back-end ({@link ServerEvents#getStats()}), 0 when absent. */
    long stat(String key) {
        return events().getStats().getOrDefault(key, 0L);
    }

    /** Closes each of {@code closeables} that is not null, in order. */
    static void closeAll(AutoCloseable... closeables) throws Exception {
        for (AutoCloseable c : closeables) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        http.stop();
        feature.close();
    }
}
