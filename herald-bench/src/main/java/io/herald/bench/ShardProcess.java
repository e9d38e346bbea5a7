package io.herald.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The coordinator's handle on one forked {@code shard} JVM: sends commands, waits for {@code @@} replies. */
final class ShardProcess implements AutoCloseable {
    private final int index;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    ShardProcess(int index, List<String> command) throws IOException {
        this.index = index;
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "shard-" + index + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("@@")) {
                    replies.add(line.substring(2));
                } else {
                    System.err.println("[shard " + index + "] " + line);
                }
            }
        } catch (IOException e) {
            // process gone; waiters time out
        }
        replies.add("EXIT");
    }

    long pid() {
        return process.pid();
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /** Waits for the next reply starting with {@code kind} and returns its {@code k=v} fields. */
    Map<String, String> await(String kind, long timeoutSeconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            long left = end - System.nanoTime();
            String line = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new IllegalStateException("shard " + index + ": no " + kind + " within " + timeoutSeconds + " s");
            }
            if (line.equals("EXIT")) {
                throw new IllegalStateException("shard " + index + " exited (code " + process.waitFor() + ") before " + kind);
            }
            if (line.startsWith(kind)) {
                Map<String, String> m = new HashMap<>();
                for (String part : line.substring(kind.length()).trim().split(" ")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        m.put(part.substring(0, eq), part.substring(eq + 1));
                    }
                }
                return m;
            }
        }
    }

    @Override
    public void close() {
        try {
            try {
                send("QUIT");
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the flag; the caller is shutting down anyway
        }
    }
}
