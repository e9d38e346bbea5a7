package io.herald.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the harness asks a Java server through {@code jcmd}: its live heap after a full GC (the part
 * of memory per connection that RSS cannot show when the heap is pre-touched) and JFR recordings.
 */
final class JvmTools {
    // "def new generation total 314560K, used 22375K", "garbage-first heap total 1048576K, used 4925K", ...
    private static final Pattern USED = Pattern.compile("total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    private JvmTools() {
    }

    /** True when {@code pid} runs a JVM (its executable is {@code java}). */
    static boolean isJvm(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> c.endsWith("/java") || c.equals("java"))
                .orElse(false);
    }

    /** Heap in use right after a full GC ({@code GC.run}, then {@code GC.heap_info}), in bytes; -1 if unknown. */
    static long liveHeapBytes(long pid) {
        try {
            jcmd(pid, "GC.run");
            return usedKb(jcmd(pid, "GC.heap_info")) * 1024;
        } catch (IOException | RuntimeException e) {
            System.err.println("live heap of " + pid + " unknown: " + e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sum of the generations' "used" in a {@code GC.heap_info} text (Metaspace excluded), KiB. */
    static long usedKb(String heapInfo) {
        long kb = 0;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                kb += Long.parseLong(m.group(1));
            }
        }
        return kb;
    }

    /** Starts a JFR recording ({@code profile} settings: execution samples every 10 ms) named {@code name}. */
    static void jfrStart(long pid, String name, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file.toAbsolutePath());
    }

    /** Stops and writes the recording {@code name}. */
    static void jfrStop(long pid, String name) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + name);
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8).trim());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
