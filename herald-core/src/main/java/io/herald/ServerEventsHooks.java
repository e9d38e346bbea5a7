package io.herald;

import io.herald.http.HttpExchange;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Application hooks at each step of a subscription's life, in the order ServiceStack runs them:
 * {@code onInit} (stream request, before anything is created), {@code onCreated} (subscription built,
 * not yet registered), {@code onConnect} (the {@code onConnect} payload may be edited), {@code onSubscribe}
 * (registered, before joins go out), {@code onUpdate} (channels changed), {@code onUnsubscribe} (removed,
 * before leaves go out), {@code onHeartbeatInit} (heartbeat request, before the look-up), {@code onPublish}
 * (each event written to a stream) and {@code onError}.
 *
 * <p>{@code onInit}, {@code onCreated} and {@code onHeartbeatInit} may throw {@link io.herald.http.HttpError}
 * to refuse the request with that status. Any other exception from {@code onInit}/{@code onCreated}
 * answers 500. Hooks run on request threads, except {@code onPublish}, which runs on the connection's
 * I/O thread and must be fast and non-blocking. Build with {@link #builder()}; immutable.
 */
public final class ServerEventsHooks {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerEventsHooks.class);

    /** Called for each event written to a stream; {@code frame} is the {@code data:} text of the event. */
    @FunctionalInterface
    public interface PublishHook {
        void onPublish(EventSubscription subscription, long eventId, String frame);
    }

    static final ServerEventsHooks NONE = builder().build();

    final Consumer<HttpExchange> onInit;
    final BiConsumer<EventSubscription, HttpExchange> onCreated;
    final BiConsumer<EventSubscription, Map<String, String>> onConnect;
    final Consumer<EventSubscription> onSubscribe;
    final Consumer<EventSubscription> onUnsubscribe;
    final Consumer<EventSubscription> onUpdate;
    final Consumer<HttpExchange> onHeartbeatInit;
    final PublishHook onPublish;
    final BiConsumer<EventSubscription, Throwable> onError;

    private ServerEventsHooks(Builder b) {
        onInit = b.onInit;
        onCreated = b.onCreated;
        onConnect = b.onConnect;
        onSubscribe = b.onSubscribe;
        onUnsubscribe = b.onUnsubscribe;
        onUpdate = b.onUpdate;
        onHeartbeatInit = b.onHeartbeatInit;
        onPublish = b.onPublish;
        onError = b.onError;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code onInit}, if set. */
    public void init(HttpExchange request) {
        if (onInit != null) {
            onInit.accept(request);
        }
    }

    public void created(EventSubscription sub, HttpExchange request) {
        if (onCreated != null) {
            onCreated.accept(sub, request);
        }
    }

    public void connect(EventSubscription sub, Map<String, String> connectArgs) {
        if (onConnect != null) {
            onConnect.accept(sub, connectArgs);
        }
    }

    /** Runs {@code onSubscribe}, if set; an exception it throws goes to {@code onError} and the log, never to the caller. */
    public void subscribe(EventSubscription sub) {
        if (onSubscribe != null) {
            try {
                onSubscribe.accept(sub);
            } catch (RuntimeException e) {
                failed("onSubscribe", sub, e);
            }
        }
    }

    /** Runs {@code onUnsubscribe}, if set; an exception it throws goes to {@code onError} and the log, never to the caller. */
    public void unsubscribe(EventSubscription sub) {
        if (onUnsubscribe != null) {
            try {
                onUnsubscribe.accept(sub);
            } catch (RuntimeException e) {
                failed("onUnsubscribe", sub, e);
            }
        }
    }

    /** Runs {@code onUpdate}, if set; an exception it throws goes to {@code onError} and the log, never to the caller. */
    public void update(EventSubscription sub) {
        if (onUpdate != null) {
            try {
                onUpdate.accept(sub);
            } catch (RuntimeException e) {
                failed("onUpdate", sub, e);
            }
        }
    }

    /** Whether an {@code onHeartbeatInit} hook is set. */
    public boolean hasHeartbeatInit() {
        return onHeartbeatInit != null;
    }

    public void heartbeatInit(HttpExchange request) {
        if (onHeartbeatInit != null) {
            onHeartbeatInit.accept(request);
        }
    }

    /** The publish hook, or null when none is set (so the hot path can skip building the frame text). */
    public PublishHook publishHook() {
        return onPublish;
    }

    private void failed(String hook, EventSubscription sub, RuntimeException e) {
        LOG.warn("{} hook failed for subscription {}", hook, sub.id(), e);
        error(sub, e);
    }

    public void error(EventSubscription sub, Throwable error) {
        if (onError != null) {
            onError.accept(sub, error);
        }
    }

    /** Builder; each setter replaces the previous hook of that kind. */
    public static final class Builder {
        private Consumer<HttpExchange> onInit;
        private BiConsumer<EventSubscription, HttpExchange> onCreated;
        private BiConsumer<EventSubscription, Map<String, String>> onConnect;
        private Consumer<EventSubscription> onSubscribe;
        private Consumer<EventSubscription> onUnsubscribe;
        private Consumer<EventSubscription> onUpdate;
        private Consumer<HttpExchange> onHeartbeatInit;
        private PublishHook onPublish;
        private BiConsumer<EventSubscription, Throwable> onError;

        private Builder() {
        }

        public Builder onInit(Consumer<HttpExchange> hook) {
            onInit = hook;
            return this;
        }

        public Builder onCreated(BiConsumer<EventSubscription, HttpExchange> hook) {
            onCreated = hook;
            return this;
        }

        public Builder onConnect(BiConsumer<EventSubscription, Map<String, String>> hook) {
            onConnect = hook;
            return this;
        }

        public Builder onSubscribe(Consumer<EventSubscription> hook) {
            onSubscribe = hook;
            return this;
        }

        public Builder onUnsubscribe(Consumer<EventSubscription> hook) {
            onUnsubscribe = hook;
            return this;
        }

        public Builder onUpdate(Consumer<EventSubscription> hook) {
            onUpdate = hook;
            return this;
        }

        public Builder onHeartbeatInit(Consumer<HttpExchange> hook) {
            onHeartbeatInit = hook;
            return this;
        }

        public Builder onPublish(PublishHook hook) {
            onPublish = hook;
            return this;
        }

        public Builder onError(BiConsumer<EventSubscription, Throwable> hook) {
            onError = hook;
            return this;
        }

        public ServerEventsHooks build() {
            return new ServerEventsHooks(this);
        }
    }
}
