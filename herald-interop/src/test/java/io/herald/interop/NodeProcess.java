package io.herald.interop;

import io.herald.tck.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One node process running a script from {@code js/} (see {@link Externals#JS}). Each JSON line it prints is kept
 * as a map, in order; commands go to its stdin, one per line. {@link #kill()} ends it with SIGKILL, as a crash
 * would; {@link #close()} closes its stdin (the scripts exit on that) and kills it if it lingers.
 */
final class NodeProcess implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    /** Lines are in memory: looking often costs nothing. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<Map<String, Object>> lines = new CopyOnWriteArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon(() -> readLines(process.getInputStream()), name + "-stdout");
        daemon(() -> readErrors(process.getErrorStream()), name + "-stderr");
    }

    /** Starts {@code node js/<script> args...}. */
    static NodeProcess start(String script, String... args) {
        String node = Externals.node();
        Path file = Externals.nodeScript(script);
        List<String> command = new ArrayList<>(List.of(node, file.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(Externals.JS.toFile()).start();
            return new NodeProcess(script, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    private static void daemon(Runnable body, String threadName) {
        Thread t = new Thread(body, threadName);
        t.setDaemon(true);
        t.start();
    }

    private void readLines(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    lines.add(JsonText.object(line));
                } else if (!line.isBlank()) {
                    lines.add(Map.of("kind", "text", "text", line));
                }
            }
        } catch (IOException e) {
            // the process is gone: nothing more to read
        }
    }

    private void readErrors(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stderr.append(line).append('\n');
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Every line so far. */
    List<Map<String, Object>> lines() {
        return List.copyOf(lines);
    }

    /** The lines of one kind ({@code "kind"} field), in order. */
    List<Map<String, Object>> of(String kind) {
        return lines.stream().filter(l -> kind.equals(l.get("kind"))).toList();
    }

    /** The lines of one kind about one named client ({@code "client"} field). */
    List<Map<String, Object>> of(String kind, String client) {
        return lines.stream().filter(l -> kind.equals(l.get("kind")) && client.equals(l.get("client"))).toList();
    }

    /** Waits up to {@link #WAIT} for a line matching {@code test} and returns the first one. */
    Map<String, Object> await(String what, Predicate<Map<String, Object>> test) {
        try {
            return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> lines.stream().filter(test).findFirst().orElse(null), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("node " + name + ": no " + what + " within " + WAIT + "\n" + describe(), e);
        }
    }

    /** Waits for the first line of {@code kind} about {@code client}. */
    Map<String, Object> await(String kind, String client) {
        return await(kind + " of " + client, l -> kind.equals(l.get("kind")) && client.equals(l.get("client")));
    }

    /** Waits until {@code count} lines of {@code kind} about {@code client} arrived and returns them all. */
    List<Map<String, Object>> awaitCount(String kind, String client, int count) {
        try {
            Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> of(kind, client).size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("node " + name + ": fewer than " + count + " " + kind + " of " + client
                    + " within " + WAIT + "\n" + describe(), e);
        }
        return of(kind, client);
    }

    /** Sends one command line to the script. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + name + " is gone\n" + describe(), e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as if the client crashed or was killed; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node " + name + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the process printed, for failure messages. */
    String describe() {
        StringBuilder b = new StringBuilder("stdout:\n");
        lines.forEach(l -> b.append("  ").append(l).append('\n'));
        b.append("stderr:\n").append(stderr);
        return b.toString();
    }

    @Override
    public void close() {
        try {
            stdin.close(); // the scripts exit when their stdin ends
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
