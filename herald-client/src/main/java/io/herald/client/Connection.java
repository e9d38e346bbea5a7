package io.herald.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One event stream: the {@code GET event-stream} request and the body subscriber feeding an
 * {@link SseParser}. It reports everything to one {@link StreamListener}, on the serial executor it is
 * given, and decides nothing: heartbeats, reconnects and back-off are the listener's business. Once
 * {@link #cancel()}led it reports nothing more.
 */
final class Connection implements LifecycleEffects.Stream, Flow.Subscriber<List<ByteBuffer>>, SseParser.Listener {

    private static final int ERROR_BODY_LIMIT = 4096;

    private final HttpClient http;
    private final URI uri;
    private final Consumer<HttpRequest.Builder> requestFilter;
    private final Executor serial;
    private final StreamListener listener;
    private final SseParser parser;

    private volatile boolean closed;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> request;

    /**
     * @param lastEventId sent as {@code Last-Event-ID} unless empty; also the parser's initial last event id
     * @param serial the executor every signal but {@link StreamListener#onOpen()} is reported on, in order
     */
    Connection(HttpClient http, URI uri, String lastEventId, int maxLineLength,
            Consumer<HttpRequest.Builder> requestFilter, Executor serial, StreamListener listener) {
        this.http = http;
        this.uri = uri;
        this.requestFilter = requestFilter;
        this.serial = serial;
        this.listener = listener;
        this.parser = new SseParser(maxLineLength, lastEventId, this);
    }

    @Override
    public URI uri() {
        return uri;
    }

    /** Sends the request; the answer and the events are reported to the listener. */
    void open() {
        if (closed) {
            return;
        }
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending;
        try {
            String lastEventId = parser.lastEventId();
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET()
                    .header("Accept", "text/event-stream")
                    .header("Cache-Control", "no-cache");
            if (!lastEventId.isEmpty()) {
                builder.header("Last-Event-ID", lastEventId);
            }
            requestFilter.accept(builder);
            pending = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (RuntimeException e) {
            fail(new ServerEventsException("cannot open event stream " + uri + ": " + e, e));
            return;
        }
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
                listener.onOpen();
                response.body().subscribe(this);
            }
        });
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Stops everything this connection does; idempotent, callable from any thread. */
    @Override
    public void cancel() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<?> r = request;
        if (r != null && !r.isDone()) {
            r.cancel(true);
        }
    }

    /** Reports a failure on the serial executor, so it is handled in order and never on an I/O thread. */
    private void fail(Throwable error) {
        if (!closed) {
            serially(() -> {
                if (!closed) {
                    listener.onFailure(error);
                }
            });
        }
    }

    /** Runs a signal on the serial executor; once that refuses work (the client is closed) the stream is dropped. */
    private void serially(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException closedClient) {
            cancel();
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
    // serial executor, in order. Demand is one batch at a time, so nothing queues up.

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        serially(() -> process(buffers));
    }

    private void process(List<ByteBuffer> buffers) {
        if (closed) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            try {
                parser.feed(buffer);
            } catch (RuntimeException | Error bug) {
                // The listener already catches user exceptions; this is a last line of defence.
                listener.onProblem(new ServerEventsException("event stream processing failed: " + bug, bug));
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
        serially(() -> {
            if (!closed) {
                parser.end();
                listener.onEnd();
            }
        });
    }

    // ---- SseParser.Listener ----

    @Override
    public void onEvent(String lastEventId, String eventType, String data) {
        if (!closed) {
            listener.onEvent(lastEventId, data);
        }
    }

    @Override
    public void onRetry(long reconnectMillis) {
        listener.onRetry(reconnectMillis);
    }

    @Override
    public void onError(String message) {
        listener.onProblem(new ServerEventsException(message + " (stream " + uri + ")"));
    }

    /** Reads at most {@code limit} bytes of an unwanted body, then cancels it and hands over the text. */
    static final class BoundedBodyReader implements Flow.Subscriber<List<ByteBuffer>> {
        private final int limit;
        private final Consumer<String> done;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private boolean finished;

        BoundedBodyReader(int limit, Consumer<String> done) {
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
