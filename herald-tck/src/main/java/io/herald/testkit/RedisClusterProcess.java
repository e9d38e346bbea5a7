package io.herald.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster for tests: {@code masters} {@code redis-server} processes on loopback sharing the 16,384
 * slots evenly, each with {@code replicasPerMaster} replicas, joined with {@code CLUSTER MEET} and ready when
 * every node reports {@code cluster_state:ok} and every replica's link to its master is up. Nodes are
 * {@link RedisServerProcess}es from {@link RedisServerProcess#startClusterNode}, so a test can
 * {@link RedisServerProcess#stop() kill} one (with {@code cluster-node-timeout} 1 s a replica takes over within
 * a few seconds) and {@link RedisServerProcess#start() bring it back}.
 *
 * <p>Connect with {@link #uri()} ({@code redis-cluster://127.0.0.1:<p1>,127.0.0.1:<p2>,...}, every master as a
 * seed) or {@link #uri(int)} (one node as the only seed). The binary is found, or its absence fails or skips
 * the test, as for {@link RedisServerProcess}.
 *
 * <p>Thread-safe for the reading methods; {@link #close()} is idempotent.
 */
public final class RedisClusterProcess implements AutoCloseable {

    /** {@code cluster-node-timeout} of every node. */
    public static final int NODE_TIMEOUT_MILLIS = 1000;

    private static final int SLOTS = 16384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServerProcess> nodes = new ArrayList<>();
    private final int masters;

    private RedisClusterProcess(int masters) {
        this.masters = masters;
    }

    /**
     * Starts and joins a cluster and waits until it is ready.
     *
     * @throws IllegalArgumentException if {@code masters < 1} or {@code replicasPerMaster < 0}
     * @throws IllegalStateException if it is not ready within 30 s (the message names what was missing)
     */
    public static RedisClusterProcess start(int masters, int replicasPerMaster) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("masters must be >= 1 and replicasPerMaster >= 0: " + masters + ", "
                    + replicasPerMaster);
        }
        RedisClusterProcess cluster = new RedisClusterProcess(masters);
        try {
            cluster.form(replicasPerMaster);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void form(int replicasPerMaster) {
        int total = masters * (1 + replicasPerMaster);
        for (int i = 0; i < total; i++) {
            nodes.add(RedisServerProcess.startClusterNode(NODE_TIMEOUT_MILLIS));
        }
        for (int i = 0; i < masters; i++) {
            RedisServerProcess m = nodes.get(i);
            // distinct epochs up front, as redis-cli does, so the nodes need not resolve a collision first
            expectOk(m, "CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            int from = SLOTS * i / masters;
            int to = SLOTS * (i + 1) / masters - 1;
            expectOk(m, "CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
        }
        RedisServerProcess first = nodes.get(0);
        for (int i = 1; i < total; i++) {
            RedisServerProcess n = nodes.get(i);
            expectOk(first, "CLUSTER", "MEET", RedisServerProcess.HOST, Integer.toString(n.port()),
                    Integer.toString(n.clusterBusPort()));
        }
        awaitCondition("every node knows all " + total + " nodes", () -> {
            for (RedisServerProcess n : nodes) {
                List<String> lines = nodeLines(n);
                if (lines.size() != total || lines.stream().anyMatch(l -> l.contains("handshake") || l.contains("noaddr"))) {
                    return false;
                }
            }
            return true;
        });
        for (int i = masters; i < total; i++) {
            RedisServerProcess master = nodes.get((i - masters) % masters);
            String masterId = master.command("CLUSTER", "MYID");
            expectOk(nodes.get(i), "CLUSTER", "REPLICATE", masterId);
        }
        awaitHealthy();
    }

    /** Every node; the first {@code masters} were the masters at start. */
    public List<RedisServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code redis-cluster://} with every node started as a master as a seed. */
    public String uri() {
        StringJoiner j = new StringJoiner(",", "redis-cluster://", "");
        for (int i = 0; i < masters; i++) {
            j.add(RedisServerProcess.HOST + ":" + nodes.get(i).port());
        }
        return j.toString();
    }

    /** {@code redis-cluster://} with node {@code index} as the only seed (the rest is discovered from it). */
    public String uri(int index) {
        return "redis-cluster://" + RedisServerProcess.HOST + ":" + nodes.get(index).port();
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}). */
    public int slotOf(String key) {
        return Integer.parseInt(anyRunning().command("CLUSTER", "KEYSLOT", key));
    }

    /** The running node that currently serves {@code key}'s slot as master, as seen by the other nodes. */
    public RedisServerProcess masterOf(String key) {
        int slot = slotOf(key);
        for (String line : nodeLines(anyRunning())) {
            String[] f = line.split(" ");
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                int dash = f[i].indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int hi = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(dash + 1));
                if (slot >= lo && slot <= hi) {
                    return byAddress(f[1]);
                }
            }
        }
        throw new IllegalStateException("no healthy master serves slot " + slot + " of '" + key + "'");
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}, every slot is served, and every running
     * replica's link to its master is up.
     *
     * @throws IllegalStateException after 30 s
     */
    public void awaitHealthy() {
        awaitCondition("cluster_state:ok on every running node and every replica linked", () -> {
            for (RedisServerProcess n : nodes) {
                if (!n.isRunning()) {
                    continue;
                }
                if (!n.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return false;
                }
                String replication = n.command("INFO", "replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Kills every node and deletes their folders. */
    @Override
    public synchronized void close() {
        for (RedisServerProcess n : nodes) {
            n.close();
        }
    }

    @Override
    public String toString() {
        return "RedisClusterProcess[" + uri() + ", " + nodes.size() + " nodes]";
    }

    private RedisServerProcess anyRunning() {
        for (RedisServerProcess n : nodes) {
            if (n.isRunning()) {
                return n;
            }
        }
        throw new IllegalStateException("no node of the cluster is running");
    }

    private RedisServerProcess byAddress(String address) {
        // "127.0.0.1:6379@16379" (optionally ",hostname")
        String hostPort = address.split("[@,]")[0];
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        for (RedisServerProcess n : nodes) {
            if (n.port() == port) {
                return n;
            }
        }
        throw new IllegalStateException("no node of this cluster listens on " + address);
    }

    private static List<String> nodeLines(RedisServerProcess node) {
        List<String> lines = new ArrayList<>();
        for (String line : node.command("CLUSTER", "NODES").split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        return lines;
    }

    private static void expectOk(RedisServerProcess node, String... command) {
        String reply = node.command(command);
        if (!"OK".equals(reply)) {
            throw new IllegalStateException(String.join(" ", command) + " on port " + node.port() + " answered " + reply);
        }
    }

    private interface Check {
        boolean ok();
    }

    private static void awaitCondition(String what, Check check) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // a node still starting or just killed; try again
            }
            // the nodes gossip on their own; there is no event to wait on
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
        throw new IllegalStateException("Redis Cluster not ready within " + READY_TIMEOUT.toSeconds() + " s: " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }
}
