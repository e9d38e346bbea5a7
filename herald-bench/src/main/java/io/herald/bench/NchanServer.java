package io.herald.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one nginx + nchan instance as a foreground child process with its own prefix directory
 * under {@code /tmp/herald-bench/}, from the template {@code herald-bench/nchan/nginx.conf.template}.
 */
final class NchanServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private NchanServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts nginx on {@code 127.0.0.1:port}; {@code redisPort > 0} makes nchan keep channels in
     * that Redis so several instances share them; {@code cpus} (a taskset CPU list, blank for none)
     * pins master and worker.
     */
    static NchanServer start(int port, int redisPort, String cpus) throws IOException, InterruptedException {
        Path prefix = Path.of("/tmp/herald-bench/nchan-" + port);
        Files.createDirectories(prefix.resolve("tmp"));
        String template = loadTemplate();
        boolean root = "root".equals(System.getProperty("user.name"));
        String conf = template
                .replace("${PREFIX}", prefix.toString())
                .replace("${PORT}", Integer.toString(port))
                // as root, workers would switch to "nobody"; keep root so the prefix stays writable
                .replace("${USER_LINE}", root ? "user root;" : "")
                .replace("${REDIS_HTTP}", redisPort > 0
                        ? "    upstream bench_redis {\n        nchan_redis_server redis://127.0.0.1:" + redisPort + ";\n    }" : "")
                .replace("${REDIS_LOC}", redisPort > 0 ? "            nchan_redis_pass bench_redis;" : "");
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Files.deleteIfExists(prefix.resolve("error.log"));
        ProcessBuilder pb = new ProcessBuilder(Pinning.command(java.util.List.of("nginx", "-p", prefix + "/", "-c",
                confFile.toString(), "-e", prefix.resolve("error.log").toString()), cpus))
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile());
        Process p = pb.start();
        NchanServer s = new NchanServer(p, port);
        if (!waitForPort(port, p, 10_000)) {
            s.close();
            throw new IOException("nginx did not listen on 127.0.0.1:" + port + "; see " + prefix + "/error.log: "
                    + (Files.exists(prefix.resolve("error.log")) ? Files.readString(prefix.resolve("error.log")) : ""));
        }
        return s;
    }

    static String loadTemplate() throws IOException {
        String override = System.getProperty("bench.nchanTemplate");
        if (override != null) {
            return Files.readString(Path.of(override));
        }
        try (InputStream in = NchanServer.class.getResourceAsStream("/nchan/nginx.conf.template")) {
            if (in == null) {
                throw new IOException("nchan/nginx.conf.template missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static boolean waitForPort(int port, Process p, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            process.destroy(); // SIGTERM: nginx fast shutdown (closing ~19k sockets can take a while)
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the flag; the caller is shutting down anyway
        }
    }
}
