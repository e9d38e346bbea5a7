package io.herald.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry point of {@code herald-bench.jar}.
 *
 * <pre>
 * scenario &lt;fanout|channels|idle|scaleout&gt; [--target nchan|herald|external] [options]
 * shard    --shard i/n --servers URL[,URL] --sub-path P --subscribers N --channels C [--duration S]
 * plot     --scenario NAME [--subscribers N] [--results DIR]   (overlays the latest run per target)
 * table    --compare-id ID [--results DIR] [--out FILE]          (side-by-side table of one comparison)
 * jfrtop   FILE.jfr [--top N]                                   (CPU samples of a JFR file, top frames)
 * reqload  --url URL --path P --rate R --seconds S --pids PID   (minimal-request floor, see RequestLoad)
 * </pre>
 *
 * See {@code herald-bench/README.md} for every option.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            return;
        }
        switch (argv[0]) {
            case "scenario" -> {
                if (argv.length < 2) {
                    usage();
                    System.exit(2);
                }
                ScenarioRunner.run(argv[1], new Args(argv, 2));
            }
            case "shard" -> ShardMain.run(new Args(argv, 1));
            case "plot" -> plot(new Args(argv, 1));
            case "table" -> CompareTable.run(new Args(argv, 1));
            case "jfrtop" -> JfrTop.run(new Args(argv, 1));
            case "reqload" -> RequestLoad.run(new Args(argv, 1));
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.exit(0); // do not wait for lingering non-daemon Netty threads
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar herald-bench.jar scenario <fanout|channels|idle|scaleout> [--target nchan|floor|herald|external] [--client java|native] [options]
                       java -jar herald-bench.jar shard --shard i/n --servers URLS --sub-path PATH --subscribers N --channels C [--duration S]
                       java -jar herald-bench.jar plot --scenario NAME [--subscribers N] [--results DIR]
                       java -jar herald-bench.jar table --compare-id ID [--results DIR] [--out FILE]
                       java -jar herald-bench.jar jfrtop FILE.jfr [--top N]
                       java -jar herald-bench.jar reqload --url URL --path PATH --rate R --seconds S --pids PID [--connections N]
                see herald-bench/README.md""");
    }

    private static final Pattern STEP = Pattern.compile(
            "\"offeredPerSec\":([0-9.]+),\"p50Ms\":([0-9.]+),\"p90Ms\":([0-9.]+),\"p99Ms\":([0-9.]+),\"p999Ms\":([0-9.]+),\"maxMs\":([0-9.]+)");

    /** Overlays p50 and p99 of the latest run of each target for one scenario. */
    private static void plot(Args a) throws Exception {
        String scenario = a.str("scenario", "fanout");
        Path dir = Path.of(a.str("results", "herald-bench/results"));
        Map<String, List<double[]>> latest = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            if (!line.contains("\"scenario\":\"" + scenario + "\"")
                    || (a.has("subscribers") && !line.contains("\"subscribers\":" + a.str("subscribers", "") + ","))) {
                continue;
            }
            // one curve per server label and load client (runs from before labels existed: the target)
            Matcher tm = Pattern.compile("\"target\":\"([^\"]+)\"").matcher(line);
            Matcher lm = Pattern.compile("\"label\":\"([^\"]+)\"").matcher(line);
            Matcher cm = Pattern.compile("\"client\":\"([^\"]+)\"").matcher(line);
            String target = (lm.find() ? lm.group(1) : tm.find() ? tm.group(1) : "?") + (cm.find() ? " (" + cm.group(1) + ")" : "");
            List<double[]> rows = new ArrayList<>();
            Matcher m = STEP.matcher(line);
            while (m.find()) {
                double[] r = new double[6];
                for (int i = 0; i < 6; i++) {
                    r[i] = Double.parseDouble(m.group(i + 1));
                }
                rows.add(r);
            }
            if (!rows.isEmpty()) {
                latest.put(target, rows);
            }
        }
        List<SvgPlot.Series> series = new ArrayList<>();
        String[] colors = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a"};
        int c = 0;
        for (Map.Entry<String, List<double[]>> e : latest.entrySet()) {
            List<double[]> rows = e.getValue();
            double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
            String color = colors[c++ % colors.length];
            series.add(new SvgPlot.Series(e.getKey() + " p50", x, rows.stream().mapToDouble(r -> r[1]).toArray(), color, false));
            series.add(new SvgPlot.Series(e.getKey() + " p99", x, rows.stream().mapToDouble(r -> r[3]).toArray(), color, true));
        }
        Path out = dir.resolve("compare-" + scenario + (a.has("subscribers") ? "-" + a.str("subscribers", "") : "") + ".svg");
        Files.writeString(out, SvgPlot.render(String.format(Locale.ROOT, "%s%s: latency vs offered load (latest run per target)",
                scenario, a.has("subscribers") ? ", " + a.str("subscribers", "") + " subscribers" : ""),
                "offered deliveries per second", "publish -> receive latency (ms)", series));
        System.out.println("wrote " + out + " (" + latest.keySet() + ")");
    }
}
