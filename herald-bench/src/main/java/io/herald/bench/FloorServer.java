package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference "floor" server ({@code floor.c}, built by {@code bin/build-native.sh} into
 * {@code target/native/floor}) as a child process: the least work an SSE fan-out server can do here.
 *
 * <p>What it speaks: any {@code GET} becomes an SSE stream (identity body, no ids, no heartbeats);
 * any {@code POST}'s body is written to <em>every</em> subscriber as one {@code data:} frame. It has
 * no channels, so it serves single-channel scenarios only, and no broker, so for scale-out the
 * publisher posts each message to every floor server itself.
 */
final class FloorServer implements AutoCloseable {
    private final Process process;

    private FloorServer(Process process) {
        this.process = process;
    }

    /** Starts {@code binary --port port [--uring]} on loopback, pinned to {@code cpus} when not blank. */
    static FloorServer start(Path binary, int port, boolean uring, String cpus) throws IOException, InterruptedException {
        if (!Files.isExecutable(binary)) {
            throw new IOException("floor binary missing: " + binary + " (herald-bench/bin/build-native.sh builds it)");
        }
        Path dir = Path.of("/tmp/herald-bench/floor-" + port);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port)));
        if (uring) {
            cmd.add("--uring");
        }
        Process p = new ProcessBuilder(Pinning.command(cmd, cpus)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("floor.log").toFile()).start();
        FloorServer s = new FloorServer(p);
        if (!NchanServer.waitForPort(port, p, 10_000)) {
            s.close();
            throw new IOException("floor did not listen on 127.0.0.1:" + port + "; see " + dir + "/floor.log");
        }
        return s;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the flag; the caller is shutting down anyway
        }
    }
}
