package io.herald.bench;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code reqload} subcommand: small {@code POST}s (no body) at a fixed rate over pipelined
 * keep-alive connections, the way the subscriber shards send ServiceStack heartbeats (two connections
 * per source address, {@link HeartbeatSender}), and the server's CPU per request. With the idle
 * scenario's rate (19,000 clients every 10 s = 1,900/s) against {@link HeartbeatFloorServer} it gives
 * the floor that a heartbeat's cost in Herald is compared with.
 *
 * <pre>
 * java -jar herald-bench.jar reqload --url http://127.0.0.1:18090 --path /bench/ping --rate 1900 --seconds 30
 *      --pids PID [--connections 16] [--warmup-seconds 5] [--label NAME] [--compare-id ID] [--results DIR]
 * </pre>
 * Appends one line with {@code "scenario":"reqfloor"} to {@code results.jsonl}.
 */
final class RequestLoad {
    private RequestLoad() {
    }

    static void run(Args a) throws Exception {
        URI server = URI.create(a.str("url", "http://127.0.0.1:18090"));
        String path = a.str("path", "/bench/ping");
        double rate = a.dbl("rate", 1900);
        int seconds = a.integer("seconds", 30);
        int connections = a.integer("connections", 16);
        List<Long> pids = new ArrayList<>();
        for (String p : a.list("pids", "")) {
            pids.add(Long.parseLong(p));
        }
        if (pids.isEmpty()) {
            throw new IllegalArgumentException("--pids (the server's) is required: it is what is measured");
        }
        if (rate <= 0 || seconds <= 0 || connections < 2) {
            throw new IllegalArgumentException("--rate and --seconds must be > 0 and --connections >= 2: " + rate + ", " + seconds
                    + ", " + connections);
        }
        List<String> sources = new ArrayList<>();
        for (int k = 0; k < connections / 2; k++) {
            sources.add("127.0.0." + (2 + k)); // two keep-alive connections per source, as HeartbeatSender keeps
        }
        EventLoopGroup group = NettyTransport.group(1);
        HeartbeatSender sender = new HeartbeatSender(group);
        try {
            int warmup = a.integer("warmup-seconds", 5);
            if (warmup > 0) {
                send(group, sender, server, sources, path, rate, warmup);
            }
            long self = ProcessHandle.current().pid();
            long sent0 = sender.sent.get(), ok0 = sender.ok.get(), fail0 = sender.failed.get();
            ProcStats.Sample s0 = ProcStats.sample(pids);
            double c0 = ProcStats.sampleOnly(List.of(self));
            long w0 = System.nanoTime();
            send(group, sender, server, sources, path, rate, seconds);
            double wall = (System.nanoTime() - w0) / 1e9;
            ProcStats.Sample s1 = ProcStats.sample(pids);
            double c1 = ProcStats.sampleOnly(List.of(self));
            long sent = sender.sent.get() - sent0, ok = sender.ok.get() - ok0, failed = sender.failed.get() - fail0;
            double cpu = s1.cpuSeconds() - s0.cpuSeconds();
            double usPerRequest = ok > 0 ? cpu * 1e6 / ok : Double.NaN;
            String label = a.str("label", "request-floor");
            System.out.printf(Locale.ROOT,
                    "%s: %,d POST %s in %.1f s (%.0f/s), %,d answered 2xx, %,d failed | server CPU %.2f%% of a core, %.1f us/request | client CPU %.2f%%%n",
                    label, sent, path, wall, sent / wall, ok, failed, 100 * cpu / wall, usPerRequest, 100 * (c1 - c0) / wall);
            Json j = new Json().put("scenario", "reqfloor").put("target", "external").put("label", label).put("client", "java")
                    .put("compareId", a.str("compare-id", "")).put("started", DateTimeFormatter.ISO_INSTANT.format(Instant.now()))
                    .put("args", String.join(" ", a.toArgv())).put("path", path).put("connections", connections)
                    .put("rate", rate).put("seconds", wall).put("sent", sent).put("ok", ok).put("failed", failed)
                    .put("requestsPerSec", sent / wall).put("serverCpuPct", 100 * cpu / wall).put("serverCpuUsPerRequest", usPerRequest)
                    .put("clientCpuPct", 100 * (c1 - c0) / wall).put("serverCpus", Pinning.allowedCpus(pids.get(0)))
                    .put("clientCpus", Pinning.allowedCpus(self)).put("serverCommand", Pinning.commandLine(pids.get(0)));
            Path results = Path.of(a.str("results", "herald-bench/results"));
            Files.createDirectories(results);
            Files.writeString(results.resolve("results.jsonl"), j + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println("appended to " + results.resolve("results.jsonl"));
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Posts {@code rate * seconds} requests on a 1 ms schedule, then waits (up to 10 s) for the answers. */
    private static void send(EventLoopGroup group, HeartbeatSender sender, URI server, List<String> sources, String path,
                             double rate, int seconds) throws Exception {
        long total = Math.round(rate * seconds);
        long start = System.nanoTime();
        long[] done = {0};
        ScheduledFuture<?> tick = group.next().scheduleAtFixedRate(() -> {
            long due = Math.min(total, (long) ((System.nanoTime() - start) * rate / 1e9) + 1);
            while (done[0] < due) {
                sender.post(server, sources.get((int) (done[0] % sources.size())), path);
                done[0]++;
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        while (group.next().submit(() -> done[0]).get() < total) {
            Thread.sleep(50);
        }
        tick.cancel(false);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sender.ok.get() + sender.failed.get() < sender.sent.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
