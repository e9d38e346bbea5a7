package io.herald.chat;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import io.herald.netty.HeraldServer;
import io.herald.netty.RequestContext;
import io.herald.redis.RedisServerEvents;
import io.herald.redis.RedisUris;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Chat app: the Server Events feature (memory, or Redis when the {@code redis} setting is given), the
 * chat services and sign-in routes, and the web page, on one {@link HeraldServer}.
 *
 * <p>From the command line: {@code java -jar herald-chat.jar [--port=N] [--redis[=host]] ...} (see
 * {@link ChatOptions}). From code and tests: {@link #start(AppSettings)} returns the running app;
 * {@link #close()} stops it.
 *
 * <h2>Settings</h2>
 * Besides those of {@link ChatOptions#DEFAULTS}: {@code host} (bind address, default {@code 0.0.0.0}),
 * {@code LimitToAuthenticatedUsers} (anonymous and guest streams get 401), {@code users} (credentials),
 * {@code HeartbeatIntervalSeconds} (10), {@code IdleTimeoutSeconds} (30) and {@code ChatHistorySize}
 * (messages kept per channel, 1000).
 *
 * <p>Thread-safe.
 */
public final class ChatApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatApp.class);

    /** Exit status for a bad flag or setting. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the app cannot start (Redis unreachable, port taken). */
    public static final int EXIT_START_FAILED = 1;


    private final AppSettings settings;
    private final ServerEventsFeature feature;
    private final ChatHistory history;
    private final ChatSessions sessions;
    private final ChatServices services;
    private final ChatAuth auth;
    private final HeraldServer server;
    private final String backend;
    private final byte[] indexHtml;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing; // guarded by this

    private ChatApp(AppSettings settings) {
        this.settings = settings;
        this.auth = new ChatAuth(settings);
        String host = settings.getString("host", "0.0.0.0");
        int port = settings.getInt("port", 5000);
        if (port < 0 || port > 65535) {
            throw new AppSettingsException("port", "Setting 'port' must be 0-65535, got " + port);
        }
        checkUsers(settings);
        boolean limitToAuthenticated = settings.getBool("LimitToAuthenticatedUsers", false);
        int historySize = settings.getInt("ChatHistorySize", MemoryChatHistory.DEFAULT_MAX_PER_CHANNEL);
        if (historySize < 1) {
            throw new AppSettingsException("ChatHistorySize", "Setting 'ChatHistorySize' must be >= 1, got " + historySize);
        }
        ServerEventsOptions options = serverEventsOptions(settings, limitToAuthenticated);
        this.indexHtml = resource("web/index.html");
        this.sessions = new ChatSessions();
        options = options.toBuilder().sessionResolver(sessions).build();

        String redis = blankToNull(settings.getString("redis", null));
        if (redis == null) {
            this.feature = ServerEventsFeature.create(options);
            this.history = new MemoryChatHistory(historySize);
            this.backend = "memory";
        } else {
            // throws IllegalStateException naming the address at once if Redis does not answer
            RedisServerEvents events = RedisServerEvents.factory(redis).apply(options);
            this.feature = ServerEventsFeature.create(options, o -> events);
            ChatHistory h;
            try {
                // the history lives beside Herald's own keys, in the one layout RedisKeys describes
                h = new RedisChatHistory(redis, events.keys().chatHistoryPrefix(), historySize);
            } catch (RuntimeException e) {
                feature.close();
                throw e;
            }
            this.history = h;
            this.backend = "Redis at " + RedisUris.mask(redis);
        }
        try {
            this.services = new ChatServices(feature.serverEvents(), history, settings);
            this.server = routes(HeraldServer.builder().host(host).port(port)).build();
        } catch (RuntimeException e) { // e.g. a bad host: release what is already connected
            feature.close();
            if (history instanceof RedisChatHistory r) {
                r.close();
            }
            throw e;
        }
    }

    /**
     * Starts the app with these settings (flags, file and defaults already layered, e.g. by
     * {@link ChatOptions#loadSettings()}).
     *
     * @return the running app; {@link #port()} is the bound port (useful with {@code port 0})
     * @throws AppSettingsException  for a malformed or out-of-range setting
     * @throws IllegalStateException when Redis cannot be reached or the port cannot be bound; the message
     *                               names the address
     */
    public static ChatApp start(AppSettings settings) {
        ChatApp app = new ChatApp(Objects.requireNonNull(settings, "settings"));
        try {
            app.server.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("Herald Chat listening on {} ({} back-end)", app.baseUrl(), app.backend);
        return app;
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The URL of the page, e.g. {@code http://localhost:5000} ({@code localhost} when bound to every interface). */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * The HTTP server's counters ({@link HeraldServer#statistics()}): connections that failed through the
     * client ({@code herald.http.client.errors}) and requests answered 500 ({@code herald.http.server.errors}).
     */
    public java.util.List<io.herald.Statistic> httpStatistics() {
        return server.statistics();
    }

    /** The back-end the services send through. */
    public ServerEvents serverEvents() {
        return feature.serverEvents();
    }

    /** The chat history (memory, or shared through Redis). */
    public ChatHistory history() {
        return history;
    }

    /** The session store behind the {@value ChatSessions#COOKIE} cookie. */
    public ChatSessions sessions() {
        return sessions;
    }

    /** The settings the app was started with. */
    public AppSettings settings() {
        return settings;
    }

    /** Stops the server (open streams end), the back-end and the history's Redis connection. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            server.stop();
        } finally {
            try {
                feature.close();
            } finally {
                if (history instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        LOG.warn("Closing the chat history failed: {}", e.toString());
                    }
                }
                closed.countDown();
            }
        }
    }

    /** Waits until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Waits at most {@code timeout} for {@link #close()}; true if it finished. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- command line -----------------------------------------------------------------------------

    /** Runs the app until SIGTERM or Ctrl-C; exits non-zero with a one-line message on a bad flag or start failure. */
    public static void main(String[] args) throws InterruptedException {
        Launch launch = launch(args, System.out, System.err);
        if (launch.app() == null) {
            System.exit(launch.exitCode());
        }
        ChatApp app = launch.app();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "herald-chat-shutdown"));
        app.awaitClosed(); // the server's threads are daemons: keep the JVM alive until closed
    }

    /**
     * The outcome of {@link #launch}: a running app, or an exit status when the command line asked for
     * something else ({@code --help}, {@code --hash-password}) or was wrong.
     *
     * @param app      the running app, or null
     * @param exitCode the exit status when {@code app} is null
     */
    public record Launch(ChatApp app, int exitCode) {
    }

    /**
     * Does what {@link #main} does up to starting the server, writing help and errors to {@code out} and
     * {@code err}; errors are one line starting {@code herald-chat: }.
     */
    public static Launch launch(String[] args, PrintStream out, PrintStream err) {
        ChatOptions options;
        try {
            options = ChatOptions.parse(args);
        } catch (ChatOptionsException e) {
            err.println("herald-chat: " + e.getMessage());
            return new Launch(null, EXIT_USAGE);
        }
        if (options.help()) {
            out.print(ChatOptions.usage());
            out.flush();
            return new Launch(null, 0);
        }
        if (options.hashPassword() != null) {
            out.println(PasswordHasher.hash(options.hashPassword()));
            out.flush();
            return new Launch(null, 0);
        }
        AppSettings settings;
        try {
            settings = options.loadSettings();
        } catch (UncheckedIOException | AppSettingsException e) {
            err.println("herald-chat: " + oneLine(e.getMessage()));
            return new Launch(null, EXIT_USAGE);
        }
        try {
            return new Launch(start(settings), 0);
        } catch (IllegalArgumentException e) { // AppSettingsException included
            err.println("herald-chat: " + oneLine(e.getMessage()));
            return new Launch(null, EXIT_USAGE);
        } catch (IllegalStateException e) {
            err.println("herald-chat: " + oneLine(e.getMessage()));
            return new Launch(null, EXIT_START_FAILED);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    // ---- wiring -----------------------------------------------------------------------------------

    private static ServerEventsOptions serverEventsOptions(AppSettings settings, boolean limitToAuthenticated) {
        int heartbeat = settings.getInt("HeartbeatIntervalSeconds", 10);
        int idle = settings.getInt("IdleTimeoutSeconds", 30);
        try {
            return ServerEventsOptions.builder()
                    .heartbeatInterval(Duration.ofSeconds(heartbeat))
                    .idleTimeout(Duration.ofSeconds(idle))
                    .limitToAuthenticatedUsers(limitToAuthenticated)
                    .build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AppSettingsException("HeartbeatIntervalSeconds", "Settings 'HeartbeatIntervalSeconds' " + heartbeat + " / 'IdleTimeoutSeconds' "
                    + idle + ": " + e.getMessage());
        }
    }

    /** A malformed {@code users} entry would make every sign-in fail later: report it at start instead. */
    private static void checkUsers(AppSettings settings) {
        if (!settings.exists("users")) {
            return;
        }
        settings.getMap("users").forEach((name, hash) -> {
            if (!PasswordHasher.isWellFormed(hash)) {
                throw new AppSettingsException("users", "Setting 'users': the hash of '" + name
                        + "' is not a pbkdf2$... hash; make one with --hash-password=SECRET");
            }
        });
    }

    private HeraldServer.Builder routes(HeraldServer.Builder b) {
        b.handler(feature);

        b.route("POST", "/channels/{channel}/chat", PostChatToChannel.class, (ctx, req) -> services.postChat(req));
        b.dto(PostChatToChannel.class, (ctx, req) -> services.postChat(req));
        b.route("POST", "/channels/{channel}/raw", PostRawToChannel.class, this::postRaw);
        b.dto(PostRawToChannel.class, this::postRaw);
        b.route("POST", "/channels/{channel}/object", PostObjectToChannel.class, (ctx, req) -> {
            services.postObject(req);
            return Map.of();
        });
        b.dto(PostObjectToChannel.class, (ctx, req) -> {
            services.postObject(req);
            return Map.of();
        });
        b.route("GET", "/chathistory", GetChatHistory.class, (ctx, req) -> services.getChatHistory(req));
        b.dto(GetChatHistory.class, (ctx, req) -> services.getChatHistory(req));
        b.route("*", "/reset", ClearChatHistory.class, this::clearHistory);
        b.dto(ClearChatHistory.class, this::clearHistory);
        b.route("*", "/reset-serverevents", ResetServerEvents.class, this::resetServerEvents);
        b.dto(ResetServerEvents.class, this::resetServerEvents);
        b.route("GET", "/config", Void.class, (ctx, req) -> ChatAuth.clientConfig(settings));

        b.route("GET", "/auth", Void.class, (ctx, req) -> currentSession(ctx));
        b.route("POST", "/auth", Authenticate.class, this::authenticate);
        b.dto(Authenticate.class, this::authenticate);
        b.route("POST", "/auth/credentials", Authenticate.class, (ctx, req) -> credentials(ctx, req));
        b.route("POST", "/auth/guest", Authenticate.class, (ctx, req) -> guest(ctx, req));
        b.route("*", "/auth/logout", Void.class, (ctx, req) -> logout(ctx));

        // the page itself, so a first visit gets a session cookie before its stream opens
        b.route("GET", "/", Void.class, (ctx, req) -> index(ctx));
        return b.staticFiles("web/", ChatApp.class.getClassLoader());
    }

    private Object postRaw(RequestContext ctx, PostRawToChannel req) {
        services.postRaw(req, sessions.resolve(ctx.exchange()).authenticated());
        return Map.of();
    }

    private Object clearHistory(RequestContext ctx, ClearChatHistory req) {
        services.clearChatHistory();
        ctx.redirect("/");
        return null;
    }

    private Object resetServerEvents(RequestContext ctx, ResetServerEvents req) {
        services.resetServerEvents(req);
        return Map.of();
    }

    private Object index(RequestContext ctx) {
        if (!ChatSessions.isWellFormed(ctx.exchange().cookie(ChatSessions.COOKIE))) {
            ctx.cookie(ChatSessions.COOKIE, ChatSessions.newId());
        }
        return new HttpResponse(200, "OK", Map.of("Content-Type", "text/html; charset=utf-8",
                "Cache-Control", "no-cache"), indexHtml);
    }

    // ---- sign-in ----------------------------------------------------------------------------------

    /** {@code POST /auth}: {@code provider} {@code guest} or {@code logout}, else credentials. */
    private Object authenticate(RequestContext ctx, Authenticate req) {
        String provider = req.provider() == null ? "credentials" : req.provider().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (provider) {
            case "", "credentials" -> credentials(ctx, req);
            case "guest" -> guest(ctx, req);
            case "logout" -> logout(ctx);
            default -> throw HttpError.badRequest("Unknown auth provider '" + shown(req.provider())
                    + "' (use credentials, guest or logout)");
        };
    }

    private Object credentials(RequestContext ctx, Authenticate req) {
        String userName = auth.authenticate(req.userName(), req.password());
        return startSession(ctx, sessions.signIn(userName));
    }

    private Object guest(RequestContext ctx, Authenticate req) {
        if (settings.getBool("LimitToAuthenticatedUsers", false)) {
            throw HttpError.forbidden("Guests cannot join: this server only accepts signed-in users");
        }
        return startSession(ctx, sessions.signInGuest(ChatAuth.guestDisplayName(req.displayName())));
    }

    private Object startSession(RequestContext ctx, ChatSessions.Session session) {
        // a new id on every sign-in, so a cookie planted before sign-in is worth nothing after it
        sessions.signOut(ctx.exchange().cookie(ChatSessions.COOKIE));
        ctx.cookie(ChatSessions.COOKIE, session.id());
        return authResponse(session);
    }

    private Object logout(RequestContext ctx) {
        sessions.signOut(ctx.exchange().cookie(ChatSessions.COOKIE));
        ctx.cookie(ChatSessions.COOKIE, ChatSessions.newId()); // stays addressable as an anonymous session
        return Map.of();
    }

    private Object currentSession(RequestContext ctx) {
        HttpExchange ex = ctx.exchange();
        return sessions.find(ex).map(ChatApp::authResponse)
                .orElseThrow(() -> HttpError.unauthorized("Not Authenticated"));
    }

    private static Map<String, Object> authResponse(ChatSessions.Session s) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (s.userAuthId() != null) {
            body.put("userId", s.userAuthId());
        }
        if (s.userName() != null) {
            body.put("userName", s.userName());
        }
        body.put("displayName", s.displayName());
        body.put("isAuthenticated", s.authenticated());
        return body;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ChatApp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Class-path resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    /** Caller text as it may appear in a message: cut to 40 characters, control characters shown escaped. */
    private static String shown(String text) {
        return io.herald.Selectors.printable(text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
