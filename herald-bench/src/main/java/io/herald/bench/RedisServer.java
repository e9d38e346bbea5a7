package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A throw-away {@code redis-server} child on loopback (no persistence) for scale-out runs. */
final class RedisServer implements AutoCloseable {
    private final Process process;

    private RedisServer(Process process) {
        this.process = process;
    }

    /** Starts it on {@code 127.0.0.1:port}, pinned to {@code cpus} (a taskset CPU list) when not blank. */
    static RedisServer start(int port, String cpus) throws IOException, InterruptedException {
        Path dir = Path.of("/tmp/herald-bench/redis-" + port);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(Pinning.command(java.util.List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()), cpus))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer r = new RedisServer(p);
        if (!NchanServer.waitForPort(port, p, 10_000)) {
            r.close();
            throw new IOException("redis-server did not listen on 127.0.0.1:" + port + "; see " + dir + "/redis.log");
        }
        return r;
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
