package io.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.System.Logger.Level;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    private final String servicePath;
    private final Duration requestTimeout;
    private final long connectTimeoutMs;
    private final int maxLineLength;
    private final Backoff backoff;
    private final HttpClient http;
    private final JsonServiceClient serviceClient;
    private final Consumer<HttpRequest.Builder> requestFilter;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor dispatcher;

    private final ReceiverResolver resolver;
    private final Map<String, Consumer<ServerEventMessage>> handlers;
    private final Map<String, Class<?>> receivers;
    private final Consumer<ServerEventConnect> onConnect;
    private final Consumer<ServerEventJoin> onJoin;
    private final Consumer<ServerEventLeave> onLeave;
    private final Consumer<ServerEventUpdate> onUpdate;
    private final Consumer<ServerEventHeartbeat> onHeartbeat;
    private final Consumer<ServerEventCommand> onCommand;
    private final Consumer<ServerEventResume> onResume;
    private final Consumer<ServerEventMessage> onMessage;
    private final Consumer<Throwable> onException;
    private final Runnable onReconnect;
    private final Map<String, CopyOnWriteArrayList<Consumer<ServerEventMessage>>> listeners = new ConcurrentHashMap<>();

    private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);
    private final Object lock = new Object();
    /** Guarded by lock. */
    private Connection current;
    /** Guarded by lock. */
    private ScheduledFuture<?> pendingReconnect;
    private volatile boolean closed;
    private volatile List<String> channels;
    /** The resume position: the id of the last event received (see eventReceived), sent as Last-Event-ID. */
    private volatile String lastEventId = "";
    /** Dispatch thread only: the last id text parsed and its value (-1 if not numeric), to report a bad id once. */
    private String parsedIdText = "";
    private long parsedId = -1;
    private volatile ServerEventResume lastResume;
    private volatile long serverRetryMs = -1;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong timesStarted = new AtomicLong();
    private final AtomicLong errorsReported = new AtomicLong();

    private final AtomicReference<CompletableFuture<ServerEventConnect>> nextConnect = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerEventMessage>> nextCommand = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerEventMessage>> nextMessage = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerEventHeartbeat>> nextHeartbeat = new AtomicReference<>();

    private ServerEventsClient(Builder b) {
        this.baseUri = b.baseUri;
        this.eventStreamPath = b.eventStreamPath;
        this.servicePath = b.servicePath;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeoutMs = b.connectTimeout.toMillis();
        this.maxLineLength = b.maxLineLength;
        this.backoff = new Backoff(b.reconnectInitialDelay.toMillis(), b.reconnectMaxDelay.toMillis());
        this.requestFilter = b.requestFilter;
        this.channels = List.copyOf(b.channels);
        HttpClient.Builder hb = HttpClient.newBuilder()
                .cookieHandler(b.cookieHandler != null ? b.cookieHandler : new CookieManager())
                .connectTimeout(b.connectTimeout)
                .version(b.httpVersion)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (b.executor != null) {
            hb.executor(b.executor);
        }
        this.http = hb.build();
        this.serviceClient = new JsonServiceClient(baseUri, http, requestTimeout, requestFilter);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "herald-client-timer");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        // One thread runs every callback in stream order; it exits when the client is idle.
        this.dispatcher = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "herald-client-dispatch");
            t.setDaemon(true);
            return t;
        });
        dispatcher.allowCoreThreadTimeOut(true);
        this.resolver = b.resolver;
        this.handlers = Map.copyOf(b.handlers);
        this.receivers = Map.copyOf(b.receivers);
        this.onConnect = b.onConnect;
        this.onJoin = b.onJoin;
        this.onLeave = b.onLeave;
        this.onUpdate = b.onUpdate;
        this.onHeartbeat = b.onHeartbeat;
        this.onCommand = b.onCommand;
        this.onResume = b.onResume;
        this.onMessage = b.onMessage;
        this.onException = b.onException;
        this.onReconnect = b.onReconnect;
    }

    /**
     * Starts building a client for a server at {@code baseUri} (the URL the {@code event-stream} path is
     * appended to, e.g. {@code http://localhost:8080}).
     *
     * @throws IllegalArgumentException if {@code baseUri} is not an absolute http(s) URI without query
     */
    public static Builder builder(String baseUri) {
        if (baseUri == null) {
            throw new IllegalArgumentException("baseUri must not be null");
        }
        URI uri;
        try {
            uri = URI.create(baseUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUri is not a valid URI: " + baseUri, e);
        }
        return new Builder(uri);
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
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        if (state.compareAndSet(State.STOPPED, State.STARTING)) {
            Connection connection = null;
            synchronized (lock) {
                if (state.get() == State.STARTING) {
                    connection = openLocked();
                }
            }
            open(connection);
        }
        return this;
    }

    /**
     * Drops the current connection (unregistering it) and connects again at once. Does nothing unless the
     * client is connected ({@link State#STARTED}); of many concurrent calls one restarts the client.
     */
    public void restart() {
        restart(null, 0);
    }

    /**
     * Stops the client: cancels the stream and timers and POSTs the subscription's {@code unRegisterUrl}
     * (waiting at most the request timeout; errors are ignored). Idempotent and safe to call from any
     * thread, including from a callback. The client can be started again.
     */
    public void stop() {
        if (state.getAndSet(State.STOPPED) == State.STOPPED) {
            return;
        }
        Connection old;
        synchronized (lock) {
            old = current;
            current = null;
            if (pendingReconnect != null) {
                pendingReconnect.cancel(false);
                pendingReconnect = null;
            }
        }
        if (old != null) {
            old.close();
            unregister(old, true);
        }
    }

    /** {@link #stop()}s the client and releases its timer thread; it cannot be started again. */
    @Override
    public void close() {
        closed = true;
        stop();
        scheduler.shutdownNow();
        dispatcher.shutdown();
    }

    /**
     * Starts the client if needed and returns a future completed by the next {@code cmd.onConnect} (or at
     * once with the current connection's info when already connected). Reconnects in between do not fail
     * it; it fails only with a {@link WebServiceException} when the server refuses the stream with 401 or
     * 403. The returned future is a copy: cancelling it affects nobody else.
     */
    public CompletableFuture<ServerEventConnect> connect() {
        CompletableFuture<ServerEventConnect> future = pending(nextConnect);
        start();
        ServerEventConnect info = getConnectionInfo();
        return info != null && getState() == State.STARTED ? CompletableFuture.completedFuture(info) : future;
    }

    /** A future completed by the next {@code onJoin}, {@code onLeave} or {@code onUpdate} message. */
    public CompletableFuture<ServerEventMessage> waitForNextCommand() {
        return pending(nextCommand);
    }

    /** A future completed by the next message that reaches {@code onMessage}. */
    public CompletableFuture<ServerEventMessage> waitForNextMessage() {
        return pending(nextMessage);
    }

    /** A future completed by the next {@code cmd.onHeartbeat}. */
    public CompletableFuture<ServerEventHeartbeat> waitForNextHeartbeat() {
        return pending(nextHeartbeat);
    }

    private static <T> CompletableFuture<T> pending(AtomicReference<CompletableFuture<T>> ref) {
        while (true) {
            CompletableFuture<T> f = ref.get();
            if (f != null && !f.isDone()) {
                return f.copy();
            }
            CompletableFuture<T> created = new CompletableFuture<>();
            if (ref.compareAndSet(f, created)) {
                return created.copy();
            }
        }
    }

    private static <T> void complete(AtomicReference<CompletableFuture<T>> ref, T value) {
        CompletableFuture<T> f = ref.getAndSet(null);
        if (f != null) {
            f.complete(value);
        }
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
        List<String> list = checkChannels(nonEmpty(channels));
        updateSubscriber(list, List.of());
    }

    /** Unsubscribes from channels, then removes them from {@link #getChannels()}. Same errors as subscribe. */
    public void unsubscribeFromChannels(String... channels) {
        List<String> list = checkChannels(nonEmpty(channels));
        updateSubscriber(List.of(), list);
    }

    private static List<String> nonEmpty(String[] channels) {
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("at least one channel is required: " + Arrays.toString(channels));
        }
        return Arrays.asList(channels);
    }

    /**
     * Replaces the channel list used by the next connection (a {@link #restart()} or reconnect); the live
     * subscription is not changed. Use {@link #subscribeToChannels} to change it without reconnecting.
     *
     * @throws IllegalArgumentException if a channel name is empty or holds {@code ,}
     */
    public void setChannels(String... channels) {
        List<String> list = checkChannels(Arrays.asList(Objects.requireNonNull(channels, "channels")));
        synchronized (lock) {
            this.channels = list;
        }
    }

    private void updateSubscriber(List<String> subscribe, List<String> unsubscribe) {
        ServerEventConnect info = getConnectionInfo();
        if (info == null) {
            throw new IllegalStateException("not connected: subscription id unknown until cmd.onConnect");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", info.getId());
        if (!subscribe.isEmpty()) {
            request.put("subscribeChannels", subscribe);
        }
        if (!unsubscribe.isEmpty()) {
            request.put("unsubscribeChannels", unsubscribe);
        }
        serviceClient.post(Urls.combine(servicePath, "UpdateEventSubscriber"), request, Void.class);
        synchronized (lock) {
            List<String> updated = new ArrayList<>(this.channels);
            updated.removeAll(unsubscribe);
            for (String c : subscribe) {
                if (!updated.contains(c)) {
                    updated.add(c);
                }
            }
            this.channels = List.copyOf(updated);
        }
    }

    /**
     * Lists the subscribers of this client's channels ({@code GET <base>/api/GetEventSubscribers?channels=A,B}).
     *
     * @throws WebServiceException if the server refuses
     */
    public List<ServerEventUser> getChannelSubscribers() {
        String path = Urls.combine(servicePath, "GetEventSubscribers") + "?channels="
                + Urls.encodeQueryValue(String.join(",", channels));
        JsonNode array = serviceClient.get(path, JsonNode.class);
        List<ServerEventUser> users = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                if (item.isObject()) {
                    Map<String, String> map = new LinkedHashMap<>();
                    Json.putAll(item, map);
                    users.add(ServerEventUser.fromMap(map));
                }
            }
        }
        return users;
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
        listeners.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).addIfAbsent(listener);
    }

    /** Removes one listener; returns whether it was registered. */
    public boolean removeListener(String name, Consumer<ServerEventMessage> listener) {
        List<Consumer<ServerEventMessage>> list = listeners.get(name);
        return list != null && list.remove(listener);
    }

    /** Removes every listener of {@code name}. */
    public void removeListeners(String name) {
        listeners.remove(name);
    }

    /** Whether any listener is registered for {@code name}. */
    public boolean hasListener(String name) {
        List<Consumer<ServerEventMessage>> list = listeners.get(name);
        return list != null && !list.isEmpty();
    }

    // ------------------------------------------------------------------ state

    /** The current lifecycle state. */
    public State getState() {
        return state.get();
    }

    /** How many times a connection was started: {@link #start()}, {@link #restart()} and automatic reconnects. */
    public long getTimesStarted() {
        return timesStarted.get();
    }

    /** How many problems were reported through {@code onException} so far. */
    public long getErrorsReported() {
        return errorsReported.get();
    }

    /** The channels used for the next stream URL (immutable snapshot). */
    public List<String> getChannels() {
        return channels;
    }

    /** The URL the next stream request goes to, e.g. {@code http://host/event-stream?channels=A,B}. */
    public URI getEventStreamUri() {
        return Urls.streamUri(baseUri, eventStreamPath, channels);
    }

    /** The current connection's {@code onConnect} info, or null when not connected. */
    public ServerEventConnect getConnectionInfo() {
        Connection c;
        synchronized (lock) {
            c = current;
        }
        return c == null ? null : c.info();
    }

    /**
     * The id of the last event received, sent as {@code Last-Event-ID} when the client reconnects, or
     * {@code ""}. It follows the stream, not the highest id: replayed events carry their original ids.
     */
    public String getLastEventId() {
        return lastEventId;
    }

    /** The latest {@code cmd.onResume} received (see {@link Builder#onResume}), or null if none came yet. */
    public ServerEventResume getLastResume() {
        return lastResume;
    }

    @Override
    public String toString() {
        ServerEventConnect info = getConnectionInfo();
        return "ServerEventsClient{" + baseUri + ", channels=" + channels + ", state=" + state.get()
                + ", timesStarted=" + timesStarted.get() + ", subscription=" + (info == null ? "-" : info.getDisplayName())
                + '}';
    }

    // ------------------------------------------------------------------ internals used by Connection

    HttpClient http() {
        return http;
    }

    java.util.concurrent.ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Runs a stream signal of {@code connection} on the dispatch thread (dropped once the client is closed). */
    void dispatchExecutor(Connection connection, Runnable task) {
        try {
            dispatcher.execute(task);
        } catch (RejectedExecutionException closedClient) {
            connection.close();
        }
    }

    long connectTimeoutMillis() {
        return connectTimeoutMs;
    }

    void filterStreamRequest(HttpRequest.Builder builder) {
        requestFilter.accept(builder);
    }

    CompletableFuture<HttpResponse<String>> sendEmptyPost(URI uri, boolean readBody) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.noBody());
        requestFilter.accept(builder);
        return http.sendAsync(builder.build(), readBody ? HttpResponse.BodyHandlers.ofString()
                : responseInfo -> HttpResponse.BodySubscribers.replacing((String) null));
    }

    /** Guarded by lock: creates and installs a connection with the current channels; open it after unlocking. */
    private Connection openLocked() {
        if (current != null) {
            Connection stale = current;
            stale.close();
            unregister(stale, false);
        }
        timesStarted.incrementAndGet();
        String resumeFrom = lastEventId;
        Connection connection = new Connection(this, getEventStreamUri(), resumeFrom, maxLineLength);
        current = connection;
        return connection;
    }

    /** Sends the stream request outside the lock, so failures reported synchronously never run user code under it. */
    private void open(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.open();
        } catch (RuntimeException e) {
            ServerEventsException error = new ServerEventsException("cannot open event stream " + connection.uri()
                    + ": " + e, e);
            dispatchExecutor(connection, () -> connectionFailed(connection, error));
        }
    }

    /**
     * Drops {@code expected} (or, for a manual restart, the current connection) and reconnects after
     * {@code delayMs}. Manual restarts only act on a started client; failures act while starting too.
     */
    private void restart(Connection expected, long delayMs) {
        Connection old;
        synchronized (lock) {
            if (expected != null && current != expected) {
                return; // a stale connection's failure: it was replaced or stopped already
            }
            boolean moved = state.compareAndSet(State.STARTED, State.RESTARTING)
                    || (expected != null && state.compareAndSet(State.STARTING, State.RESTARTING));
            if (!moved) {
                return;
            }
            old = current;
            current = null;
            pendingReconnect = scheduler.schedule(this::reconnect, delayMs, TimeUnit.MILLISECONDS);
        }
        if (old != null) {
            old.close();
            unregister(old, false);
        }
    }

    private void reconnect() {
        Connection connection;
        synchronized (lock) {
            pendingReconnect = null;
            if (!state.compareAndSet(State.RESTARTING, State.STARTING)) {
                return; // stopped meanwhile
            }
            connection = openLocked();
        }
        open(connection);
        if (onReconnect != null) {
            try {
                dispatcher.execute(() -> safely("onReconnect", r -> onReconnect.run(), null));
            } catch (RejectedExecutionException closedClient) {
                // closed meanwhile: nobody to tell
            }
        }
    }

    void streamOpened(Connection connection) {
        synchronized (lock) {
            if (current == connection) {
                state.compareAndSet(State.STARTING, State.STARTED);
            }
        }
    }

    void connectionFailed(Connection connection, Throwable error) {
        synchronized (lock) {
            if (current != connection) {
                return;
            }
        }
        report(error);
        if (error instanceof WebServiceException wse && (wse.getStatusCode() == 401 || wse.getStatusCode() == 403)) {
            CompletableFuture<ServerEventConnect> f = nextConnect.getAndSet(null);
            if (f != null) {
                f.completeExceptionally(error);
            }
        }
        restart(connection, nextDelay(connection));
    }

    /**
     * The back-off before replacing {@code connection}. A connection that stayed up longer than the
     * longest back-off counts as healthy (even without heartbeats), so its loss starts again from the base.
     */
    private long nextDelay(Connection connection) {
        if (connection.connectedMillis() > backoff.maxMillis()) {
            consecutiveFailures.set(0);
        }
        return backoff.delayMillis(consecutiveFailures.incrementAndGet(), serverRetryMs);
    }

    void streamEnded(Connection connection) {
        LOG.log(Level.DEBUG, "event stream {0} ended by the server: reconnecting", connection.uri());
        restart(connection, nextDelay(connection));
    }

    void retryReceived(long millis) {
        serverRetryMs = millis;
    }

    private void unregister(Connection connection, boolean wait) {
        ServerEventConnect info = connection.info();
        if (info == null || info.getUnRegisterUrl() == null) {
            return;
        }
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = sendEmptyPost(URI.create(info.getUnRegisterUrl()), false);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot unregister " + info.getUnRegisterUrl(), e);
            return;
        }
        if (wait) {
            try {
                sent.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // The server forgets idle subscriptions anyway; a failed unregister is not worth an error.
                LOG.log(Level.DEBUG, "unregister " + info.getUnRegisterUrl() + " failed", e);
            }
        }
    }

    /** Reports a problem to onException (never throws). */
    void report(Throwable error) {
        errorsReported.incrementAndGet();
        LOG.log(Level.DEBUG, "reporting to onException", error);
        if (onException != null) {
            try {
                onException.accept(error);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "onException callback threw", t);
            }
        }
    }

    private <T> void safely(String what, Consumer<T> callback, T value) {
        if (callback == null) {
            return;
        }
        try {
            callback.accept(value);
        } catch (Throwable t) {
            report(new ServerEventsException(what + " threw: " + t, t));
        }
    }

    // ------------------------------------------------------------------ dispatch

    void eventReceived(Connection connection, String eventLastId, String data) {
        long eventId;
        if (eventLastId.equals(parsedIdText)) {
            eventId = parsedId; // an event without its own id line: same id, reported once at most
        } else {
            eventId = -1;
            if (!eventLastId.isEmpty()) {
                try {
                    eventId = Long.parseLong(eventLastId);
                } catch (NumberFormatException e) {
                    report(new ServerEventsException("non-numeric SSE id '" + MessageParser.abbreviate(eventLastId)
                            + "': messages delivered with eventId -1"));
                }
            }
            parsedIdText = eventLastId;
            parsedId = eventId;
        }
        // The resume position is the id of the last event received, not the highest: replayed events keep
        // their original ids, lower than the onConnect before them. While a resume is pending, onConnect
        // does not move the position, so a stream cut in the middle of a replay resumes where it was cut.
        if (!(connection.resumePending() && data.startsWith("cmd.onConnect "))) {
            lastEventId = eventLastId;
        }
        ServerEventMessage message;
        try {
            message = MessageParser.parse(eventId, eventLastId, data);
        } catch (ServerEventsException e) {
            report(e);
            return;
        }
        try {
            dispatch(connection, message);
        } catch (Throwable t) {
            report(new ServerEventsException("dispatch of '" + message.getSelector() + "' failed: " + t, t));
        }
    }

    private void dispatch(Connection connection, ServerEventMessage message) {
        String op = message.getOp();
        if (op == null) {
            deliverMessage(message);
            return;
        }
        String target = message.getTarget();
        if ("cmd".equals(op) && MessageParser.SYSTEM_TARGETS.contains(target)) {
            dispatchSystem(connection, message, target);
            return;
        }
        if ("cmd".equals(op)) {
            Consumer<ServerEventMessage> handler = handlers.get(target);
            safely("handler '" + target + "'", handler, message);
        } else if ("trigger".equals(op)) {
            List<Consumer<ServerEventMessage>> list = listeners.get(target);
            if (list != null) {
                for (Consumer<ServerEventMessage> listener : list) {
                    safely("listener '" + target + "'", listener, message);
                }
            }
        }
        Class<?> receiverType = receivers.get(op.toLowerCase(Locale.ROOT));
        if (receiverType != null) {
            invokeReceiver(receiverType, message);
        }
        deliverMessage(message);
    }

    private void dispatchSystem(Connection connection, ServerEventMessage message, String target) {
        switch (target) {
            case "onConnect" -> {
                ServerEventConnect info = new ServerEventConnect(message);
                // onConnect can be parsed before the response callback marks the stream open: the
                // client is started from here on either way (connect() completes below)
                streamOpened(connection);
                connection.connected(info);
                safely("onConnect", onConnect, info);
                connection.startHeartbeats();
                complete(nextConnect, info);
            }
            case "onHeartbeat" -> {
                ServerEventHeartbeat heartbeat = new ServerEventHeartbeat(message);
                connection.pulse();
                consecutiveFailures.set(0); // a full heartbeat round trip: the connection is healthy
                safely("onHeartbeat", onHeartbeat, heartbeat);
                complete(nextHeartbeat, heartbeat);
            }
            case "onJoin" -> command(new ServerEventJoin(message), onJoin);
            case "onLeave" -> command(new ServerEventLeave(message), onLeave);
            case "onUpdate" -> command(new ServerEventUpdate(message), onUpdate);
            case "onResume" -> {
                ServerEventResume resume = new ServerEventResume(message);
                connection.resumed();
                lastResume = resume;
                safely("onResume", onResume, resume);
            }
            default -> throw new IllegalStateException("unexpected system target " + target);
        }
    }

    private <T extends ServerEventCommand> void command(T command, Consumer<T> callback) {
        safely(command.getSelector(), callback, command);
        safely("onCommand", onCommand, command);
        complete(nextCommand, command);
    }

    private void deliverMessage(ServerEventMessage message) {
        safely("onMessage", onMessage, message);
        complete(nextMessage, message);
    }

    private void invokeReceiver(Class<?> type, ServerEventMessage message) {
        Object instance;
        try {
            instance = resolver.resolve(type);
        } catch (Exception e) {
            report(new ServerEventsException("resolver failed for receiver " + type.getName() + ": " + e, e));
            return;
        }
        if (instance == null) {
            report(new ServerEventsException("resolver returned null for receiver " + type.getName()));
            return;
        }
        if (instance instanceof ServerEventReceiver r) {
            r.inject(this, message);
        }
        try {
            if (!ReceiverType.of(instance.getClass()).invoke(instance, message)) {
                LOG.log(Level.DEBUG, "receiver {0} has no member for {1}", type.getName(), message.getSelector());
            }
        } catch (ServerEventsException e) {
            report(e);
        }
    }

    static List<String> checkChannels(List<String> channels) {
        for (String c : channels) {
            if (c == null || c.isEmpty()) {
                throw new IllegalArgumentException("channel name must not be empty: " + channels);
            }
            if (c.indexOf(',') >= 0) {
                throw new IllegalArgumentException("channel name must not contain ',': " + c);
            }
        }
        return List.copyOf(channels);
    }

    /**
     * Settings and callbacks for a {@link ServerEventsClient}. Each setter validates at once and names the
     * setting and value in its exception. Not thread-safe; {@link #build()} copies everything, so the
     * builder may be reused.
     */
    public static final class Builder {
        private final URI baseUri;
        private List<String> channels = List.of();
        private String eventStreamPath = "event-stream";
        private String servicePath = "api";
        private Duration reconnectInitialDelay = Duration.ofMillis(500);
        private Duration reconnectMaxDelay = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxLineLength = 1024 * 1024;
        private CookieHandler cookieHandler;
        private Executor executor;
        private HttpClient.Version httpVersion = HttpClient.Version.HTTP_1_1;
        private Consumer<HttpRequest.Builder> requestFilter = b -> { };
        private ReceiverResolver resolver = ReceiverResolver.newInstancePerMessage();
        private final Map<String, Consumer<ServerEventMessage>> handlers = new LinkedHashMap<>();
        private final Map<String, Class<?>> receivers = new LinkedHashMap<>();
        private Consumer<ServerEventConnect> onConnect;
        private Consumer<ServerEventJoin> onJoin;
        private Consumer<ServerEventLeave> onLeave;
        private Consumer<ServerEventUpdate> onUpdate;
        private Consumer<ServerEventHeartbeat> onHeartbeat;
        private Consumer<ServerEventCommand> onCommand;
        private Consumer<ServerEventResume> onResume;
        private Consumer<ServerEventMessage> onMessage;
        private Consumer<Throwable> onException;
        private Runnable onReconnect;

        private Builder(URI baseUri) {
            this.baseUri = Urls.checkBaseUri(baseUri);
        }

        /** Channels to subscribe to; none means the server's default channel {@code *}. Names must not hold {@code ,}. */
        public Builder channels(String... channels) {
            this.channels = checkChannels(Arrays.asList(Objects.requireNonNull(channels, "channels")));
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
