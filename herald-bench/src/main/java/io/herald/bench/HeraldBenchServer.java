package io.herald.bench;

import io.herald.RawJson;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.http.HttpHandler;
import io.herald.http.HttpResponse;
import io.herald.netty.HeraldServer;
import io.herald.servlet.HeraldServlet;
import io.herald.servlet.HeraldServletOptions;
import io.herald.redis.RedisServerEvents;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Herald side of the benchmarks: a Herald server on the memory (or Redis) back-end with the
 * endpoints the load client expects.
 *
 * <pre>
 * java -cp herald-bench.jar io.herald.bench.HeraldBenchServer --port=8080 [--redis=redis://127.0.0.1:6379]
 *      [--notify-joins=false] [--history=100] [--io-threads=2] [--max-queued-bytes=1048576]
 *      [--transport=netty|jetty|tomcat] [--stream-threads=N]
 * </pre>
 *
 * <ul>
 *   <li>{@code GET /event-stream?channels=c} – the usual stream;</li>
 *   <li>{@code POST /bench/publish/{channel}} – the body (raw JSON) is published with
 *       {@code notifyChannel(channel, "cmd.bench", body)}, exactly as a service would;</li>
 *   <li>{@code GET /bench/stats} – the back-end's counters.</li>
 * </ul>
 * Join/leave notifications are off by default (10,000 joins to one channel are 50 million frames that
 * would swamp the measurement); idle expiry stays on, so the load client sends heartbeats.
 * Prints {@code pid=<pid> port=<port>} once listening.
 */
public final class HeraldBenchServer {

    private HeraldBenchServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, 0);
        int port = a.integer("port", 8080);
        String redis = a.str("redis", null);
        ServerEventsOptions options = ServerEventsOptions.builder()
                .notifyChannelOfSubscriptions(Boolean.parseBoolean(a.str("notify-joins", "false")))
                .historySize(a.integer("history", 100))
                .maxQueuedBytes(Long.parseLong(a.str("max-queued-bytes", Long.toString(1 << 20))))
                .idleTimeout(Duration.ofSeconds(a.integer("idle-timeout-s", 30)))
                .build();
        ServerEventsFeature feature = redis == null ? ServerEventsFeature.create(options)
                : ServerEventsFeature.create(options, a.str("prefix", null) == null ? RedisServerEvents.factory(redis)
                        : RedisServerEvents.factory(redis, a.str("prefix", null)));
        ServerEvents events = feature.serverEvents();
        String transport = a.str("transport", "netty");
        String host = a.str("host", "127.0.0.1");
        Runnable stop;
        int bound;
        if (transport.equals("netty")) {
            HeraldServer http = HeraldServer.builder()
                    .host(host).port(port)
                    .ioThreads(a.integer("io-threads", Runtime.getRuntime().availableProcessors()))
                    .handler(feature)
                    .route("POST", "/bench/publish/{channel}", Void.class, (ctx, none) -> {
                        String body = new String(ctx.exchange().body(), java.nio.charset.StandardCharsets.UTF_8);
                        events.notifyChannel(ctx.pathVariable("channel"), "cmd.bench", RawJson.of(body));
                        return null;
                    })
                    .route("GET", "/bench/stats", Void.class, (ctx, none) -> {
                        Map<String, Long> stats = events.getStats();
                        return stats;
                    })
                    .build();
            bound = http.start();
            stop = http::stop;
        } else {
            HeraldServletOptions servletOptions = HeraldServletOptions.builder()
                    .streamThreads(a.integer("stream-threads", Runtime.getRuntime().availableProcessors())).build();
            bound = ServletHost.start(transport, new HeraldServlet(servletOptions, feature, benchRoutes(events)), host, port);
            stop = () -> { };
        }
        System.out.println("pid=" + ProcessHandle.current().pid() + " port=" + bound
                + " backend=" + (redis == null ? "memory" : "redis") + " transport=" + transport);
        System.out.flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            feature.close();
            done.countDown();
        }, "herald-bench-shutdown"));
        done.await();
    }

    /** {@code POST /bench/publish/{channel}} and {@code GET /bench/stats} as a handler any transport mounts. */
    private static HttpHandler benchRoutes(ServerEvents events) {
        return ex -> {
            String path = ex.path();
            if (path.startsWith("/bench/publish/") && "POST".equals(ex.method())) {
                String body = new String(ex.body(), java.nio.charset.StandardCharsets.UTF_8);
                events.notifyChannel(path.substring("/bench/publish/".length()), "cmd.bench", RawJson.of(body));
                ex.respond(HttpResponse.status(204, "No Content"));
                return true;
            }
            if (path.equals("/bench/stats")) {
                ex.respond(HttpResponse.json(io.herald.JsonCodec.defaultCodec().encode(events.getStats())));
                return true;
            }
            return false;
        };
    }
}
