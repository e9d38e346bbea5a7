package io.herald.client;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The application side of a {@link ServerEventsClient}: hands each message to the system callbacks,
 * {@code cmd} handlers, {@code trigger} listeners, receivers and {@code onMessage}, in that order,
 * completes the {@code waitFor...} futures and reports problems to {@code onException}. An exception from
 * user code is reported and never stops delivery.
 *
 * <p>Threads: {@link #dispatch}, {@link #connected}, {@link #failed} and {@link #reconnected} run on the
 * client's dispatch thread only; listener registration, the futures and {@link #report} are thread-safe.
 */
final class MessageDispatcher {

    private static final System.Logger LOG = System.getLogger(ServerEventsClient.class.getName());

    private final ServerEventsClient client;
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

    private volatile ServerEventResume lastResume;
    private final AtomicLong errorsReported = new AtomicLong();
    private final AtomicReference<CompletableFuture<ServerEventConnect>> nextConnect = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerEventMessage>> nextCommand = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerEventMessage>> nextMessage = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerEventHeartbeat>> nextHeartbeat = new AtomicReference<>();

    /** @param client handed to {@link ServerEventReceiver}s */
    MessageDispatcher(ServerEventsClient client, ServerEventsClient.Builder b) {
        this.client = client;
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

    // ------------------------------------------------------------------ futures

    CompletableFuture<ServerEventConnect> nextConnect() {
        return pending(nextConnect);
    }

    CompletableFuture<ServerEventMessage> nextCommand() {
        return pending(nextCommand);
    }

    CompletableFuture<ServerEventMessage> nextMessage() {
        return pending(nextMessage);
    }

    CompletableFuture<ServerEventHeartbeat> nextHeartbeat() {
        return pending(nextHeartbeat);
    }

    /** A copy of the pending future (created if none is), so cancelling it affects nobody else. */
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

    // ------------------------------------------------------------------ listeners

    void addListener(String name, Consumer<ServerEventMessage> listener) {
        listeners.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).addIfAbsent(listener);
    }

    boolean removeListener(String name, Consumer<ServerEventMessage> listener) {
        List<Consumer<ServerEventMessage>> list = listeners.get(name);
        return list != null && list.remove(listener);
    }

    void removeListeners(String name) {
        listeners.remove(name);
    }

    boolean hasListener(String name) {
        List<Consumer<ServerEventMessage>> list = listeners.get(name);
        return list != null && !list.isEmpty();
    }

    // ------------------------------------------------------------------ lifecycle notices

    /** The stream is connected: completes the pending {@code connect()} futures. */
    void connected(ServerEventConnect info) {
        complete(nextConnect, info);
    }

    /** Reports a stream failure; a refusal (401, 403) also fails the pending {@code connect()} futures. */
    void failed(Throwable error) {
        report(error);
        if (error instanceof WebServiceException wse && (wse.getStatusCode() == 401 || wse.getStatusCode() == 403)) {
            CompletableFuture<ServerEventConnect> f = nextConnect.getAndSet(null);
            if (f != null) {
                f.completeExceptionally(error);
            }
        }
    }

    void reconnected() {
        if (onReconnect != null) {
            safely("onReconnect", r -> onReconnect.run(), null);
        }
    }

    ServerEventResume lastResume() {
        return lastResume;
    }

    long errorsReported() {
        return errorsReported.get();
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

    /** Delivers one parsed message; a {@code cmd.onConnect} comes as the client's {@link ServerEventConnect}. */
    void dispatch(ServerEventMessage message) {
        String op = message.getOp();
        if (op == null) {
            deliverMessage(message);
            return;
        }
        String target = message.getTarget();
        if ("cmd".equals(op) && MessageParser.SYSTEM_TARGETS.contains(target)) {
            dispatchSystem(message, target);
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

    private void dispatchSystem(ServerEventMessage message, String target) {
        switch (target) {
            case "onConnect" -> safely("onConnect", onConnect,
                    message instanceof ServerEventConnect info ? info : new ServerEventConnect(message));
            case "onHeartbeat" -> {
                ServerEventHeartbeat heartbeat = new ServerEventHeartbeat(message);
                safely("onHeartbeat", onHeartbeat, heartbeat);
                complete(nextHeartbeat, heartbeat);
            }
            case "onJoin" -> command(new ServerEventJoin(message), onJoin);
            case "onLeave" -> command(new ServerEventLeave(message), onLeave);
            case "onUpdate" -> command(new ServerEventUpdate(message), onUpdate);
            case "onResume" -> {
                ServerEventResume resume = new ServerEventResume(message);
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
            r.inject(client, message);
        }
        try {
            if (!ReceiverType.of(instance.getClass()).invoke(instance, message)) {
                LOG.log(Level.DEBUG, "receiver {0} has no member for {1}", type.getName(), message.getSelector());
            }
        } catch (ServerEventsException e) {
            report(e);
        }
    }
}
