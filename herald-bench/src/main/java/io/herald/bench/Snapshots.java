package io.herald.bench;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Asks every subscriber process for a snapshot and adds them up. */
final class Snapshots {
    private static final String[] KEYS = {"est", "failed", "disc", "recv", "dup", "reord", "uniq", "exp"};

    /**
     * Summed counters of all client processes.
     *
     * @param counts    est, failed, disc, recv, dup, reord, uniq, exp (cumulative)
     * @param heartbeats sent, ok, failed (cumulative)
     * @param interval  latency since the previous snapshot, microseconds
     */
    record Sum(long[] counts, long[] heartbeats, Histogram interval) {
        long est() {
            return counts[0];
        }

        long disc() {
            return counts[2];
        }
    }

    private Snapshots() {
    }

    /** Sends {@code SNAP [csv]} to every process and sums the replies. */
    static Sum collect(List<ShardProcess> procs, String lastSeqCsv) throws Exception {
        for (ShardProcess p : procs) {
            p.send(lastSeqCsv == null ? "SNAP" : "SNAP " + lastSeqCsv);
        }
        long[] counts = new long[KEYS.length];
        long[] hb = new long[3];
        Histogram h = new Histogram(3);
        for (ShardProcess p : procs) {
            Map<String, String> r = p.await("SNAP", 60);
            for (int k = 0; k < KEYS.length; k++) {
                counts[k] += Long.parseLong(r.get(KEYS[k]));
            }
            hb[0] += Long.parseLong(r.getOrDefault("hbSent", "0"));
            hb[1] += Long.parseLong(r.getOrDefault("hbOk", "0"));
            hb[2] += Long.parseLong(r.getOrDefault("hbFail", "0"));
            h.add(Histograms.fromSnap(r));
        }
        return new Sum(counts, hb, h);
    }
}
