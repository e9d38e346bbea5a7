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
 *   <li>{@code external}: any server; {@code --urls}, {@code --sub-path}, {@code --pub-path},
 *       {@code --pids}.</li>
 * </ul>
 */
final class Targets {
    private Targets() {
    }

    static Target open(Args a, int serverCount) throws Exception {
        String name = a.str("target", "nchan");
        switch (name) {
            case "nchan":
                return nchan(a, serverCount);
            case "herald":
                return external(a, "herald", "/event-stream?channels={channel}", "/bench/publish/{channel}", serverCount);
            case "external":
                return external(a, "external", a.str("sub-path", "/sub/{channel}"), a.str("pub-path", "/pub/{channel}"),
                        serverCount);
            default:
                throw new IllegalArgumentException("--target must be nchan, herald or external: " + name);
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
                RedisServer r = RedisServer.start(redisPort);
                started.add(r);
                pids.add(r.pid());
            }
            for (int i = 0; i < serverCount; i++) {
                NchanServer s = NchanServer.start(basePort + i, redisPort);
                started.add(s);
                pids.add(s.pid());
                urls.add(URI.create("http://127.0.0.1:" + (basePort + i)));
            }
        } catch (Exception e) {
            stopAll.run();
            throw e;
        }
        return new Target("nchan", urls, "/sub/{channel}", urls.get(0), "/pub/{channel}", pids, stopAll);
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
        return new Target(name, urls.subList(0, Math.max(1, serverCount)), subPath, urls.get(0), pubPath, pids, () -> {
        });
    }
}
