package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU pinning of the processes the harness starts ({@code taskset -c}), and reading back where a
 * process may run, so every result line says how server and load client shared the cores.
 */
final class Pinning {
    private Pinning() {
    }

    /** {@code cmd} prefixed with {@code taskset -c cpus} (taskset execs, so the pid stays the server's); unchanged when blank. */
    static List<String> command(List<String> cmd, String cpus) {
        if (cpus == null || cpus.isBlank()) {
            return cmd;
        }
        if (!cpus.matches("[0-9,\\-]+")) {
            throw new IllegalArgumentException("--server-cpus must be a CPU list such as 1 or 0-1: " + cpus);
        }
        List<String> out = new ArrayList<>(List.of("taskset", "-c", cpus));
        out.addAll(cmd);
        return out;
    }

    /** {@code Cpus_allowed_list} of a process (e.g. "0-1" or "1"), "" when it cannot be read. */
    static String allowedCpus(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring("Cpus_allowed_list:".length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return "";
    }

    /** Number of threads of a process ({@code Threads:} in its status), 0 when unknown. */
    static long threads(long pid) {
        try {
            return ProcStats.kbField(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "Threads:");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The command line of a process, for the record ("" when unknown). */
    static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
    }
}
