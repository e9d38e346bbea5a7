package io.herald.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code shard} subcommand: one subscriber process.
 *
 * <p>Driven by the scenario runner over stdin/stdout (lines starting with {@code @@} are protocol):
 * it prints {@code @@READY} after the connect ramp, answers {@code SNAP [lastSeqCsv]} with
 * {@code @@SNAP k=v ...} and exits on {@code QUIT}, on end of stdin, or after {@code --max-seconds}.
 * With {@code --duration S} it runs stand-alone instead ({@code --shard i/n} for manual multi-process
 * runs): connect, hold for S seconds, print one {@code @@SNAP} line and exit.
 */
final class ShardMain {
    private ShardMain() {
    }

    static void run(Args a) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String[] shardSpec = a.str("shard", "0/1").split("/");
        int shard = Integer.parseInt(shardSpec[0]);
        int shards = Integer.parseInt(shardSpec[1]);
        List<URI> servers = new ArrayList<>();
        for (String s : a.list("servers", "http://127.0.0.1:8090")) {
            servers.add(URI.create(s));
        }
        List<String> sources = a.list("sources", defaultSources(shard, a.integer("sources-per-shard", 4)));
        SubscriberShard.Plan plan = new SubscriberShard.Plan(servers, a.str("sub-path", "/sub/{channel}"),
                a.integer("subscribers", 1000), a.integer("channels", 1), shard, shards, sources,
                a.integer("ramp-inflight", 200), a.integer("threads", 1),
                Boolean.parseBoolean(a.str("heartbeats", "false")));
        long maxNanos = TimeUnit.SECONDS.toNanos(a.integer("max-seconds", 900));
        long start = System.nanoTime();
        // hard stop: the process never outlives its budget, whatever the coordinator does
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(maxNanos) + 5_000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("shard " + shard + ": max-seconds reached, exiting");
            Runtime.getRuntime().halt(3);
        }, "shard-deadline");
        killer.setDaemon(true);
        killer.start();

        try (SubscriberShard s = new SubscriberShard(plan)) {
            s.connectAll(start + TimeUnit.SECONDS.toNanos(a.integer("connect-seconds", 180)));
            SubscriberShard.Snapshot r = s.snapshot(null);
            if (r.failed() > 0) {
                System.err.println("shard " + shard + ": " + r.failed() + " connects failed: " + s.failedConnect.get()
                        + " refused/timed out, " + s.failedStatus.get() + " HTTP status (last " + s.lastBadStatus + "), "
                        + s.failedClosed.get() + " closed before the response head");
            }
            out.println("@@READY est=" + r.established() + " failed=" + r.failed() + " owned=" + s.ownedConnections()
                    + " rampMs=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            if (a.has("duration")) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(a.integer("duration", 30));
                while (System.nanoTime() < end && System.nanoTime() - start < maxNanos) {
                    Thread.sleep(200);
                }
                out.println(snapLine(s.snapshot(null)));
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("SNAP")) {
                    String csv = line.length() > 5 ? line.substring(5).trim() : "";
                    out.println(snapLine(s.snapshot(csv.isEmpty() ? null : parseCsv(csv, plan.channels()))));
                } else if (line.startsWith("QUIT")) {
                    break;
                }
            }
        }
    }

    static String defaultSources(int shard, int perShard) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < perShard; k++) {
            if (k > 0) {
                sb.append(',');
            }
            int host = 2 + shard * perShard + k; // 127.0.0.2 upward; 127.0.0.1 is left to the publisher
            if (host > 254) {
                throw new IllegalArgumentException("too many shards x sources-per-shard for 127.0.0.x: " + host);
            }
            sb.append("127.0.0.").append(host);
        }
        return sb.toString();
    }

    private static long[] parseCsv(String csv, int channels) {
        long[] v = new long[channels];
        String[] parts = csv.split(",");
        for (int i = 0; i < channels && i < parts.length; i++) {
            v[i] = Long.parseLong(parts[i]);
        }
        return v;
    }

    static String snapLine(SubscriberShard.Snapshot s) {
        return "@@SNAP est=" + s.established() + " failed=" + s.failed() + " disc=" + s.disconnected()
                + " recv=" + s.received() + " dup=" + s.duplicates() + " reord=" + s.reordered()
                + " uniq=" + s.unique() + " exp=" + s.expected() + " hbSent=" + s.heartbeatsSent()
                + " hbOk=" + s.heartbeatsOk() + " hbFail=" + s.heartbeatsFailed() + " hist=" + Histograms.encode(s.interval());
    }
}
