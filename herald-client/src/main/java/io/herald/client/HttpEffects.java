package io.herald.client;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Lifecycle}'s effects on real things: streams and POSTs on the JDK HTTP client, a timer thread,
 * and the one dispatch thread every callback runs on (in stream order), which hands messages and problems
 * to the {@link MessageDispatcher}. Owns both threads; {@link #shutdown()} releases them.
 */
final class HttpEffects implements LifecycleEffects {

    private static final System.Logger LOG = System.getLogger(ServerEventsClient.class.getName());

    private final HttpClient http;
    private final Supplier<URI> streamUri;
    private final Consumer<HttpRequest.Builder> requestFilter;
    private final Duration requestTimeout;
    private final int maxLineLength;
    private final MessageDispatcher messages;
    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor serial;

    /** @param streamUri the URL of the next stream (it follows the client's channels) */
    HttpEffects(HttpClient http, Supplier<URI> streamUri, Consumer<HttpRequest.Builder> requestFilter,
            Duration requestTimeout, int maxLineLength, MessageDispatcher messages) {
        this.http = http;
        this.streamUri = streamUri;
        this.requestFilter = requestFilter;
        this.requestTimeout = requestTimeout;
        this.maxLineLength = maxLineLength;
        this.messages = messages;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "herald-client-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // One thread runs every callback in stream order; it exits when the client is idle.
        this.serial = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "herald-client-dispatch");
            t.setDaemon(true);
            return t;
        });
        serial.allowCoreThreadTimeOut(true);
    }

    /** Stops the timer at once and lets the dispatch thread finish what it holds. */
    void shutdown() {
        timer.shutdownNow();
        serial.shutdown();
    }

    @Override
    public LifecycleEffects.Stream openStream(String lastEventId, StreamListener listener) {
        Connection connection = new Connection(http, streamUri.get(), lastEventId, maxLineLength, requestFilter,
                serial, listener);
        connection.open();
        return connection;
    }

    @Override
    public CompletableFuture<?> sendHeartbeat(URI url) {
        return sendEmptyPost(url, true).handle((response, error) -> {
            if (error != null) {
                Throwable cause = Connection.unwrap(error);
                throw new ServerEventsException("heartbeat " + url + " failed: " + cause, cause);
            }
            if (response.statusCode() / 100 != 2) {
                throw new WebServiceException("POST", url, response.statusCode(), response.body());
            }
            return null;
        });
    }

    @Override
    public void unregister(ServerEventConnect info, boolean wait) {
        if (info.getUnRegisterUrl() == null) {
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

    private CompletableFuture<HttpResponse<String>> sendEmptyPost(URI uri, boolean readBody) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.noBody());
        requestFilter.accept(builder);
        return http.sendAsync(builder.build(), readBody ? HttpResponse.BodyHandlers.ofString()
                : responseInfo -> HttpResponse.BodySubscribers.replacing((String) null));
    }

    @Override
    public LifecycleEffects.Timer schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> f;
        try {
            f = timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedClient) {
            return () -> { };
        }
        return () -> f.cancel(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void runSerially(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException closedClient) {
            // closed meanwhile: nobody to tell
        }
    }

    @Override
    public void deliver(ServerEventMessage message) {
        messages.dispatch(message);
    }

    @Override
    public void connected(ServerEventConnect info) {
        messages.connected(info);
    }

    @Override
    public void reconnected() {
        runSerially(messages::reconnected);
    }

    @Override
    public void failed(Throwable error) {
        messages.failed(error);
    }

    @Override
    public void report(Throwable problem) {
        messages.report(problem);
    }
}
