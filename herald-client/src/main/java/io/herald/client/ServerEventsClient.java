package io.herald.client;

import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A managed, self-healing ServiceStack Server Events client on {@code java.net.http}.
 *
 * <p>{@link #start()} opens {@code <baseUri>/event-stream?channels=A,B}; the server's {@code cmd.onConnect}
 * gives the subscription id and the heartbeat and unregister URLs. The client then POSTs a heartbeat
 * every {@code heartbeatIntervalMs} and reconnects on its own, with capped exponential back-off and
 * jitter, when the stream fails or ends, a heartbeat fails (for example 404 after the server forgot the
 * subscription), or no {@code cmd.onHeartbeat} arrived for {@code idleTimeoutMs}. A reconnect sends
 * {@code Last-Event-ID} (the id of the last event received) and honours the server's {@code retry:}; a
 * Herald server then replays the missed channel events and reports the outcome with {@code cmd.onResume}
 * (see {@link Builder#onResume}). {@link #stop()} POSTs the unregister URL.
 *
 * <p>Messages reach, in this order: system callbacks ({@code onConnect}, {@code onJoin}, {@code onLeave},
 * {@code onUpdate}, {@code onHeartbeat}, {@code onResume}, then {@code onCommand} for the three presence messages), or for
 * every other message the {@code cmd} handler or the {@code trigger} listeners, then the receiver
 * registered for the message's op, then {@code onMessage}. See the Builder methods for each.
 *
 * <p><b>Threads.</b> Every public method is thread-safe. Callbacks, handlers, receivers and listeners
 * run one at a time, in stream order, on the client's own dispatch thread (never on an HTTP I/O
 * thread, so they may make blocking calls such as {@link JsonServiceClient#post}); a slow callback
 * slows this client's stream (back-pressure) and nothing else. Do not block a callback waiting for
 * this client's own future events (for example {@code connect().get()}): they are delivered on the
 * same thread. An exception thrown by user code
 * is reported through {@code onException} and the next message is still delivered. Bad input on the
 * stream (overlong lines, invalid UTF-8, bad selectors or ids) is reported the same way and never stops
 * the client.
 *
 * <pre>{@code
 * ServerEventsClient client = ServerEventsClient.builder("http://localhost:8080")
 *     .channels("home")
 *     .handler("chat", msg -> System.out.println(msg.getJson()))
 *     .onException(Throwable::printStackTrace)
 *     .build();
 * ServerEventConnect info = client.connect().get(5, TimeUnit.SECONDS);
 * client.getServiceClient().post("/channels/home/chat", Map.of("from", info.getId(), "message", "hi"), String.class);
 * client.stop();
 * }</pre>
 */
public final class ServerEventsClient implements AutoCloseable {

    // A facade: Lifecycle owns the states, reconnects, heartbeats and resume position; HttpEffects does its
    // HTTP and threads; MessageDispatcher runs the callbacks; Channels holds the channel list. The file is
    // over ~500 lines only because the public Builder (its name is API) has to be nested here.

    private static final System.Logger LOG = System.getLogger(ServerEventsClient.class.getName());

    /** Lifecycle states, as seen by {@link #getState()}. */
    public enum State {
        /** Not running: never started, or {@link #stop()}ped. */
        STOPPED,
        /** A stream request is in flight (first start or a reconnect). */
        STARTING,
        /** The stream is open. */
        STARTED,
        /** Waiting out the back-off before the next connection attempt. */
        RESTARTING
    }

    private final URI baseUri;
    private final String eventStreamPath;
    private final JsonServiceClient serviceClient;
    private final MessageDispatcher messages;
    private final HttpEffects effects;
    private final Lifecycle lifecycle;
    private final Channels channels;

    private ServerEventsClient(Builder b) {
        this.baseUri = b.baseUri;
        this.eventStreamPath = b.eventStreamPath;
        HttpClient.Builder hb = HttpClient.newBuilder()
                .cookieHandler(b.cookieHandler != null ? b.cookieHandler : new CookieManager())
                .connectTimeout(b.connectTimeout)
                .version(b.httpVersion)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (b.executor != null) {
            hb.executor(b.executor);
        }
        HttpClient http = hb.build();
        this.serviceClient = new JsonServiceClient(baseUri, http, b.requestTimeout, b.requestFilter);
        this.channels = new Channels(b.channels, serviceClient, b.servicePath);
        this.messages = new MessageDispatcher(this, b);
        this.effects = new HttpEffects(http, this::getEventStreamUri, b.requestFilter, b.requestTimeout,
                b.maxLineLength, messages);
        this.lifecycle = new Lifecycle(effects,
                new Backoff(b.reconnectInitialDelay.toMillis(), b.reconnectMaxDelay.toMillis()),
                b.connectTimeout.toMillis());
    }

    /**
     * Starts building a client for a server at {@code baseUri} (the URL the {@code event-stream} path is
     * appended to, e.g. {@code http://localhost:8080}).
     *
     * @throws IllegalArgumentException if {@code baseUri} is not an absolute http(s) URI without query
     */
    public static Builder builder(String baseUri) {
        return new Builder(Urls.parseBaseUri(baseUri));
    }

    /** Same as {@link #builder(String)}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts the client if it is stopped; otherwise does nothing. Returns at once: the connection is made
     * in the background and failures are reported through {@code onException} and retried. Of many
     * concurrent calls exactly one starts the client. A start after {@link #stop()} sends
     * {@link #getLastEventId()} too, so a Herald server replays what it still holds of the events sent
     * meanwhile (see {@link Builder#onResume}).
     *
     * @return this client
     * @throws IllegalStateException if the client was {@link #close()}d
     */
    public ServerEventsClient start() {
        lifecycle.start();
        return this;
    }

    /**
     * Drops the current connection (unregistering it) and connects again at once. Does nothing unless the
     * client is connected ({@link State#STARTED}); of many concurrent calls one restarts the client.
     */
    public void restart() {
        lifecycle.restart();
    }

    /**
     * Stops the client: cancels the stream and timers and POSTs the subscription's {@code unRegisterUrl}
     * (waiting at most the request timeout; errors are ignored). Idempotent and safe to call from any
     * thread, including from a callback. The client can be started again.
     */
    public void stop() {
        lifecycle.stop();
    }

    /** {@link #stop()}s the client and releases its timer thread; it cannot be started again. */
    @Override
    public void close() {
        lifecycle.close();
        effects.shutdown();
    }

    /**
     * Starts the client if needed and returns a future completed by the next {@code cmd.onConnect} (or at
     * once with the current connection's info when already connected). Reconnects in between do not fail
     * it; it fails only with a {@link WebServiceException} when the server refuses the stream with 401 or
     * 403. The returned future is a copy: cancelling it affects nobody else.
     */
    public CompletableFuture<ServerEventConnect> connect() {
        CompletableFuture<ServerEventConnect> future = messages.nextConnect();
        start();
        ServerEventConnect info = getConnectionInfo();
        return info != null && getState() == State.STARTED ? CompletableFuture.completedFuture(info) : future;
    }

    /** A future completed by the next {@code onJoin}, {@code onLeave} or {@code onUpdate} message. */
    public CompletableFuture<ServerEventMessage> waitForNextCommand() {
        return messages.nextCommand();
    }

    /** A future completed by the next message that reaches {@code onMessage}. */
    public CompletableFuture<ServerEventMessage> waitForNextMessage() {
        return messages.nextMessage();
    }

    /** A future completed by the next {@code cmd.onHeartbeat}. */
    public CompletableFuture<ServerEventHeartbeat> waitForNextHeartbeat() {
        return messages.nextHeartbeat();
    }

    // ------------------------------------------------------------------ channels and services

    /**
     * Subscribes the live subscription to more channels ({@code POST <base>/api/UpdateEventSubscriber}),
     * then adds them to {@link #getChannels()} so reconnects use them too.
     *
     * @throws IllegalArgumentException if a channel name is empty or holds {@code ,}
     * @throws IllegalStateException if not connected
     * @throws WebServiceException if the server refuses
     */
    public void subscribeToChannels(String... channels) {
        updateSubscriber(Channels.checkNonEmpty(channels), List.of());
    }

    /** Unsubscribes from channels, then removes them from {@link #getChannels()}. Same errors as subscribe. */
    public void unsubscribeFromChannels(String... channels) {
        updateSubscriber(List.of(), Channels.checkNonEmpty(channels));
    }

    private void updateSubscriber(List<String> subscribe, List<String> unsubscribe) {
        ServerEventConnect info = getConnectionInfo();
        if (info == null) {
            throw new IllegalStateException("not connected: subscription id unknown until cmd.onConnect");
        }
        channels.update(info.getId(), subscribe, unsubscribe);
    }

    /**
     * Replaces the channel list used by the next connection (a {@link #restart()} or reconnect); the live
     * subscription is not changed. Use {@link #subscribeToChannels} to change it without reconnecting.
     *
     * @throws IllegalArgumentException if a channel name is empty or holds {@code ,}
     */
    public void setChannels(String... channels) {
        this.channels.set(Channels.check(Arrays.asList(Objects.requireNonNull(channels, "channels"))));
    }

    /**
     * Lists the subscribers of this client's channels ({@code GET <base>/api/GetEventSubscribers?channels=A,B}).
     *
     * @throws WebServiceException if the server refuses
     */
    public List<ServerEventUser> getChannelSubscribers() {
        return channels.subscribers();
    }

    /** The JSON service client bound to the base URI, sharing this client's cookies. */
    public JsonServiceClient getServiceClient() {
        return serviceClient;
    }

    // ------------------------------------------------------------------ listeners

    /**
     * Adds a listener for {@code trigger.<name>} messages (name matched exactly). Listeners run in the order
     * added; adding the same listener twice for one name has no effect.
     */
    public void addListener(String name, Consumer<ServerEventMessage> listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listener, "listener");
        messages.addListener(name, listener);
    }

    /** Removes one listener; returns whether it was registered. */
    public boolean removeListener(String name, Consumer<ServerEventMessage> listener) {
        return messages.removeListener(name, listener);
    }

    /** Removes every listener of {@code name}. */
    public void removeListeners(String name) {
        messages.removeListeners(name);
    }

    /** Whether any listener is registered for {@code name}. */
    public boolean hasListener(String name) {
        return messages.hasListener(name);
    }

    // ------------------------------------------------------------------ state

    /** The current lifecycle state. */
    public State getState() {
        return lifecycle.state();
    }

    /** How many times a connection was started: {@link #start()}, {@link #restart()} and automatic reconnects. */
    public long getTimesStarted() {
        return lifecycle.timesStarted();
    }

    /** How many problems were reported through {@code onException} so far. */
    public long getErrorsReported() {
        return messages.errorsReported();
    }

    /** The channels used for the next stream URL (immutable snapshot). */
    public List<String> getChannels() {
        return channels.get();
    }

    /** The URL the next stream request goes to, e.g. {@code http://host/event-stream?channels=A,B}. */
    public URI getEventStreamUri() {
        return Urls.streamUri(baseUri, eventStreamPath, channels.get());
    }

    /** The current connection's {@code onConnect} info, or null when not connected. */
    public ServerEventConnect getConnectionInfo() {
        return lifecycle.connectionInfo();
    }

    /**
     * The id of the last event received, sent as {@code Last-Event-ID} when the client reconnects, or
     * {@code ""}. It follows the stream, not the highest id: replayed events carry their original ids.
     */
    public String getLastEventId() {
        return lifecycle.lastEventId();
    }

    /** The latest {@code cmd.onResume} received (see {@link Builder#onResume}), or null if none came yet. */
    public ServerEventResume getLastResume() {
        return messages.lastResume();
    }

    @Override
    public String toString() {
        ServerEventConnect info = getConnectionInfo();
        return "ServerEventsClient{" + baseUri + ", channels=" + channels.get() + ", state=" + getState()
                + ", timesStarted=" + getTimesStarted() + ", subscription=" + (info == null ? "-" : info.getDisplayName())
                + '}';
    }

    /**
     * Settings and callbacks for a {@link ServerEventsClient}. Each setter validates at once and names the
     * setting and value in its exception. Not thread-safe; {@link #build()} copies everything, so the
     * builder may be reused.
     */
    public static final class Builder {
        // Package-private: read by MessageDispatcher and the client constructor.
        final URI baseUri;
        List<String> channels = List.of();
        String eventStreamPath = "event-stream";
        String servicePath = "api";
        Duration reconnectInitialDelay = Duration.ofMillis(500);
        Duration reconnectMaxDelay = Duration.ofSeconds(30);
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration requestTimeout = Duration.ofSeconds(10);
        int maxLineLength = 1024 * 1024;
        CookieHandler cookieHandler;
        Executor executor;
        HttpClient.Version httpVersion = HttpClient.Version.HTTP_1_1;
        Consumer<HttpRequest.Builder> requestFilter = b -> { };
        ReceiverResolver resolver = ReceiverResolver.newInstancePerMessage();
        final Map<String, Consumer<ServerEventMessage>> handlers = new LinkedHashMap<>();
        final Map<String, Class<?>> receivers = new LinkedHashMap<>();
        Consumer<ServerEventConnect> onConnect;
        Consumer<ServerEventJoin> onJoin;
        Consumer<ServerEventLeave> onLeave;
        Consumer<ServerEventUpdate> onUpdate;
        Consumer<ServerEventHeartbeat> onHeartbeat;
        Consumer<ServerEventCommand> onCommand;
        Consumer<ServerEventResume> onResume;
        Consumer<ServerEventMessage> onMessage;
        Consumer<Throwable> onException;
        Runnable onReconnect;

        private Builder(URI baseUri) {
            this.baseUri = Urls.checkBaseUri(baseUri);
        }

        /** Channels to subscribe to; none means the server's default channel {@code *}. Names must not hold {@code ,}. */
        public Builder channels(String... channels) {
            this.channels = Channels.check(Arrays.asList(Objects.requireNonNull(channels, "channels")));
            return this;
        }

        /** Path of the stream relative to the base URI; default {@code event-stream}. */
        public Builder eventStreamPath(String path) {
            this.eventStreamPath = checkPath("eventStreamPath", path);
            return this;
        }

        /** Base path of the generic DTO routes ({@code UpdateEventSubscriber}, {@code GetEventSubscribers}); default {@code api}. */
        public Builder servicePath(String path) {
            this.servicePath = checkPath("servicePath", path);
            return this;
        }

        /** First reconnect delay when the server sent no {@code retry:}; default 500 ms. Must be > 0. */
        public Builder reconnectInitialDelay(Duration delay) {
            this.reconnectInitialDelay = positive("reconnectInitialDelay", delay);
            return this;
        }

        /** Longest reconnect delay; default 30 s. Must be >= the initial delay (checked by build()). */
        public Builder reconnectMaxDelay(Duration delay) {
            this.reconnectMaxDelay = positive("reconnectMaxDelay", delay);
            return this;
        }

        /** TCP connect timeout, also the longest wait for {@code cmd.onConnect} after connecting; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Timeout of heartbeat, unregister and service requests; default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** Longest SSE line (and event data) in bytes; longer input is reported and skipped. Default 1 MiB, minimum 1024. */
        public Builder maxLineLength(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxLineLength must be >= 1024: " + bytes);
            }
            this.maxLineLength = bytes;
            return this;
        }

        /** Cookie store shared by the stream, heartbeats, unregister and the service client; default a new {@link CookieManager}. */
        public Builder cookieHandler(CookieHandler cookieHandler) {
            this.cookieHandler = Objects.requireNonNull(cookieHandler, "cookieHandler");
            return this;
        }

        /** Executor of the underlying HTTP client; callbacks run on it. Default: the JDK HTTP client's own. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** HTTP version; default HTTP/1.1 (HTTP/2 also works over TLS). */
        public Builder httpVersion(HttpClient.Version version) {
            this.httpVersion = Objects.requireNonNull(version, "httpVersion");
            return this;
        }

        /** Called on every request builder (stream, heartbeat, unregister, services), e.g. to add an Authorization header. */
        public Builder requestFilter(Consumer<HttpRequest.Builder> filter) {
            this.requestFilter = Objects.requireNonNull(filter, "requestFilter");
            return this;
        }

        /** How receiver instances are obtained; default a new instance per message. */
        public Builder resolver(ReceiverResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Handles {@code cmd.<target>} messages (exact target, e.g. {@code chat}); runs before receivers and onMessage. */
        public Builder handler(String target, Consumer<ServerEventMessage> handler) {
            if (target == null || target.isEmpty()) {
                throw new IllegalArgumentException("handler target must not be empty: " + target);
            }
            handlers.put(target, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Registers a named receiver: {@code <name>.<Target> body} calls the member of {@code type} matching
         * {@code Target} (see {@link ServerEventReceiver}). The name is matched case-insensitively.
         */
        public Builder receiver(String name, Class<?> type) {
            if (name == null || name.isEmpty() || name.indexOf('.') >= 0) {
                throw new IllegalArgumentException("receiver name must be non-empty without '.': " + name);
            }
            receivers.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(type, "type"));
            return this;
        }

        /** Registers the global receiver for {@code cmd.*}: {@code cmd.CustomType} calls a method named, or taking, CustomType. */
        public Builder globalReceiver(Class<?> type) {
            return receiver("cmd", type);
        }

        /** Called for each {@code cmd.onConnect}; may change {@link ServerEventConnect#setHeartbeatIntervalMs}. */
        public Builder onConnect(Consumer<ServerEventConnect> callback) {
            this.onConnect = callback;
            return this;
        }

        /** Called for {@code cmd.onJoin}, before onCommand. */
        public Builder onJoin(Consumer<ServerEventJoin> callback) {
            this.onJoin = callback;
            return this;
        }

        /** Called for {@code cmd.onLeave}, before onCommand. */
        public Builder onLeave(Consumer<ServerEventLeave> callback) {
            this.onLeave = callback;
            return this;
        }

        /** Called for {@code cmd.onUpdate}, before onCommand. */
        public Builder onUpdate(Consumer<ServerEventUpdate> callback) {
            this.onUpdate = callback;
            return this;
        }

        /** Called for {@code cmd.onHeartbeat} (and nothing else is). */
        public Builder onHeartbeat(Consumer<ServerEventHeartbeat> callback) {
            this.onHeartbeat = callback;
            return this;
        }

        /** Called for onJoin, onLeave and onUpdate messages, after their own callback. */
        public Builder onCommand(Consumer<ServerEventCommand> callback) {
            this.onCommand = callback;
            return this;
        }

        /**
         * Called for Herald's {@code cmd.onResume}, which ends the replay of missed events after a
         * reconnect (the replayed events themselves were dispatched like live ones just before). Check
         * {@link ServerEventResume#isRecovered()}: false means events were lost and state should be refetched.
         * This message reaches no handler, receiver or {@code onMessage}.
         */
        public Builder onResume(Consumer<ServerEventResume> callback) {
            this.onResume = callback;
            return this;
        }

        /** Called last for every non-system message (and for plain, non-ServiceStack SSE data). */
        public Builder onMessage(Consumer<ServerEventMessage> callback) {
            this.onMessage = callback;
            return this;
        }

        /** Called for every problem: connection failures, bad frames, throwing callbacks or receivers. */
        public Builder onException(Consumer<Throwable> callback) {
            this.onException = callback;
            return this;
        }

        /** Called after each automatic or manual reconnect has been started. */
        public Builder onReconnect(Runnable callback) {
            this.onReconnect = callback;
            return this;
        }

        /**
         * Builds the client (not started).
         *
         * @throws IllegalArgumentException if reconnectMaxDelay is below reconnectInitialDelay
         */
        public ServerEventsClient build() {
            if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
                throw new IllegalArgumentException("reconnectMaxDelay must be >= reconnectInitialDelay: "
                        + reconnectMaxDelay + " < " + reconnectInitialDelay);
            }
            return new ServerEventsClient(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0: " + d);
            }
            return d;
        }

        private static String checkPath(String name, String path) {
            if (path == null || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
                throw new IllegalArgumentException(name + " must be a path without query or fragment: " + path);
            }
            return path;
        }
    }
}
