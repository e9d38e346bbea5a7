package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads CPU time and memory of a set of processes (each root pid plus all its descendants, e.g.
 * nginx master and workers) from {@code /proc}.
 *
 * <p>CPU is user+system time from {@code /proc/<pid>/stat} in clock ticks. Memory is {@code VmRSS}
 * from {@code /proc/<pid>/status} and {@code Pss} from {@code /proc/<pid>/smaps_rollup}; summing RSS
 * over processes counts shared memory (nginx's shared zone) once per process, Pss does not.
 */
final class ProcStats {

    /**
     * One reading. CPU (user + system, and user alone) in seconds, memory in KiB, summed over
     * {@code processes}.
     */
    record Sample(double cpuSeconds, double userSeconds, long rssKb, long pssKb, int processes) {
    }

    static final long CLOCK_TICKS = 100; // USER_HZ; Linux reports /proc times in 1/100 s on x86-64

    private ProcStats() {
    }

    static Sample sample(List<Long> rootPids) {
        Set<Long> pids = new LinkedHashSet<>();
        for (long p : rootPids) {
            pids.add(p);
            ProcessHandle.of(p).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        }
        long ticks = 0;
        long user = 0;
        long rss = 0;
        long pss = 0;
        int n = 0;
        for (long p : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
                ticks += cpuTicks(stat);
                user += userTicks(stat);
                rss += kbField(Files.readString(Path.of("/proc", Long.toString(p), "status")), "VmRSS:");
                Path rollup = Path.of("/proc", Long.toString(p), "smaps_rollup");
                if (Files.isReadable(rollup)) {
                    pss += kbField(Files.readString(rollup), "Pss:");
                }
                n++;
            } catch (IOException | RuntimeException e) {
                // the process exited between listing and reading: skip it
            }
        }
        return new Sample((double) ticks / CLOCK_TICKS, (double) user / CLOCK_TICKS, rss, pss, n);
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line. */
    static long cpuTicks(String stat) {
        String[] f = fieldsAfterName(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** utime alone (field 14): the CPU spent in user space, the rest of {@link #cpuTicks} is the kernel's. */
    static long userTicks(String stat) {
        return Long.parseLong(fieldsAfterName(stat)[11]);
    }

    private static String[] fieldsAfterName(String stat) {
        // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** Value in kB of a {@code Name:   123 kB} line, 0 if absent. */
    static long kbField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }

    /** Total busy and total jiffies of the whole machine (first line of {@code /proc/stat}). */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            List<Long> v = new ArrayList<>();
            for (int i = 1; i < f.length; i++) {
                long x = Long.parseLong(f[i]);
                v.add(x);
                total += x;
            }
            long idle = v.get(3) + (v.size() > 4 ? v.get(4) : 0);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * CPUs of the whole machine (the {@code cpuN} lines of {@code /proc/stat}), whatever this process is
     * pinned to; {@link Runtime#availableProcessors()} would count only the CPUs it may run on.
     */
    static int machineCpus() {
        try {
            return (int) Math.max(1, Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(l -> l.startsWith("cpu") && l.length() > 3 && Character.isDigit(l.charAt(3))).count());
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** CPU seconds of exactly these processes (no descendants). */
    static double sampleOnly(List<Long> pids) {
        long ticks = 0;
        for (long p : pids) {
            try {
                ticks += cpuTicks(Files.readString(Path.of("/proc", Long.toString(p), "stat")));
            } catch (IOException | RuntimeException e) {
                // exited
            }
        }
        return (double) ticks / CLOCK_TICKS;
    }
}
