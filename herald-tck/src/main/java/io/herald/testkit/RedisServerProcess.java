package io.herald.testkit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} child process for tests, bound to {@code 127.0.0.1} on a free ephemeral port,
 * with persistence off ({@code --save "" --appendonly no}) and its working directory in a fresh temp folder.
 *
 * <p>Typical use: {@code try (RedisServerProcess redis = RedisServerProcess.startNew()) { ... redis.uri() ... }},
 * or the {@link RedisServerExtension} JUnit extension. {@link #stop()} kills the process (SIGKILL, no clean
 * shutdown, so clients see the connection drop as in a crash) and {@link #start()} brings it back on the
 * <em>same</em> port, which is what outage and reconnect tests need. {@link #close()} kills it and deletes
 * the temp folder; a JVM shutdown hook does the same if a test forgets.
 *
 * <p>The binary is {@code redis-server} from the {@code PATH} (Debian: {@code apt-get install redis-server};
 * {@code scripts/test} installs it), or the path in the environment variable {@code HERALD_REDIS_SERVER} or
 * the system property {@code herald.redis-server}. When it is missing, {@link #startNew()} fails with an
 * {@link IllegalStateException} if {@code HERALD_REQUIRE_EXTERNALS=true} or {@code CI=true} is set (so CI
 * never silently skips), and otherwise aborts the calling test with a JUnit assumption that says how to
 * install it.
 *
 * <p>Thread-safety: every method is safe to call from any thread (start, stop and close are synchronized);
 * one instance may be shared by a test class.
 */
public final class RedisServerProcess implements AutoCloseable {

    /** Loopback address the server binds to. */
    public static final String HOST = "127.0.0.1";

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final Path binary;
    private final List<String> extraArgs;
    private final String sentinelMonitor; // "name host port" for a Sentinel, else null
    private final int clusterNodeTimeoutMillis; // > 0 for a Redis Cluster node
    private int clusterBusPort;
    private final Path dir;
    private final Path log;
    private final Thread shutdownHook;
    private int port;
    private Process process;
    private boolean closed;

    private RedisServerProcess(Path binary, List<String> extraArgs, String sentinelMonitor, int clusterNodeTimeoutMillis)
            throws IOException {
        this.binary = binary;
        this.extraArgs = List.copyOf(extraArgs);
        this.sentinelMonitor = sentinelMonitor;
        this.clusterNodeTimeoutMillis = clusterNodeTimeoutMillis;
        this.dir = Files.createTempDirectory("herald-redis-");
        this.log = dir.resolve("redis.log");
        this.shutdownHook = new Thread(this::killQuietly, "herald-redis-server-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a new server on a free ephemeral port and waits until it answers {@code PING}.
     * {@code redis-server} is located as described in the class comment.
     *
     * @throws IllegalStateException if the binary is missing and externals are required, or the server
     *     does not come up within 10 s (the message includes the tail of its log)
     * @throws org.opentest4j.TestAbortedException if the binary is missing and externals are not required
     */
    public static RedisServerProcess startNew() {
        return startNew(new String[0]);
    }

    /**
     * Like {@link #startNew()}, with extra {@code redis-server} arguments appended to the defaults, for
     * example {@code "--requirepass", "secret"} or {@code "--replicaof", "127.0.0.1", "6379"}. They are
     * used again by {@link #start()}. With {@code --requirepass}, {@link #command} authenticates first and
     * a {@code NOAUTH} answer to the readiness {@code PING} counts as up; {@link #uri()} carries no password.
     */
    public static RedisServerProcess startNew(String... extraArgs) {
        return launchNew(List.of(extraArgs), null, 0);
    }

    /**
     * Starts a server with Redis Cluster enabled ({@code cluster-enabled yes}, its {@code nodes.conf} in its
     * directory so a restarted node keeps its identity), the cluster bus on a second free port
     * ({@link #clusterBusPort()}) and {@code cluster-node-timeout} as given. It knows no other node and owns no
     * slot yet; {@link RedisClusterProcess} joins such nodes into a cluster.
     */
    public static RedisServerProcess startClusterNode(int nodeTimeoutMillis) {
        if (nodeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("nodeTimeoutMillis must be > 0: " + nodeTimeoutMillis);
        }
        return launchNew(List.of(), null, nodeTimeoutMillis);
    }

    /** The cluster bus port of a node from {@link #startClusterNode}, else 0. */
    public synchronized int clusterBusPort() {
        return clusterBusPort;
    }

    /**
     * Starts a Redis Sentinel ({@code redis-server <conf> --sentinel}) on a free port that monitors
     * {@code master} under {@code masterName} with quorum 1, {@code down-after-milliseconds 300} and
     * {@code failover-timeout 2000}, so a killed master is replaced by a replica within a few seconds.
     * Connect with {@code redis-sentinel://127.0.0.1:<port>#<masterName>} ({@link #sentinelUri(String)}).
     */
    public static RedisServerProcess startSentinel(String masterName, RedisServerProcess master) {
        if (masterName == null || !masterName.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("masterName must match [A-Za-z0-9_.-]+: '" + masterName + "'");
        }
        return launchNew(List.of(), masterName + " " + HOST + " " + master.port(), 0);
    }

    /** {@code redis-sentinel://127.0.0.1:<port>#<masterName>}, for a process from {@link #startSentinel}. */
    public synchronized String sentinelUri(String masterName) {
        return "redis-sentinel://" + HOST + ":" + port + "#" + masterName;
    }

    private static RedisServerProcess launchNew(List<String> extraArgs, String sentinelMonitor, int clusterNodeTimeoutMillis) {
        Path binary = locateBinary();
        RedisServerProcess server;
        try {
            server = new RedisServerProcess(binary, extraArgs, sentinelMonitor, clusterNodeTimeoutMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for redis-server", e);
        }
        try {
            server.launchOnFreePort();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the server again on the same port after {@link #stop()}. Does nothing if it is running.
     *
     * @throws IllegalStateException if closed, or if the server does not come up within 10 s
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("RedisServerProcess on port " + port + " is closed");
        }
        if (isRunning()) {
            return;
        }
        launch(port);
    }

    /**
     * Kills the server with SIGKILL (no clean shutdown: connected clients see the connection drop) and waits
     * for the process to exit. The port is kept for {@link #start()}. Does nothing if not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping redis-server on port " + port, e);
        }
        process = null;
    }

    /** {@link #stop()} then {@link #start()}: a crash and a recovery on the same port, with empty data. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Whether the child process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The TCP port; stays the same across {@link #stop()} and {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** A Lettuce-style URI, {@code redis://127.0.0.1:<port>}. */
    public synchronized String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /**
     * Sends one command over a fresh connection and returns the reply in a simple text form: status and
     * error replies as their text (errors prefixed with {@code -}), integers as digits, bulk strings as their
     * content ({@code null} for nil), arrays as {@code [a, b]}. Meant for test set-up such as
     * {@code FLUSHALL} or {@code CLIENT PAUSE}; not a Redis client. Authenticates first when the server
     * was started with {@code --requirepass}.
     *
     * @throws UncheckedIOException if the server cannot be reached
     */
    public String command(String... args) {
        int p = port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, p), 1_000);
            socket.setSoTimeout(5_000);
            String password = password();
            if (password != null) {
                String auth = Resp.call(socket, "AUTH", password);
                if (!"OK".equals(auth)) {
                    throw new IllegalStateException("AUTH failed on redis-server port " + p + ": " + auth);
                }
            }
            return Resp.call(socket, args);
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + p + " did not answer " + String.join(" ", args), e);
        }
    }

    /** The server's working directory (its log is {@code redis.log} there); deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    private String password() {
        int i = extraArgs.indexOf("--requirepass");
        return i >= 0 && i + 1 < extraArgs.size() ? extraArgs.get(i + 1) : null;
    }

    /** Deletes every key ({@code FLUSHALL}). */
    public void flushAll() {
        String reply = command("FLUSHALL");
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("FLUSHALL answered " + reply);
        }
    }

    /** Kills the server and deletes its temp directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killQuietly();
        deleteRecursively(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; nothing to undo
        }
    }

    @Override
    public synchronized String toString() {
        return "RedisServerProcess[" + uri() + (isRunning() ? ", running" : ", stopped") + "]";
    }

    // --- internals

    private synchronized void launchOnFreePort() {
        // The port is free when probed but may be taken before redis binds it; retry on a new one.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                int newPort = freePort();
                if (clusterNodeTimeoutMillis > 0) {
                    do {
                        clusterBusPort = freePort();
                    } while (clusterBusPort == newPort);
                }
                launch(newPort);
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private void launch(int newPort) {
        List<String> cmd = sentinelMonitor != null ? sentinelCommand(newPort) : new ArrayList<>(List.of(
                binary.toString(),
                "--port", Integer.toString(newPort),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--daemonize", "no",
                "--logfile", ""));
        if (clusterNodeTimeoutMillis > 0) {
            cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", Integer.toString(clusterBusPort),
                    "--cluster-node-timeout", Integer.toString(clusterNodeTimeoutMillis)));
        }
        if (sentinelMonitor == null) {
            cmd.addAll(extraArgs);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        port = newPort;
        awaitPing();
    }

    /** Sentinel needs a writable config file (it records its state there). */
    private List<String> sentinelCommand(int newPort) {
        String name = sentinelMonitor.substring(0, sentinelMonitor.indexOf(' '));
        String conf = String.join("\n",
                "port " + newPort,
                "bind " + HOST,
                "dir " + dir,
                "daemonize no",
                "logfile \"\"",
                "sentinel monitor " + sentinelMonitor + " 1",
                "sentinel down-after-milliseconds " + name + " 300",
                "sentinel failover-timeout " + name + " 2000",
                "sentinel parallel-syncs " + name + " 1",
                "");
        Path file = dir.resolve("sentinel.conf");
        try {
            Files.writeString(file, conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new ArrayList<>(List.of(binary.toString(), file.toString(), "--sentinel"));
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        IOException lastError = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String why = "redis-server exited with " + process.exitValue() + " on port " + port + "; log:\n" + logTail();
                process = null;
                throw new IllegalStateException(why);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 200);
                socket.setSoTimeout(1_000);
                String pong = Resp.call(socket, "PING");
                if ("PONG".equals(pong) || (pong != null && pong.startsWith("-NOAUTH"))) {
                    return;
                }
            } catch (IOException e) {
                lastError = e;
            }
            // polling a child process that has no readiness signal; a short pause keeps it from spinning
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killQuietly();
                throw new IllegalStateException("interrupted while waiting for redis-server on port " + port, e);
            }
        }
        killQuietly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MILLIS + " ms (last error: " + lastError + "); log:\n" + logTail());
    }

    private synchronized void killQuietly() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // best effort: a leftover temp folder is harmless
        }
    }

    /** Whether missing external tools must fail the build rather than skip tests. */
    static boolean externalsRequired() {
        return "true".equalsIgnoreCase(System.getenv("HERALD_REQUIRE_EXTERNALS"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static Path locateBinary() {
        String configured = System.getProperty("herald.redis-server", System.getenv("HERALD_REDIS_SERVER"));
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            if (Files.isExecutable(p)) {
                return p;
            }
            return missing("the configured redis-server '" + configured + "' is not an executable file");
        }
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>();
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Paths.get(d, "redis-server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return missing("redis-server was not found on the PATH");
    }

    private static Path missing(String what) {
        String how = what + ". Install it (Debian/Ubuntu: sudo apt-get install redis-server; or run scripts/test, "
                + "which installs it) or point HERALD_REDIS_SERVER at the binary.";
        if (externalsRequired()) {
            throw new IllegalStateException(how + " Failing because HERALD_REQUIRE_EXTERNALS or CI is true.");
        }
        Assumptions.abort(how + " Skipping: set HERALD_REQUIRE_EXTERNALS=true to make this a failure.");
        throw new AssertionError("unreachable");
    }

    /** The few lines of RESP needed to send a command and read one reply. */
    static final class Resp {
        private Resp() {
        }

        static String call(Socket socket, String... args) throws IOException {
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                req.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                req.writeBytes(b);
                req.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(req.toByteArray());
            out.flush();
            return read(socket.getInputStream());
        }

        static String read(InputStream in) throws IOException {
            int type = in.read();
            if (type < 0) {
                throw new IOException("connection closed before a reply");
            }
            String line = line(in);
            switch (type) {
                case '+':
                case ':':
                    return line;
                case '-':
                    return "-" + line;
                case '$': {
                    int len = Integer.parseInt(line);
                    if (len < 0) {
                        return null;
                    }
                    byte[] b = in.readNBytes(len + 2);
                    if (b.length != len + 2) {
                        throw new IOException("truncated bulk reply");
                    }
                    return new String(b, 0, len, StandardCharsets.UTF_8);
                }
                case '*': {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        return null;
                    }
                    List<String> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(read(in));
                    }
                    return items.toString();
                }
                default:
                    throw new IOException("unexpected RESP type '" + (char) type + "'");
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\r') {
                    if (in.read() != '\n') {
                        throw new IOException("malformed RESP line");
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed inside a reply");
        }
    }
}
