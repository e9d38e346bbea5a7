package io.herald.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The {@code jfrtop} subcommand: summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR
 * file into the methods that were on top of the stack most often (self time) and the methods that
 * were anywhere on the stack most often (total time), with their share of all samples; the same
 * data as {@code jfr print --events jdk.ExecutionSample}, counted.
 *
 * <pre>java -jar herald-bench.jar jfrtop recording.jfr [--top 25]</pre>
 */
final class JfrTop {
    private JfrTop() {
    }

    static void run(Args a) throws IOException {
        List<String> files = a.positional();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("usage: jfrtop FILE.jfr [--top N]");
        }
        for (String f : files) {
            System.out.print(summarise(Path.of(f), a.integer("top", 25)));
        }
    }

    /** The summary text of one recording. */
    static String summarise(Path file, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    self.merge(name(frames.get(0)), 1, Integer::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame fr : frames) {
                    if (seen.add(name(fr))) {
                        total.merge(name(fr), 1, Integer::sum);
                    }
                }
                Object thread = e.getValue("sampledThread");
                String tn = thread instanceof jdk.jfr.consumer.RecordedThread t ? t.getJavaName() : "?";
                threads.merge(tn == null ? "?" : tn.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "== %s: %,d execution samples (Java code only; time in the kernel is not sampled)%n",
                file.getFileName(), samples));
        table(sb, "self (top of stack)", self, samples, top);
        table(sb, "total (anywhere on the stack)", total, samples, top);
        table(sb, "threads", threads, samples, 10);
        return sb.toString();
    }

    private static void table(StringBuilder sb, String title, Map<String, Integer> counts, int samples, int top) {
        sb.append("-- ").append(title).append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> sb.append(String.format(Locale.ROOT, "%6.1f%% %7d  %s%n",
                        100.0 * en.getValue() / Math.max(1, samples), en.getValue(), en.getKey())));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
