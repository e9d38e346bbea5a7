package io.herald.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Target} named by {@code --target}.
 *
 * <ul>
 *   <li>{@code nchan}: the harness starts {@code --servers} nginx+nchan instances on ports
 *       {@code --port} upward (and, for more than one, a Redis they share) and measures them.</li>
 *   <li>{@code herald}: already running Herald bench servers given by {@code --urls} and
 *       {@code --pids}; paths {@code /event-stream?channels={channel}} and
 *       {@code /bench/publish/{channel}}.</li>
 *   <li>{@code floor}: the harness starts {@code --servers} reference floor servers
 *       ({@code target/native/floor}, see {@link FloorServer}) on ports {@code --port} (7241) upward;
 *       with more than one, every message is posted to each of them (the floor has no broker).</li>
 *   <li>{@code external}: any server; {@code --urls}, {@code --sub-path}, {@code --pub-path},
 *       {@code --pids}.</li>
 * </ul>
 * Servers the harness starts are pinned to {@code --server-cpus} (a taskset CPU list) when given.
 */
final class Targets {
    private Targets() {
    }

    static Target open(Args a, int serverCount) throws Exception {
        String name = a.str("target", "nchan");
        switch (name) {
            case "nchan":
                return nchan(a, serverCount);
            case "floor":
                return floor(a, serverCount);
            case "herald":
                return external(a, "herald", "/event-stream?channels={channel}", "/bench/publish/{channel}", serverCount);
            case "external":
                return external(a, "external", a.str("sub-path", "/sub/{channel}"), a.str("pub-path", "/pub/{channel}"),
                        serverCount);
            default:
                throw new IllegalArgumentException("--target must be nchan, floor, herald or external: " + name);
        }
    }

    private static Target nchan(Args a, int serverCount) throws Exception {
        int basePort = a.integer("port", 8090);
        List<AutoCloseable> started = new ArrayList<>();
        List<URI> urls = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        Runnable stopAll = () -> {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("stopping " + started.get(i) + ": " + e);
                }
            }
        };
        try {
            int redisPort = 0;
            if (serverCount > 1) {
                redisPort = a.integer("redis-port", 16390);
                RedisServer r = RedisServer.start(redisPort, a.str("server-cpus", ""));
                started.add(r);
                pids.add(r.pid());
            }
            for (int i = 0; i < serverCount; i++) {
                NchanServer s = NchanServer.start(basePort + i, redisPort, a.str("server-cpus", ""));
                started.add(s);
                pids.add(s.pid());
                urls.add(URI.create("http://127.0.0.1:" + (basePort + i)));
            }
        } catch (Exception e) {
            stopAll.run();
            throw e;
        }
        return new Target("nchan", urls, "/sub/{channel}", List.of(urls.get(0)), "/pub/{channel}", pids, stopAll);
    }

    private static Target floor(Args a, int serverCount) throws Exception {
        int basePort = a.integer("port", 7241);
        java.nio.file.Path binary = java.nio.file.Path.of(a.str("native-dir", "herald-bench/target/native"), "floor");
        boolean uring = Boolean.parseBoolean(a.str("floor-uring", "false"));
        List<FloorServer> started = new ArrayList<>();
        List<URI> urls = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        Runnable stopAll = () -> started.forEach(FloorServer::close);
        try {
            for (int i = 0; i < serverCount; i++) {
                FloorServer s = FloorServer.start(binary, basePort + i, uring, a.str("server-cpus", ""));
                started.add(s);
                pids.add(s.pid());
                urls.add(URI.create("http://127.0.0.1:" + (basePort + i)));
            }
        } catch (Exception e) {
            stopAll.run();
            throw e;
        }
        return new Target(uring ? "floor-uring" : "floor", urls, "/sub/{channel}", List.copyOf(urls), "/pub/{channel}", pids,
                stopAll);
    }

    private static Target external(Args a, String name, String subPath, String pubPath, int serverCount) {
        List<URI> urls = new ArrayList<>();
        for (String u : a.list("urls", "http://127.0.0.1:5000")) {
            URI uri = URI.create(u);
            String host = uri.getHost();
            if (host == null || !host.startsWith("127.")) {
                throw new IllegalArgumentException("--urls must be loopback (127.0.0.0/8): " + u);
            }
            urls.add(uri);
        }
        if (urls.size() < serverCount) {
            throw new IllegalArgumentException("this scenario needs " + serverCount + " servers in --urls, got " + urls.size());
        }
        List<Long> pids = new ArrayList<>();
        for (String p : a.list("pids", "")) {
            pids.add(Long.parseLong(p));
        }
        return new Target(name, urls.subList(0, Math.max(1, serverCount)), subPath, List.of(urls.get(0)), pubPath,
                pids, () -> {
        });
    }
}
