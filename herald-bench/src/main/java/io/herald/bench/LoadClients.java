package io.herald.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two load clients the scenario runner can fork as subscriber processes, both speaking the same
 * stdin/stdout protocol ({@code @@READY}, {@code SNAP} / {@code @@SNAP}, {@code QUIT}):
 * <ul>
 *   <li>{@code java}: {@link ShardMain} JVMs (Netty epoll, HdrHistogram), up to 9,500 connections each;</li>
 *   <li>{@code native}: {@code target/native/sse-client} (C, one thread, epoll; built by
 *       {@code bin/build-native.sh}), up to 18,000 connections each. Lighter, and independent of the
 *       Java client's parser and bookkeeping.</li>
 * </ul>
 */
final class LoadClients {
    private LoadClients() {
    }

    /** {@code --client}, validated. */
    static String kind(Args a) {
        String client = a.str("client", "java");
        if (!client.equals("java") && !client.equals("native")) {
            throw new IllegalArgumentException("--client must be java or native: " + client);
        }
        return client;
    }

    /** Default connections per client process (RLIMIT_NOFILE is 20,000 per process here). */
    static int defaultMaxPerShard(String kind) {
        return kind.equals("native") ? 18_000 : 9_500;
    }

    static List<String> command(Args a, Target t, int i, int n, int subscribers, int channels, int maxSeconds) {
        String servers = String.join(",", t.servers().stream().map(Object::toString).toList());
        // ServiceStack subscriptions expire without client heartbeats; nchan and the floor have none
        String heartbeats = a.str("heartbeats", Boolean.toString("herald".equals(t.name())));
        List<String> common = List.of("--shard", i + "/" + n, "--servers", servers, "--sub-path", t.subscribePath(),
                "--subscribers", Integer.toString(subscribers), "--channels", Integer.toString(channels),
                "--ramp-inflight", Integer.toString(Math.max(1, a.integer("ramp-inflight", 400) / n)),
                "--sources-per-shard", Integer.toString(a.integer("sources-per-shard", 4)),
                "--heartbeats", heartbeats, "--max-seconds", Integer.toString(maxSeconds));
        List<String> cmd = new ArrayList<>();
        if (kind(a).equals("native")) {
            Path bin = Path.of(a.str("native-dir", "herald-bench/target/native"), "sse-client");
            if (!Files.isExecutable(bin)) {
                throw new IllegalArgumentException("native client missing: " + bin + " (herald-bench/bin/build-native.sh builds it)");
            }
            cmd.add(bin.toString());
        } else {
            String java = ProcessHandle.current().info().command().orElse("java");
            cmd.addAll(List.of(java, a.str("shard-heap", "-Xmx512m"), "-Xms128m", "-XX:+UseSerialGC",
                    "-Dio.netty.leakDetection.level=disabled", "-cp", System.getProperty("java.class.path"),
                    BenchMain.class.getName(), "shard", "--threads", Integer.toString(a.integer("threads", 1))));
        }
        cmd.addAll(common);
        return cmd;
    }
}
