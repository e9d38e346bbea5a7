package io.herald.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The {@code scenario} subcommand: starts (or attaches to) a target, forks subscriber shard JVMs,
 * publishes at each rate step, and reports latency, delivery accounting and server cost.
 *
 * <p>Per step: publish for {@code --step-seconds} at the step's rate, wait {@code --drain-seconds} for
 * stragglers, then collect every shard's counters and interval histogram. Messages still in flight
 * after the drain are attributed to the next step, so per-step loss can be slightly negative/positive;
 * the run totals are exact.
 */
final class ScenarioRunner {

    /** Scenario defaults; every field can be overridden on the command line. */
    record Scenario(String name, int subscribers, int channels, int servers, String rates, int stepSeconds,
                    int idleSeconds) {
        static Scenario named(String name) {
            return switch (name) {
                case "fanout" -> new Scenario(name, 10_000, 1, 1, "1,10,50,100", 20, 10);
                case "channels" -> new Scenario(name, 10_000, 1_000, 1, "100,1000,5000", 20, 10);
                case "idle" -> new Scenario(name, 19_000, 1_000, 1, "", 0, 30);
                case "scaleout" -> new Scenario(name, 10_000, 1, 3, "1,10,50,100", 20, 10);
                default -> throw new IllegalArgumentException(
                        "scenario must be fanout, channels, idle or scaleout: " + name);
            };
        }
    }

    private ScenarioRunner() {
    }

    static void run(String scenarioName, Args a) throws Exception {
        Scenario d = Scenario.named(scenarioName);
        String client = LoadClients.kind(a);
        int subscribers = a.integer("subscribers", d.subscribers());
        int channels = a.integer("channels", d.channels());
        int servers = a.integer("servers", d.servers());
        List<String> rateList = a.list("rates", d.rates());
        int stepSeconds = a.integer("step-seconds", d.stepSeconds());
        int drainSeconds = a.integer("drain-seconds", 3);
        int idleSeconds = a.integer("idle-seconds", d.idleSeconds());
        int bodySize = a.integer("size", 100);
        int maxPerShard = a.integer("max-per-shard", LoadClients.defaultMaxPerShard(client));
        int shards = a.integer("shards", Math.max(1, (subscribers + maxPerShard - 1) / maxPerShard));
        int maxSeconds = a.integer("max-seconds", 900);
        Path results = Path.of(a.str("results", "herald-bench/results"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        if ((subscribers + shards - 1) / shards > 19_500) {
            throw new IllegalArgumentException("--shards " + shards + " leaves more than 19,500 sockets per client process");
        }
        if (a.str("target", "nchan").equals("floor") && channels > 1 && !rateList.isEmpty()) {
            throw new IllegalArgumentException("the floor has no channels (every POST goes to every subscriber): --channels must be 1, not "
                    + channels);
        }

        String started = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        String loadAvg = readFirstLine("/proc/loadavg");
        int nice = niceness();
        long self = ProcessHandle.current().pid();
        System.out.printf(Locale.ROOT, "== %s: %,d subscribers, %,d channels, %d server(s), target %s, %s client x %d process(es), nice %d, client CPUs %s, loadavg %s%n",
                scenarioName, subscribers, channels, servers, a.str("target", "nchan"), client, shards, nice,
                Pinning.allowedCpus(self), loadAvg);

        List<Json> stepJson = new ArrayList<>();
        List<double[]> plotRows = new ArrayList<>(); // offered/s, p50, p90, p99, p999, max (ms)
        Json run = new Json();
        List<ShardProcess> procs = new ArrayList<>();
        String label = a.str("label", a.str("target", "nchan") + (Boolean.parseBoolean(a.str("floor-uring", "false")) ? "-uring" : ""));
        try (Target target = Targets.open(a, servers)) {
            Thread.sleep(1000);
            boolean jvm = !target.pids().isEmpty() && JvmTools.isJvm(target.pids().get(0));
            boolean liveHeap = jvm && Boolean.parseBoolean(a.str("live-heap", "true"));
            // full GC first: its first run may touch memory (e.g. mark bitmaps) that must not count per connection
            long heapBase = liveHeap ? liveHeap(target.pids()) : -1;
            ProcStats.Sample base = ProcStats.sample(target.pids());
            long t0 = System.nanoTime();
            for (int i = 0; i < shards; i++) {
                procs.add(new ShardProcess(i, LoadClients.command(a, target, i, shards, subscribers, channels, maxSeconds)));
            }
            long est = 0, failed = 0;
            for (ShardProcess p : procs) {
                Map<String, String> r = p.await("READY", 300);
                est += Long.parseLong(r.get("est"));
                failed += Long.parseLong(r.get("failed"));
            }
            double rampSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "connected %,d (failed %,d) in %.1f s%n", est, failed, rampSeconds);
            Thread.sleep(2000); // let the server settle after the ramp before measuring memory

            ProcStats.Sample conn = ProcStats.sample(target.pids());
            double rssPerConn = est > 0 ? (conn.rssKb() - base.rssKb()) * 1024.0 / est : 0;
            double pssPerConn = est > 0 ? (conn.pssKb() - base.pssKb()) * 1024.0 / est : 0;
            long heapConn = liveHeap ? liveHeap(target.pids()) : -1;
            double heapPerConn = liveHeap && heapBase >= 0 && heapConn >= 0 && est > 0 ? (heapConn - heapBase) / (double) est : Double.NaN;
            List<Long> clientPids = new ArrayList<>();
            for (ShardProcess p : procs) {
                clientPids.add(p.pid());
            }
            // idle cost: no publishing, connections open (heartbeats go on)
            ProcStats.Sample i0 = ProcStats.sample(target.pids());
            double ci0 = ProcStats.sampleOnly(clientPids);
            Snapshots.Sum hbBefore = Snapshots.collect(procs, null);
            long idleStart = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(idleSeconds, remaining(deadline))));
            double idleWall = (System.nanoTime() - idleStart) / 1e9;
            ProcStats.Sample i1 = ProcStats.sample(target.pids());
            double ci1 = ProcStats.sampleOnly(clientPids);
            double idleCpuPct = 100 * (i1.cpuSeconds() - i0.cpuSeconds()) / Math.max(1e-9, idleWall);
            double clientIdleCpuPct = 100 * (ci1 - ci0) / Math.max(1e-9, idleWall);
            // did the connections survive the idle period (server idle timeouts, heartbeats)?
            Snapshots.Sum idle = Snapshots.collect(procs, null);
            long hbDuringIdle = idle.heartbeats()[0] - hbBefore.heartbeats()[0];
            double hbPerSec = hbDuringIdle / Math.max(1e-9, idleWall);
            double usPerHb = hbDuringIdle > 0 ? (i1.cpuSeconds() - i0.cpuSeconds()) * 1e6 / hbDuringIdle : Double.NaN;
            System.out.printf(Locale.ROOT, "after idle: %,d disconnects; heartbeats sent %,d ok %,d failed %,d (%.0f/s while idle)%n",
                    idle.disc(), idle.heartbeats()[0], idle.heartbeats()[1], idle.heartbeats()[2], hbPerSec);
            run.put("idleDisconnects", idle.disc()).put("idleHeartbeatsSent", idle.heartbeats()[0])
                    .put("idleHeartbeatsOk", idle.heartbeats()[1]).put("idleHeartbeatsFailed", idle.heartbeats()[2])
                    .put("idleHeartbeatsPerSec", hbPerSec).put("serverIdleCpuUsPerHeartbeat", usPerHb);
            System.out.printf(Locale.ROOT,
                    "server memory: RSS %,d KiB before, %,d KiB with connections -> %.0f B/conn (PSS %.0f B/conn)%s; idle CPU %.2f%% over %.0f s (client %.2f%%)%n",
                    base.rssKb(), conn.rssKb(), rssPerConn, pssPerConn,
                    liveHeap ? String.format(Locale.ROOT, ", live heap %,d -> %,d KiB = %.0f B/conn", heapBase / 1024, heapConn / 1024, heapPerConn) : "",
                    idleCpuPct, idleWall, clientIdleCpuPct);
            run.put("scenario", scenarioName).put("target", target.name()).put("label", label).put("client", client)
                    .put("compareId", a.str("compare-id", "")).put("started", started)
                    .put("args", String.join(" ", a.toArgv()))
                    .put("subscribers", subscribers).put("channels", channels).put("servers", servers)
                    .put("shards", shards).put("bodyBytes", bodySize).put("stepSeconds", stepSeconds)
                    .put("established", est).put("connectFailed", failed).put("rampSeconds", rampSeconds)
                    .put("serverRssKbBase", base.rssKb()).put("serverRssKbConnected", conn.rssKb())
                    .put("serverRssBytesPerConn", rssPerConn).put("serverPssBytesPerConn", pssPerConn)
                    .put("serverLiveHeapBytesBase", heapBase).put("serverLiveHeapBytesConnected", heapConn)
                    .put("serverLiveHeapBytesPerConn", heapPerConn)
                    .put("serverIdleCpuPct", idleCpuPct).put("clientIdleCpuPct", clientIdleCpuPct)
                    .put("serverProcesses", conn.processes())
                    .put("serverCpus", target.pids().isEmpty() ? "" : Pinning.allowedCpus(target.pids().get(0)))
                    .put("clientCpus", Pinning.allowedCpus(self))
                    .put("serverThreads", target.pids().stream().mapToLong(Pinning::threads).sum())
                    .put("serverCommand", target.pids().isEmpty() ? "" : Pinning.commandLine(target.pids().get(0)))
                    .put("transport", NettyTransport.epoll() ? "epoll" : "nio")
                    .put("cpus", ProcStats.machineCpus())
                    .put("nice", nice).put("loadAvgAtStart", loadAvg);

            if (!rateList.isEmpty()) {
                try (Publisher pub = new Publisher(target.publishServers(), target.publishPath(), channels,
                        a.integer("publish-connections", 4), bodySize)) {
                    long[] prev = new long[8]; // est, failed, disc, recv, dup, reord, uniq, exp
                    List<Long> selfOnly = List.of(self);
                    int warmup = a.integer("warmup-seconds", 5);
                    if (warmup > 0) {
                        // JIT-compile the client, publisher and server paths before anything is measured
                        double warmRate = Double.parseDouble(rateList.get(Math.min(1, rateList.size() - 1)));
                        Publisher.StepResult w = pub.runStep(warmRate, warmup);
                        Thread.sleep(drainSeconds * 1000L);
                        prev = Snapshots.collect(procs, csv(pub.lastSeq())).counts();
                        System.out.printf(Locale.ROOT, "warm-up: %d s at %.0f msg/s (%d published), not reported%n",
                                warmup, warmRate, w.sent());
                    }
                    String jfrDir = a.str("jfr", "");
                    for (String rateText : rateList) {
                        if (remaining(deadline) < stepSeconds + drainSeconds + 10) {
                            System.out.println("stopping: --max-seconds budget reached");
                            break;
                        }
                        double rate = Double.parseDouble(rateText);
                        String jfrName = "herald-bench-" + rateText;
                        if (!jfrDir.isEmpty() && jvm) {
                            Files.createDirectories(Path.of(jfrDir));
                            JvmTools.jfrStart(target.pids().get(0), jfrName, jfrFile(jfrDir, scenarioName, label, client, rateText));
                        }
                        ProcStats.Sample s0 = ProcStats.sample(target.pids());
                        double c0 = ProcStats.sampleOnly(clientPids);
                        double p0 = ProcStats.sampleOnly(selfOnly);
                        long[] m0 = ProcStats.machineTicks();
                        long w0 = System.nanoTime();
                        Publisher.StepResult pr = pub.runStep(rate, stepSeconds);
                        Thread.sleep(drainSeconds * 1000L);
                        double wall = (System.nanoTime() - w0) / 1e9;
                        ProcStats.Sample s1 = ProcStats.sample(target.pids());
                        double c1 = ProcStats.sampleOnly(clientPids);
                        double p1 = ProcStats.sampleOnly(selfOnly);
                        long[] m1 = ProcStats.machineTicks();
                        if (!jfrDir.isEmpty() && jvm) {
                            JvmTools.jfrStop(target.pids().get(0), jfrName);
                            Path jfr = jfrFile(jfrDir, scenarioName, label, client, rateText);
                            String top = JfrTop.summarise(jfr, 25);
                            Files.writeString(Path.of(jfr + ".txt"), top);
                            System.out.print(top);
                        }

                        Snapshots.Sum snap = Snapshots.collect(procs, csv(pub.lastSeq()));
                        long[] cur = snap.counts();
                        long[] hb = snap.heartbeats();
                        Histogram h = snap.interval();
                        long recv = cur[3] - prev[3], dup = cur[4] - prev[4], reord = cur[5] - prev[5];
                        long uniq = cur[6] - prev[6], exp = cur[7] - prev[7];
                        long lost = exp - uniq;
                        long disc = cur[2] - prev[2];
                        prev = cur;
                        // per nominal step length: the publisher's schedule spans exactly stepSeconds
                        double offered = exp / (double) stepSeconds;
                        double delivered = recv / (double) stepSeconds;
                        double serverCpu = s1.cpuSeconds() - s0.cpuSeconds();
                        double cpuPerMillion = recv > 0 ? serverCpu / (recv / 1e6) : Double.NaN;
                        double userPerMillion = recv > 0 ? (s1.userSeconds() - s0.userSeconds()) / (recv / 1e6) : Double.NaN;
                        double clientPerMillion = recv > 0 ? (c1 - c0) / (recv / 1e6) : Double.NaN;
                        double machineBusy = m1[1] > m0[1] ? 100.0 * (m1[0] - m0[0]) / (m1[1] - m0[1]) : 0;
                        int cpus = ProcStats.machineCpus();
                        // CPU used by processes outside this benchmark (other work on a shared machine)
                        double otherPct = machineBusy * cpus - 100 * (serverCpu + (c1 - c0) + (p1 - p0)) / wall;
                        double[] q = {ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getTotalCount() > 0 ? h.getMaxValue() / 1000.0 : 0};
                        plotRows.add(new double[] {offered, q[0], q[1], q[2], q[3], q[4]});
                        System.out.printf(Locale.ROOT,
                                "rate %6.1f msg/s | offered %,9.0f/s delivered %,9.0f/s | p50 %7.2f p90 %7.2f p99 %7.2f p99.9 %7.2f max %7.1f ms"
                                        + " | exp %,d recv %,d missing %,d dup %,d reord %,d disc %d | server CPU %.0f%% (%.2f us/delivery, user %.2f) RSS %,d KiB"
                                        + " | client CPU %.0f%% (%.2f us/delivery) publisher %.0f%% other %.0f%% (of %d cores) | pub sent %,d ok %,d err %d (last status %d, connections lost %d) unanswered %d skipped %d lag %.1f ms%n",
                                rate, offered, delivered, q[0], q[1], q[2], q[3], q[4], exp, recv, lost, dup, reord, disc,
                                100 * serverCpu / wall, cpuPerMillion, userPerMillion, s1.rssKb(), 100 * (c1 - c0) / wall, clientPerMillion,
                                100 * (p1 - p0) / wall, otherPct, cpus, pr.sent(), pr.ok(), pr.errors(), pr.lastErrorStatus(), pr.connectionsLost(), pr.unanswered(), pr.skipped(),
                                pr.maxLagMicros() / 1000.0);
                        if (hb[0] > 0) {
                            System.out.printf(Locale.ROOT, "    heartbeats so far: sent %,d ok %,d failed %,d%n", hb[0], hb[1], hb[2]);
                        }
                        stepJson.add(new Json().put("rate", rate).put("offeredPerSec", offered)
                                .put("p50Ms", q[0]).put("p90Ms", q[1]).put("p99Ms", q[2]).put("p999Ms", q[3]).put("maxMs", q[4])
                                .put("deliveredPerSec", delivered).put("expected", exp).put("received", recv).put("missingAtSnapshot", lost)
                                .put("duplicates", dup).put("reordered", reord).put("disconnects", disc)
                                .put("samples", h.getTotalCount())
                                .put("serverCpuPct", 100 * serverCpu / wall).put("serverCpuSecPerMillion", cpuPerMillion)
                                .put("serverUserCpuSecPerMillion", userPerMillion)
                                .put("serverRssKb", s1.rssKb()).put("clientCpuPct", 100 * (c1 - c0) / wall)
                                .put("clientCpuSecPerMillion", clientPerMillion)
                                .put("publisherCpuPct", 100 * (p1 - p0) / wall).put("machineBusyPct", machineBusy).put("otherCpuPct", otherPct)
                                .put("published", pr.sent()).put("publishOk", pr.ok()).put("publishErrors", pr.errors()).put("publishLastErrorStatus", pr.lastErrorStatus())
                                .put("publishConnectionsLost", pr.connectionsLost()).put("publishUnanswered", pr.unanswered())
                                .put("heartbeatsSentCumulative", hb[0]).put("heartbeatsOkCumulative", hb[1])
                                .put("heartbeatsFailedCumulative", hb[2])
                                .put("publishSkipped", pr.skipped()).put("publisherMaxLagMs", pr.maxLagMicros() / 1000.0));
                        // a saturated step leaves a backlog that would contaminate every later step
                        if (q[2] > a.dbl("stop-p99-ms", 5000) || pr.skipped() > 0 || (exp > 0 && lost > exp / 20)) {
                            System.out.printf(Locale.ROOT, "saturated at %.0f msg/s (p99 %.0f ms, skipped %d, missing %,d): no further steps%n",
                                    rate, q[2], pr.skipped(), lost);
                            run.put("saturatedAtRate", rate);
                            break;
                        }
                    }
                    finalTotals(a, run, procs, csv(pub.lastSeq()), deadline);
                }
            }
        } finally {
            for (ShardProcess p : procs) {
                p.close();
            }
        }
        run.put("steps", stepJson);
        Files.createDirectories(results);
        Path jsonl = results.resolve("results.jsonl");
        Files.writeString(jsonl, run + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to " + jsonl);
        if (!plotRows.isEmpty()) {
            String stamp = started.replace(":", "").replace("-", "").substring(0, 15);
            Path svg = results.resolve(scenarioName + "-" + label + "-" + client + "-" + subscribers + "-" + stamp + ".svg");
            Files.writeString(svg, SvgPlot.render(
                    String.format(Locale.ROOT, "%s, %s (%s client), %,d subscribers / %,d channels (%s)", scenarioName,
                            label, client, subscribers, channels, started),
                    "offered deliveries per second", "publish -> receive latency (ms)", percentileSeries(plotRows, "", false)));
            System.out.println("wrote " + svg);
        }
    }

    /** Run totals once nothing more arrives (or after {@code --final-drain-seconds}): what is missing then is lost. */
    private static void finalTotals(Args a, Json run, List<ShardProcess> procs, String lastSeqCsv, long deadline) throws Exception {
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Math.min(a.integer("final-drain-seconds", 30), remaining(deadline)));
        long lastRecv = -1;
        long drainStart = System.nanoTime();
        boolean stillArriving = false;
        long[] tot;
        while (true) {
            Thread.sleep(2000);
            tot = Snapshots.collect(procs, lastSeqCsv).counts();
            if (tot[3] == lastRecv || tot[6] >= tot[7]) {
                break;
            }
            if (System.nanoTime() > drainEnd) {
                stillArriving = true; // the server was still working off a backlog
                break;
            }
            lastRecv = tot[3];
        }
        long lost = tot[7] - tot[6];
        double drained = (System.nanoTime() - drainStart) / 1e9;
        System.out.printf(Locale.ROOT,
                "TOTAL (incl. warm-up): expected %,d received %,d %s %,d duplicates %,d reordered %,d disconnects %,d (final drain %.0f s)%n",
                tot[7], tot[3], stillArriving ? "not yet delivered (server still draining its backlog)" : "lost",
                lost, tot[4], tot[5], tot[2], drained);
        run.put("totalExpected", tot[7]).put("totalReceived", tot[3]).put("totalLost", lost)
                .put("finalDrainSeconds", drained).put("stillArrivingAtEnd", stillArriving ? 1 : 0)
                .put("totalDuplicates", tot[4]).put("totalReordered", tot[5]).put("totalDisconnects", tot[2]);
    }

    private static long liveHeap(List<Long> pids) {
        long sum = 0;
        for (long p : pids) {
            if (!JvmTools.isJvm(p)) {
                continue; // e.g. the shared redis-server of a scale-out run
            }
            long b = JvmTools.liveHeapBytes(p);
            if (b < 0) {
                return -1;
            }
            sum += b;
        }
        return sum;
    }

    private static Path jfrFile(String dir, String scenario, String label, String client, String rate) {
        return Path.of(dir, scenario + "-" + label + "-" + client + "-rate" + rate + ".jfr");
    }

    static List<SvgPlot.Series> percentileSeries(List<double[]> rows, String prefix, boolean dashed) {
        String[] names = {"p50", "p90", "p99", "p99.9", "max"};
        String[] colors = {"#1b9e77", "#7570b3", "#d95f02", "#e7298a", "#666666"};
        List<SvgPlot.Series> out = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            double[] x = new double[rows.size()];
            double[] y = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                x[i] = rows.get(i)[0];
                y[i] = rows.get(i)[k + 1];
            }
            out.add(new SvgPlot.Series(prefix + names[k], x, y, colors[k], dashed));
        }
        return out;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String readFirstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).get(0).trim();
        } catch (Exception e) {
            return "";
        }
    }

    /** Nice value of this process (field 19 of /proc/self/stat); children inherit it. */
    private static int niceness() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(f[16]);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
    }

    private static String csv(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }
}
