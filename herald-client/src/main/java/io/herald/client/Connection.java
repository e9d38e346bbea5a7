package io.herald.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One stream connection (one server subscription): the {@code GET event-stream} request, the body
 * subscriber feeding the parser, and this connection's heartbeat timer. A connection never reconnects
 * itself; it tells the client, which decides. Once {@link #close()}d it delivers nothing more.
 */
final class Connection implements Flow.Subscriber<List<ByteBuffer>>, SseParser.Listener {

    private static final int ERROR_BODY_LIMIT = 4096;

    private final ServerEventsClient client;
    private final URI uri;
    private final SseParser parser;

    private volatile boolean closed;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> request;
    private volatile ServerEventConnect info;
    private volatile long lastPulseNanos = System.nanoTime();
    private volatile long connectedAtNanos;
    /** True from a request sent with Last-Event-ID until the server's cmd.onResume. */
    private volatile boolean resumePending;
    /** Guarded by this: the pending heartbeat or onConnect watchdog. */
    private ScheduledFuture<?> timer;

    Connection(ServerEventsClient client, URI uri, String lastEventId, int maxLineLength) {
        this.client = client;
        this.uri = uri;
        this.parser = new SseParser(maxLineLength, lastEventId, this);
    }

    URI uri() {
        return uri;
    }

    ServerEventConnect info() {
        return info;
    }

    boolean isClosed() {
        return closed;
    }

    void open() {
        if (closed) {
            return;
        }
        String lastEventId = parser.lastEventId();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET()
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        if (!lastEventId.isEmpty()) {
            builder.header("Last-Event-ID", lastEventId);
            resumePending = true;
        }
        client.filterStreamRequest(builder);
        // If the server accepts the request but never sends onConnect, treat it like an idle connection.
        long watchdogMs = client.connectTimeoutMillis();
        schedule(() -> {
            if (info == null) {
                fail(new ServerEventsException("no cmd.onConnect from " + uri + " within " + watchdogMs + " ms",
                        new TimeoutException()));
            }
        }, watchdogMs);
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending =
                client.http().sendAsync(builder.build(), HttpResponse.BodyHandlers.ofPublisher());
        request = pending;
        pending.whenComplete((response, error) -> {
            if (error != null) {
                fail(new ServerEventsException("cannot open event stream " + uri + ": " + unwrap(error), unwrap(error)));
            } else if (closed) {
                response.body().subscribe(new BoundedBodyReader(0, text -> { }));
            } else if (response.statusCode() != 200) {
                int status = response.statusCode();
                response.body().subscribe(new BoundedBodyReader(ERROR_BODY_LIMIT,
                        text -> fail(new WebServiceException("GET", uri, status, text))));
            } else {
                client.streamOpened(this);
                response.body().subscribe(this);
            }
        });
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Stops everything this connection does; idempotent, callable from any thread. */
    void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<?> r = request;
        if (r != null && !r.isDone()) {
            r.cancel(true);
        }
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** Hands a failure to the client on the dispatch thread, so onException never runs on an I/O or timer thread. */
    private void fail(Throwable error) {
        if (!closed) {
            client.dispatchExecutor(this, () -> {
                if (!closed) {
                    client.connectionFailed(this, error);
                }
            });
        }
    }

    private void schedule(Runnable task, long delayMs) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            timer = client.scheduler().schedule(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    fail(t);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    // ---- Flow.Subscriber: called serially by the HTTP client ----

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    // The HTTP client may call these on its selector thread. User callbacks must never run there (a callback
    // making a blocking request on the same HttpClient would deadlock), so every signal is handed to the
    // client's dispatch thread, in order. Demand is one batch at a time, so nothing queues up.

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        client.dispatchExecutor(this, () -> process(buffers));
    }

    private void process(List<ByteBuffer> buffers) {
        if (closed) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            try {
                parser.feed(buffer);
            } catch (RuntimeException | Error bug) {
                // Listener code (dispatch) already catches user exceptions; this is a last line of defence.
                client.report(new ServerEventsException("event stream processing failed: " + bug, bug));
            }
            if (closed) {
                return;
            }
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(new ServerEventsException("event stream " + uri + " failed: " + unwrap(error), unwrap(error)));
    }

    @Override
    public void onComplete() {
        client.dispatchExecutor(this, () -> {
            if (!closed) {
                parser.end();
                client.streamEnded(this);
            }
        });
    }

    // ---- SseParser.Listener ----

    @Override
    public void onEvent(String lastEventId, String eventType, String data) {
        if (!closed) {
            client.eventReceived(this, lastEventId, data);
        }
    }

    @Override
    public void onRetry(long reconnectMillis) {
        client.retryReceived(reconnectMillis);
    }

    @Override
    public void onError(String message) {
        client.report(new ServerEventsException(message + " (stream " + uri + ")"));
    }

    // ---- heartbeats ----

    /** Called on the dispatch thread before the onConnect callbacks run. */
    void connected(ServerEventConnect connect) {
        info = connect;
        lastPulseNanos = System.nanoTime();
        connectedAtNanos = lastPulseNanos;
    }

    /** How long ago onConnect arrived, or 0 if it never did. */
    long connectedMillis() {
        long at = connectedAtNanos;
        return at == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at);
    }

    /** Called after the onConnect callbacks ran, so an interval they set applies to the first heartbeat. */
    void startHeartbeats() {
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false); // the onConnect watchdog
                timer = null;
            }
        }
        scheduleHeartbeat();
    }

    /** Whether this connection asked to resume and the server's cmd.onResume has not arrived yet. */
    boolean resumePending() {
        return resumePending;
    }

    void resumed() {
        resumePending = false;
    }

    void pulse() {
        lastPulseNanos = System.nanoTime();
    }

    private void scheduleHeartbeat() {
        ServerEventConnect connect = info;
        if (connect != null && connect.getHeartbeatUrl() != null) {
            schedule(this::heartbeat, connect.getHeartbeatIntervalMs());
        }
    }

    private void heartbeat() {
        ServerEventConnect connect = info;
        if (closed || connect == null) {
            return;
        }
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastPulseNanos);
        if (idleMs > connect.getIdleTimeoutMs()) {
            fail(new ServerEventsException("no cmd.onHeartbeat for " + idleMs + " ms (idleTimeoutMs "
                    + connect.getIdleTimeoutMs() + "): reconnecting", new TimeoutException()));
            return;
        }
        URI heartbeatUri;
        try {
            heartbeatUri = URI.create(connect.getHeartbeatUrl());
        } catch (IllegalArgumentException e) {
            fail(new ServerEventsException("invalid heartbeatUrl from server: " + connect.getHeartbeatUrl(), e));
            return;
        }
        client.sendEmptyPost(heartbeatUri, true).whenComplete((response, error) -> {
            if (closed) {
                return;
            }
            if (error != null) {
                fail(new ServerEventsException("heartbeat " + heartbeatUri + " failed: " + unwrap(error), unwrap(error)));
            } else if (response.statusCode() / 100 != 2) {
                fail(new WebServiceException("POST", heartbeatUri, response.statusCode(), response.body()));
            } else {
                scheduleHeartbeat();
            }
        });
    }

    /** Reads at most {@code limit} bytes of an unwanted body, then cancels it and hands over the text. */
    static final class BoundedBodyReader implements Flow.Subscriber<List<ByteBuffer>> {
        private final int limit;
        private final java.util.function.Consumer<String> done;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private boolean finished;

        BoundedBodyReader(int limit, java.util.function.Consumer<String> done) {
            this.limit = limit;
            this.done = done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (limit == 0) {
                finish();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            for (ByteBuffer b : item) {
                int n = Math.min(b.remaining(), limit - bytes.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= limit) {
                finish();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            finish();
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            subscription.cancel();
            done.accept(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
