package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.Statistic;
import io.herald.http.HttpHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone HTTP/1.1 server on Netty that hosts Herald: {@link HttpHandler}s such as
 * {@code ServerEventsFeature} (including their event streams), ServiceStack-style JSON routes and static
 * files from the class path.
 *
 * <pre>{@code
 * HeraldServer server = HeraldServer.builder()
 *         .host("127.0.0.1").port(5000)
 *         .handler(serverEventsFeature)
 *         .route("POST", "/channels/{channel}/chat", PostChatToChannel.class, (ctx, req) -> chat(req))
 *         .dto("PostChatToChannel", PostChatToChannel.class, (ctx, req) -> chat(req))
 *         .staticFiles("web/")
 *         .build();
 * int port = server.start();
 * server.registerShutdownHook();   // Ctrl-C / SIGTERM stops it
 * server.awaitTermination();       // Herald's threads are daemons: keep main alive until stopped
 * }</pre>
 *
 * <p>Each request is answered by the first of: a route whose template and method match; each handler in
 * order until one returns true; a static file (GET/HEAD). A path that a route or file serves for other
 * methods answers {@code 405} with {@code Allow}; anything else {@code 404}. Route handlers and
 * {@code HttpHandler}s run on a bounded worker executor, so they may block; the I/O threads never do.
 *
 * <p>Limits: request line 8 KiB ({@code 414}), headers 16 KiB ({@code 431}), body 1 MiB ({@code 413});
 * all configurable. Bad input is answered with a 4xx naming the field or the part of the request, never
 * a Java type name, and a {@code 500} never carries details; client-caused connection failures are logged
 * at DEBUG and counted ({@link #statistics()}). Uses the native epoll transport when available, NIO
 * otherwise. Thread-safe.
 */
public final class HeraldServer {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldServer.class);

    private final Builder config;
    private final List<Route> routes;
    private final List<HttpHandler> handlers;

    private final Object lock = new Object();
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private ChannelGroup allChannels;
    private final Set<NettyEventSink> openStreams = ConcurrentHashMap.newKeySet();
    private final ServerStats stats = new ServerStats();
    private ExecutorService ownedExecutor;
    private volatile int port = -1;
    private boolean stopped;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private Thread shutdownHook;

    private HeraldServer(Builder b) {
        this.config = b.copy();
        this.routes = List.copyOf(b.routes);
        this.handlers = List.copyOf(b.handlers);
    }

    /** A builder with the defaults: all interfaces, ephemeral port, 16 worker threads. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port (the ephemeral one when the configured port is 0)
     * @throws IllegalStateException when already started or stopped, or when the address cannot be bound
     */
    public int start() {
        synchronized (lock) {
            if (stopped || serverChannel != null) {
                throw new IllegalStateException(stopped ? "server was stopped; build a new one" : "server already started");
            }
            boolean epoll = config.nativeTransport && Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("herald-accept", true), io);
            ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads, new DefaultThreadFactory("herald-io", true), io);
            allChannels = new DefaultChannelGroup("herald", GlobalEventExecutor.INSTANCE);
            ExecutorService worker = config.workerExecutor;
            if (worker == null) {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(config.workerThreads, config.workerThreads, 60,
                        TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.workerQueueCapacity),
                        new DefaultThreadFactory("herald-worker", true));
                pool.allowCoreThreadTimeOut(true);
                ownedExecutor = worker = pool;
            }
            JsonCodec codec = config.codec != null ? config.codec : JsonCodec.defaultCodec();
            StaticFiles files = config.staticPrefix == null ? null
                    : new StaticFiles(config.staticPrefix, config.staticLoader != null ? config.staticLoader
                            : Thread.currentThread().getContextClassLoader() != null
                                    ? Thread.currentThread().getContextClassLoader() : HeraldServer.class.getClassLoader());
            ServerContext ctx = new ServerContext(codec, new Dispatcher(routes, handlers, files, codec, stats), stats, worker,
                    allChannels, openStreams, (int) Math.min(Integer.MAX_VALUE, config.idleTimeout.toSeconds()),
                    config.maxInitialLineBytes, config.maxHeaderBytes, config.maxRequestBytes);
            ServerBootstrap b = new ServerBootstrap()
                    .group(bossGroup, ioGroup)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.writeBufferLow, config.writeBufferHigh))
                    .childHandler(new HeraldServerInitializer(ctx));
            ChannelFuture bind = b.bind(config.host, config.port).awaitUninterruptibly();
            if (!bind.isSuccess()) {
                shutdownResources(Duration.ZERO);
                throw new IllegalStateException("Cannot bind " + config.host + ":" + config.port + ": " + bind.cause(), bind.cause());
            }
            serverChannel = bind.channel();
            port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            LOG.info("Herald listening on {}:{} ({} transport)", config.host, port, epoll ? "epoll" : "nio");
            return port;
        }
    }

    /**
     * Stops accepting, ends every open event stream (their {@code onClose} callbacks run), closes the other
     * connections, and shuts the I/O threads and the server-owned worker pool down, waiting at most the
     * shutdown timeout. An injected executor is left running. Then releases every {@link #awaitTermination}
     * caller and removes the hook of {@link #registerShutdownHook()}. Idempotent; the server cannot be
     * started again.
     */
    public void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                if (serverChannel != null) {
                    closeEverything();
                }
            } finally {
                removeShutdownHook();
                terminated.countDown();
            }
        }
    }

    private void closeEverything() {
        long deadline = System.nanoTime() + config.shutdownTimeout.toNanos();
        serverChannel.close().awaitUninterruptibly(config.shutdownTimeout.toMillis());
        for (NettyEventSink sink : openStreams) {
            try {
                sink.executor().execute(sink::close);
            } catch (RuntimeException e) {
                sink.channel().close();
            }
        }
        for (NettyEventSink sink : openStreams) {
            sink.channel().closeFuture().awaitUninterruptibly(remainingMillis(deadline));
        }
        allChannels.close().awaitUninterruptibly(remainingMillis(deadline));
        shutdownResources(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        LOG.info("Herald on port {} stopped", port);
    }

    /**
     * Blocks until {@link #stop()} has finished. Herald's threads are daemon threads, so a {@code main} that
     * only starts a server would return and end the JVM at once: end it with this instead (and stop the
     * server from elsewhere, e.g. {@link #registerShutdownHook()}). Returns at once if the server is
     * already stopped.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * As {@link #awaitTermination()}, waiting at most {@code timeout}.
     *
     * @return true if the server has stopped, false if the time ran out first
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0: " + timeout);
        }
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops this server when the JVM shuts down (Ctrl-C, SIGTERM, {@code System.exit}): open streams end
     * properly (their {@code onClose} callbacks run) instead of being cut, and {@link #awaitTermination}
     * returns. The hook is a
     * thread named {@code herald-shutdown}; registering twice keeps one, and {@link #stop()} removes it.
     * Does nothing once the server is stopped.
     *
     * @throws IllegalStateException if the JVM is already shutting down
     */
    public void registerShutdownHook() {
        synchronized (lock) {
            if (stopped || shutdownHook != null) {
                return;
            }
            Thread hook = new Thread(this::stop, "herald-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            shutdownHook = hook;
        }
    }

    /** The registered hook, or null (for tests). */
    Thread shutdownHook() {
        synchronized (lock) {
            return shutdownHook;
        }
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or about to, and stop() is idempotent
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private void shutdownResources(Duration timeout) {
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            try {
                if (!ownedExecutor.awaitTermination(Math.max(1, timeout.toMillis() / 2), TimeUnit.MILLISECONDS)) {
                    ownedExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                ownedExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        long ms = Math.max(100, timeout.toMillis());
        bossGroup.shutdownGracefully(0, ms, TimeUnit.MILLISECONDS).awaitUninterruptibly(ms);
        ioGroup.shutdownGracefully(0, ms, TimeUnit.MILLISECONDS).awaitUninterruptibly(ms);
    }

    /** The bound port, or -1 before {@link #start()}. */
    public int port() {
        return port;
    }

    /**
     * The URL to reach this server, e.g. {@code http://127.0.0.1:5000}; {@code localhost} when bound to all
     * interfaces.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String baseUrl() {
        int p = port;
        if (p < 0) {
            throw new IllegalStateException("server not started");
        }
        String h = config.host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            h = "localhost";
        } else if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + p;
    }

    /** Number of event streams currently open (for metrics and tests). */
    public int openStreamCount() {
        return openStreams.size();
    }

    /**
     * This server's counters since it was built, for monitoring (each a {@link Statistic.Kind#COUNTER}):
     * <ul>
     *   <li>{@code herald.http.client.errors} (key {@code httpClientErrors}): connections that failed
     *       through the client: reset, closed in the middle of a request, malformed HTTP, or a request
     *       line, header block or body over its limit. Logged at DEBUG only: a client's mistake is not
     *       the server's error;</li>
     *   <li>{@code herald.http.server.errors} (key {@code httpServerErrors}): requests answered
     *       {@code 500} because a route or handler failed (each logged at ERROR with its stack trace).</li>
     * </ul>
     * A new list each call, safe from any thread; the values are read at the time of the call.
     */
    public List<Statistic> statistics() {
        return stats.snapshot();
    }

    /**
     * Settings for a {@link HeraldServer}. Every setter validates at once and names the setting and the
     * value in its exception message. Not thread-safe; {@link #build()} takes a snapshot.
     */
    public static final class Builder {

        private String host = "0.0.0.0";
        private int port;
        private final List<HttpHandler> handlers = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private String staticPrefix;
        private ClassLoader staticLoader;
        private ExecutorService workerExecutor;
        private int workerThreads = 16;
        private int workerQueueCapacity = 1024;
        private int ioThreads;
        private boolean nativeTransport = true;
        private int maxInitialLineBytes = 8 * 1024;
        private int maxHeaderBytes = 16 * 1024;
        private int maxRequestBytes = 1024 * 1024;
        private int writeBufferLow = 32 * 1024;
        private int writeBufferHigh = 64 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private JsonCodec codec;

        private Builder() {
        }

        private Builder copy() {
            Builder c = new Builder();
            c.host = host;
            c.port = port;
            c.handlers.addAll(handlers);
            c.routes.addAll(routes);
            c.staticPrefix = staticPrefix;
            c.staticLoader = staticLoader;
            c.workerExecutor = workerExecutor;
            c.workerThreads = workerThreads;
            c.workerQueueCapacity = workerQueueCapacity;
            c.ioThreads = ioThreads;
            c.nativeTransport = nativeTransport;
            c.maxInitialLineBytes = maxInitialLineBytes;
            c.maxHeaderBytes = maxHeaderBytes;
            c.maxRequestBytes = maxRequestBytes;
            c.writeBufferLow = writeBufferLow;
            c.writeBufferHigh = writeBufferHigh;
            c.idleTimeout = idleTimeout;
            c.shutdownTimeout = shutdownTimeout;
            c.codec = codec;
            return c;
        }

        /** Address to bind (default {@code 0.0.0.0}, every interface; tests use {@code 127.0.0.1}). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank: '" + host + "'");
            }
            this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return this;
        }

        /** Port to bind; 0 (the default) picks a free one, which {@link HeraldServer#start()} returns. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Adds endpoint logic; handlers are offered each request in the order they were added. */
        public Builder handler(HttpHandler handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Adds a JSON route. {@code method} is an HTTP method or {@code "*"} for any; {@code path} is a
         * template such as {@code /channels/{channel}/chat} (literal segments match ignoring case,
         * {@code {name*}} at the end takes the rest of the path). The request DTO is bound from the JSON
         * body, then path variables, then the query string, then a form body, later ones overriding,
         * names matched ignoring case, {@code "a,b"} accepted for string arrays and lists. Use
         * {@code Void.class} when the route takes no DTO. Routes are tried in the order they were added.
         *
         * @throws IllegalArgumentException naming the problem when the method, path or type is invalid
         */
        public <T> Builder route(String method, String path, Class<T> requestType, RouteHandler<? super T> handler) {
            routes.add(Route.of(method, path, requestType, handler));
            return this;
        }

        /**
         * Exposes a request DTO under ServiceStack's generic routes {@code /api/{name}} and
         * {@code /json/reply/{name}} for every method (names match ignoring case), as the typed
         * ServiceStack clients call them. Combine with {@link #route} to also give it a pretty path.
         */
        public <T> Builder dto(String name, Class<T> requestType, RouteHandler<? super T> handler) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
                throw new IllegalArgumentException("dto name must be letters, digits or '_': '" + name + "'");
            }
            routes.add(Route.of("*", "/api/" + name, requestType, handler));
            routes.add(Route.of("*", "/json/reply/" + name, requestType, handler));
            return this;
        }

        /** {@link #dto(String, Class, RouteHandler)} named after the class's simple name. */
        public <T> Builder dto(Class<T> requestType, RouteHandler<? super T> handler) {
            return dto(Objects.requireNonNull(requestType, "requestType").getSimpleName(), requestType, handler);
        }

        /**
         * Serves class-path resources under {@code prefix} (e.g. {@code "web/"}: {@code /app.js} is
         * {@code web/app.js}, {@code /} is {@code web/index.html}) using the thread context class loader.
         */
        public Builder staticFiles(String prefix) {
            return staticFiles(prefix, null);
        }

        /** As {@link #staticFiles(String)}, loading from {@code loader} (null: the context class loader). */
        public Builder staticFiles(String prefix, ClassLoader loader) {
            String p = prefix == null ? "" : prefix.replaceAll("^/+", "");
            if (p.isEmpty() || p.contains("..") || p.contains("\\")) {
                throw new IllegalArgumentException("staticFiles prefix must name a class-path folder such as \"web/\": '"
                        + prefix + "'");
            }
            this.staticPrefix = p;
            this.staticLoader = loader;
            return this;
        }

        /**
         * Runs route handlers and {@link HttpHandler}s on this executor instead of a server-owned pool. The
         * server does not shut it down. Reject work ({@code RejectedExecutionException}) to shed load: the
         * request then gets {@code 503}.
         */
        public Builder workerExecutor(ExecutorService executor) {
            this.workerExecutor = Objects.requireNonNull(executor, "workerExecutor");
            return this;
        }

        /** Threads of the server-owned worker pool (default 16). */
        public Builder workerThreads(int threads) {
            if (threads < 1 || threads > 10_000) {
                throw new IllegalArgumentException("workerThreads must be between 1 and 10000: " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /** Requests that may wait for a worker before new ones get {@code 503} (default 1024). */
        public Builder workerQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("workerQueueCapacity must be >= 1: " + capacity);
            }
            this.workerQueueCapacity = capacity;
            return this;
        }

        /** Event-loop threads; 0 (the default) lets Netty choose (twice the cores). */
        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must be >= 0: " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** Whether to use epoll when available (default true); false forces NIO. */
        public Builder nativeTransport(boolean enabled) {
            this.nativeTransport = enabled;
            return this;
        }

        /** Longest request line accepted; longer ones get {@code 414} (default 8192). */
        public Builder maxInitialLineBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxInitialLineBytes must be >= 256: " + bytes);
            }
            this.maxInitialLineBytes = bytes;
            return this;
        }

        /** Largest header block accepted; larger ones get {@code 431} (default 16384). */
        public Builder maxHeaderBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxHeaderBytes must be >= 1024: " + bytes);
            }
            this.maxHeaderBytes = bytes;
            return this;
        }

        /** Largest request body accepted; larger ones get {@code 413} (default 1 MiB). */
        public Builder maxRequestBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxRequestBytes must be >= 0: " + bytes);
            }
            this.maxRequestBytes = bytes;
            return this;
        }

        /**
         * Netty write-buffer water marks per connection (default 32 KiB / 64 KiB). They only drive
         * {@code Channel.isWritable()}; event streams never block, and Herald evicts slow clients by
         * {@code EventSink.pendingBytes()}.
         */
        public Builder writeBufferWaterMark(int low, int high) {
            if (low < 0 || high < low) {
                throw new IllegalArgumentException("writeBufferWaterMark must satisfy 0 <= low <= high: low=" + low
                        + ", high=" + high);
            }
            this.writeBufferLow = low;
            this.writeBufferHigh = high;
            return this;
        }

        /**
         * How long a keep-alive connection with no request in progress and no event stream may stay silent
         * before it is closed (default 60 s; zero disables). Event streams are never closed for idleness.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must be >= 0: " + timeout);
            }
            if (!timeout.isZero() && timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("idleTimeout must be zero or at least 1s: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** The most {@link HeraldServer#stop()} waits for connections and threads to finish (default 5 s). */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be >= 0: " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /** The codec for route DTOs and responses (default {@link JsonCodec#defaultCodec()}). */
        public Builder jsonCodec(JsonCodec codec) {
            this.codec = Objects.requireNonNull(codec, "jsonCodec");
            return this;
        }

        /** A server with these settings; the builder may be reused. */
        public HeraldServer build() {
            return new HeraldServer(this);
        }
    }
}
