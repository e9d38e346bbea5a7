package io.herald.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code table} subcommand: one Markdown comparison of every run tagged with the same
 * {@code --compare-id} (what {@code bin/compare.sh} runs), side by side per rate step and load client,
 * with the ratios of each other server against nchan and against the floor from the same session.
 *
 * <pre>java -jar herald-bench.jar table --compare-id ID [--results DIR] [--out FILE]</pre>
 */
final class CompareTable {
    private CompareTable() {
    }

    static void run(Args a) throws Exception {
        String id = a.str("compare-id", "");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("--compare-id is required");
        }
        Path dir = Path.of(a.str("results", "herald-bench/results"));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            if (line.contains("\"compareId\":\"" + id + "\"")) {
                runs.add(Json.read(line));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run with compareId " + id + " in " + dir.resolve("results.jsonl"));
        }
        String md = render(id, runs);
        System.out.print(md);
        if (a.has("out")) {
            Files.writeString(Path.of(a.str("out", "")), md);
            System.out.println("wrote " + a.str("out", ""));
        }
    }

    /** The Markdown text for these runs (all of one comparison). */
    static String render(String id, List<Map<String, Object>> runs) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<Map<String, Object>>> byScenario = new LinkedHashMap<>();
        for (Map<String, Object> r : runs) {
            byScenario.computeIfAbsent(str(r, "scenario"), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : byScenario.entrySet()) {
            List<Map<String, Object>> rs = e.getValue();
            Map<String, Object> first = rs.get(0);
            sb.append(String.format(Locale.ROOT, "## %s, compare %s%n%n", e.getKey(), id));
            if (e.getKey().equals("reqfloor")) {
                requestFloor(sb, rs);
                continue;
            }
            sb.append(String.format(Locale.ROOT,
                    "%,d subscribers, %,d channel(s), %d server(s); started %s; server CPUs %s, client CPUs %s, nice %s.%n%n",
                    (long) num(first, "subscribers"), (long) num(first, "channels"), (long) num(first, "servers"),
                    str(first, "started"), str(first, "serverCpus"), str(first, "clientCpus"), fmt0(num(first, "nice"))));
            boolean published = rs.stream().anyMatch(r -> !steps(r).isEmpty());
            if (published) {
                steps(sb, rs);
            }
            connections(sb, rs);
        }
        return sb.toString();
    }

    private static void steps(StringBuilder sb, List<Map<String, Object>> rs) {
        sb.append("| msgs/s | client | server | delivered/s | p50 ms | p99 ms | p99.9 ms | server µs/delivery | of which user space | server CPU % | client µs/delivery | client CPU % | other CPU % | missing/dup/reord |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        // (rate, client) -> label -> step
        Map<String, Map<String, Map<String, Object>>> cells = new LinkedHashMap<>();
        Set<String> labels = new LinkedHashSet<>();
        for (Map<String, Object> r : rs) {
            for (Map<String, Object> st : steps(r)) {
                String key = fmt0(num(st, "rate")) + "|" + str(r, "client");
                cells.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(label(r), st);
                labels.add(label(r));
            }
        }
        List<String> keys = new ArrayList<>(cells.keySet());
        keys.sort((x, y) -> {
            int c = Double.compare(Double.parseDouble(x.split("\\|")[0]), Double.parseDouble(y.split("\\|")[0]));
            return c != 0 ? c : x.compareTo(y);
        });
        for (String key : keys) {
            String[] rc = key.split("\\|");
            for (Map.Entry<String, Map<String, Object>> c : cells.get(key).entrySet()) {
                Map<String, Object> st = c.getValue();
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %.1f | %.1f | %.1f | %.2f | %s | %.0f | %.2f | %.0f | %.0f | %s/%s/%s |%n",
                        rc[0], rc[1], c.getKey(), num(st, "deliveredPerSec"), num(st, "p50Ms"), num(st, "p99Ms"),
                        num(st, "p999Ms"), num(st, "serverCpuSecPerMillion"), fmt2(num(st, "serverUserCpuSecPerMillion")),
                        num(st, "serverCpuPct"),
                        num(st, "clientCpuSecPerMillion"), num(st, "clientCpuPct"), num(st, "otherCpuPct"),
                        fmt0(num(st, "missingAtSnapshot")), fmt0(num(st, "duplicates")), fmt0(num(st, "reordered"))));
            }
        }
        sb.append('\n');
        List<String[]> pairs = pairs(labels);
        if (!pairs.isEmpty()) {
            sb.append("Ratios from the same session (same rate, same load client): server CPU per delivery, and p99.\n\n");
            sb.append("| msgs/s | client | ratio | CPU per delivery | p99 |\n|---|---|---|---|---|\n");
            for (String key : keys) {
                String[] rc = key.split("\\|");
                Map<String, Map<String, Object>> row = cells.get(key);
                for (String[] p : pairs) {
                    Map<String, Object> x = row.get(p[0]);
                    Map<String, Object> y = row.get(p[1]);
                    if (x == null || y == null) {
                        continue;
                    }
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s / %s | %.2f | %.2f |%n", rc[0], rc[1], p[0], p[1],
                            num(x, "serverCpuSecPerMillion") / num(y, "serverCpuSecPerMillion"), num(x, "p99Ms") / num(y, "p99Ms")));
                }
            }
            sb.append('\n');
        }
    }

    private static void connections(StringBuilder sb, List<Map<String, Object>> rs) {
        sb.append("| server | client | connections | RSS B/conn | live heap B/conn | idle CPU % of a core | heartbeats/s | server µs/heartbeat | client idle CPU % | lost/dup/reord (run) | disconnects |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rs) {
            double heap = num(r, "serverLiveHeapBytesPerConn");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d of %,d | %,.0f | %s | %.2f | %,.0f | %s | %.2f | %s | %s |%n",
                    label(r), str(r, "client"), (long) num(r, "established"), (long) num(r, "subscribers"),
                    num(r, "serverRssBytesPerConn"), Double.isNaN(heap) ? "-" : String.format(Locale.ROOT, "%,.0f", heap),
                    num(r, "serverIdleCpuPct"), num(r, "idleHeartbeatsPerSec"),
                    Double.isNaN(num(r, "serverIdleCpuUsPerHeartbeat")) ? "-" : String.format(Locale.ROOT, "%.1f", num(r, "serverIdleCpuUsPerHeartbeat")),
                    num(r, "clientIdleCpuPct"),
                    r.containsKey("totalLost") ? fmt0(num(r, "totalLost")) + "/" + fmt0(num(r, "totalDuplicates")) + "/" + fmt0(num(r, "totalReordered")) : "-",
                    fmt0(num(r, "idleDisconnects"))));
        }
        sb.append('\n');
    }

    private static void requestFloor(StringBuilder sb, List<Map<String, Object>> rs) {
        sb.append("| server | requests/s | answered 2xx | failed | server CPU % of a core | server µs/request | client CPU % |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rs) {
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,d | %,d | %.2f | %.1f | %.1f |%n", label(r), num(r, "requestsPerSec"),
                    (long) num(r, "ok"), (long) num(r, "failed"), num(r, "serverCpuPct"), num(r, "serverCpuUsPerRequest"),
                    num(r, "clientCpuPct")));
        }
        sb.append('\n');
    }

    /** (subject, baseline) pairs: every server that is not a reference against nchan and the floor. */
    /**
     * Every Herald label against each reference (nchan, the floor), then {@code herald} against each
     * other Herald variant ({@code herald-before}, {@code herald-jetty}, ...): the before/after or
     * transport ratio from the same session.
     */
    static List<String[]> pairs(Set<String> labels) {
        List<String> refs = labels.stream().filter(l -> l.startsWith("nchan") || l.startsWith("floor")).toList();
        List<String[]> out = new ArrayList<>();
        for (String l : labels) {
            if (!refs.contains(l)) {
                for (String ref : refs) {
                    out.add(new String[] {l, ref});
                }
            }
        }
        if (labels.contains("herald")) {
            for (String l : labels) {
                if (!refs.contains(l) && !l.equals("herald")) {
                    out.add(new String[] {"herald", l});
                }
            }
        }
        return out;
    }

    private static String label(Map<String, Object> r) {
        String l = str(r, "label");
        return l.isEmpty() ? str(r, "target") : l;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> r) {
        Object s = r.get("steps");
        return s instanceof List ? (List<Map<String, Object>>) s : List.of();
    }

    private static double num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? "" : v.toString();
    }

    private static String fmt2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
