package io.herald.redis;

import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings and callbacks of a {@link RedisPubSubServer}. Immutable; built with {@link #builder(String)} and
 * validated at {@link Builder#build()}, whose exceptions name the setting and the value.
 *
 * <p>Defaults: channels {@code [sse:topic]}; heartbeat interval 10 s and timeout 30 s (ServiceStack's);
 * reconnect back-off from 100 ms doubling to at most 10 s with jitter; connect and command timeouts 5 s;
 * callback queue 10,000 messages; thread names starting with {@code herald-redis-pubsub}.
 *
 * <p>Every callback runs on the server's single callback thread (never on a Lettuce I/O thread), one at a
 * time and in order; see {@link RedisPubSubServer} for the exact guarantees. Callbacks default to no-ops.
 */
public final class RedisPubSubOptions {

    /** Receives a message published on one of the subscribed channels. */
    @FunctionalInterface
    public interface MessageHandler {
        /**
         * @param channel the Redis channel it was published on
         * @param message the message text (UTF-8 decoded)
         */
        void onMessage(String channel, String message);
    }

    /** Told that a (re)connect reached a different Redis server than the previous connection. */
    @FunctionalInterface
    public interface FailoverHandler {
        /**
         * @param previousAddress the address the last connection talked to
         * @param newAddress      the address of the new connection
         */
        void onFailover(String previousAddress, String newAddress);
    }

    private static final Runnable NO_OP = () -> { };

    private final String redisUri;
    private final List<String> channels;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Duration reconnectMinDelay;
    private final Duration reconnectMaxDelay;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int maxQueuedMessages;
    private final String threadNamePrefix;
    private final ClientResources clientResources;
    private final Runnable onInit;
    private final Runnable onStart;
    private final Runnable onStop;
    private final MessageHandler onMessage;
    private final Consumer<Throwable> onError;
    private final FailoverHandler onFailover;
    private final Runnable onHeartbeatSent;
    private final Runnable onHeartbeatReceived;

    private RedisPubSubOptions(Builder b) {
        this.redisUri = b.redisUri;
        this.channels = List.copyOf(b.channels);
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.reconnectMinDelay = b.reconnectMinDelay;
        this.reconnectMaxDelay = b.reconnectMaxDelay;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.threadNamePrefix = b.threadNamePrefix;
        this.clientResources = b.clientResources;
        this.onInit = b.onInit;
        this.onStart = b.onStart;
        this.onStop = b.onStop;
        this.onMessage = b.onMessage;
        this.onError = b.onError;
        this.onFailover = b.onFailover;
        this.onHeartbeatSent = b.onHeartbeatSent;
        this.onHeartbeatReceived = b.onHeartbeatReceived;
    }

    /**
     * A builder for a server on {@code redisUri}, in any form {@link RedisUris} accepts ({@code redis://},
     * {@code rediss://}, {@code redis://:password@host}, {@code redis-sentinel://...}, {@code redis-cluster://...},
     * bare {@code host[:port]}). The address is parsed at {@link Builder#build()}.
     */
    public static Builder builder(String redisUri) {
        return new Builder().redisUri(redisUri);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.redisUri = redisUri;
        b.channels = new ArrayList<>(channels);
        b.heartbeatInterval = heartbeatInterval;
        b.heartbeatTimeout = heartbeatTimeout;
        b.reconnectMinDelay = reconnectMinDelay;
        b.reconnectMaxDelay = reconnectMaxDelay;
        b.connectTimeout = connectTimeout;
        b.commandTimeout = commandTimeout;
        b.maxQueuedMessages = maxQueuedMessages;
        b.threadNamePrefix = threadNamePrefix;
        b.clientResources = clientResources;
        b.onInit = onInit;
        b.onStart = onStart;
        b.onStop = onStop;
        b.onMessage = onMessage;
        b.onError = onError;
        b.onFailover = onFailover;
        b.onHeartbeatSent = onHeartbeatSent;
        b.onHeartbeatReceived = onHeartbeatReceived;
        return b;
    }

    /** The address as given (may hold a password; use {@link RedisUris#mask(String)} before logging). */
    public String redisUri() {
        return redisUri;
    }

    /** The channels to subscribe to; unmodifiable, never empty. */
    public List<String> channels() {
        return channels;
    }

    /** How often a {@code CTRL:PULSE} is published when no other instance has published one. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Reconnect when no pulse was received for this long. */
    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    /** First reconnect delay; doubles with each consecutive failure. */
    public Duration reconnectMinDelay() {
        return reconnectMinDelay;
    }

    /** Cap of the reconnect delay. */
    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    /** TCP connect timeout. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Timeout of {@code SUBSCRIBE}, {@code TIME} and {@code PUBLISH}. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Capacity of the callback queue, in messages. */
    public int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    /** Prefix of the names of the server's own threads. */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    /** Shared Lettuce resources, or {@code null} when the server creates (and shuts down) its own. */
    public ClientResources clientResources() {
        return clientResources;
    }

    Runnable onInit() {
        return onInit;
    }

    Runnable onStart() {
        return onStart;
    }

    Runnable onStop() {
        return onStop;
    }

    MessageHandler onMessage() {
        return onMessage;
    }

    Consumer<Throwable> onError() {
        return onError;
    }

    FailoverHandler onFailover() {
        return onFailover;
    }

    Runnable onHeartbeatSent() {
        return onHeartbeatSent;
    }

    Runnable onHeartbeatReceived() {
        return onHeartbeatReceived;
    }

    @Override
    public String toString() {
        return "RedisPubSubOptions[redisUri=" + RedisUris.mask(redisUri) + ", channels=" + channels
                + ", heartbeatInterval=" + heartbeatInterval + ", heartbeatTimeout=" + heartbeatTimeout
                + ", reconnectMinDelay=" + reconnectMinDelay + ", reconnectMaxDelay=" + reconnectMaxDelay
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", maxQueuedMessages=" + maxQueuedMessages + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String redisUri;
        private List<String> channels = new ArrayList<>(List.of(RedisKeys.defaults().topic()));
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration heartbeatTimeout = Duration.ofSeconds(30);
        private Duration reconnectMinDelay = Duration.ofMillis(100);
        private Duration reconnectMaxDelay = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(5);
        private int maxQueuedMessages = 10_000;
        private String threadNamePrefix = "herald-redis-pubsub";
        private ClientResources clientResources;
        private Runnable onInit = NO_OP;
        private Runnable onStart = NO_OP;
        private Runnable onStop = NO_OP;
        private MessageHandler onMessage = (channel, message) -> { };
        private Consumer<Throwable> onError = error -> { };
        private FailoverHandler onFailover = (previous, current) -> { };
        private Runnable onHeartbeatSent = NO_OP;
        private Runnable onHeartbeatReceived = NO_OP;

        private Builder() {
        }

        /** The Redis address; see {@link RedisUris}. */
        public Builder redisUri(String redisUri) {
            this.redisUri = Objects.requireNonNull(redisUri, "redisUri");
            return this;
        }

        /** The channels to subscribe to (default {@code sse:topic}). */
        public Builder channels(List<String> channels) {
            Objects.requireNonNull(channels, "channels");
            this.channels = new ArrayList<>(channels);
            return this;
        }

        /** The channels to subscribe to (default {@code sse:topic}). */
        public Builder channels(String... channels) {
            return channels(List.of(channels));
        }

        /** Keep-alive interval (default 10 s); must be at least 10 ms and at most half the heartbeat timeout. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /** Reconnect after this long without a pulse (default 30 s); must be at least twice the heartbeat interval. */
        public Builder heartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
            return this;
        }

        /** First reconnect delay (default 100 ms); must be positive. */
        public Builder reconnectMinDelay(Duration reconnectMinDelay) {
            this.reconnectMinDelay = Objects.requireNonNull(reconnectMinDelay, "reconnectMinDelay");
            return this;
        }

        /** Reconnect delay cap (default 10 s); must be at least the minimum. */
        public Builder reconnectMaxDelay(Duration reconnectMaxDelay) {
            this.reconnectMaxDelay = Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
            return this;
        }

        /** TCP connect timeout (default 5 s); must be positive. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** Command timeout (default 5 s); must be positive. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
            return this;
        }

        /** Callback queue capacity in messages (default 10,000); must be positive. */
        public Builder maxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        /** Prefix of thread names (default {@code herald-redis-pubsub}); must not be blank. */
        public Builder threadNamePrefix(String threadNamePrefix) {
            this.threadNamePrefix = Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
            return this;
        }

        /**
         * Lettuce resources to share with other clients (event loops, timers). The server does not shut them
         * down. Default: the server creates small private resources and shuts them down on close.
         */
        public Builder clientResources(ClientResources clientResources) {
            this.clientResources = clientResources;
            return this;
        }

        /**
         * Runs after each successful (re)connect, before {@code onStart} and before any message of the new
         * connection is delivered. The Redis back-end re-registers its live subscriptions and sweeps dead
         * ones here.
         */
        public Builder onInit(Runnable onInit) {
            this.onInit = Objects.requireNonNull(onInit, "onInit");
            return this;
        }

        /** Runs each time the server reaches {@code Started} (first start and every reconnect). */
        public Builder onStart(Runnable onStart) {
            this.onStart = Objects.requireNonNull(onStart, "onStart");
            return this;
        }

        /** Runs each time the server leaves {@code Started} (stop, restart, lost connection). */
        public Builder onStop(Runnable onStop) {
            this.onStop = Objects.requireNonNull(onStop, "onStop");
            return this;
        }

        /** Receives every non-control message. */
        public Builder onMessage(MessageHandler onMessage) {
            this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
            return this;
        }

        /** Told of every Redis-side failure (failed connect, lost connection, heartbeat timeout). */
        public Builder onError(Consumer<Throwable> onError) {
            this.onError = Objects.requireNonNull(onError, "onError");
            return this;
        }

        /** Told when a reconnect reached a different Redis server (for example after a Sentinel failover). */
        public Builder onFailover(FailoverHandler onFailover) {
            this.onFailover = Objects.requireNonNull(onFailover, "onFailover");
            return this;
        }

        /** Runs after this instance published a {@code CTRL:PULSE}. */
        public Builder onHeartbeatSent(Runnable onHeartbeatSent) {
            this.onHeartbeatSent = Objects.requireNonNull(onHeartbeatSent, "onHeartbeatSent");
            return this;
        }

        /** Runs for each {@code CTRL:PULSE} received (from any instance). */
        public Builder onHeartbeatReceived(Runnable onHeartbeatReceived) {
            this.onHeartbeatReceived = Objects.requireNonNull(onHeartbeatReceived, "onHeartbeatReceived");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public RedisPubSubOptions build() {
            if (redisUri == null) {
                throw new IllegalArgumentException("redisUri must be set");
            }
            RedisUris.parseAll(redisUri); // parsed here so a bad address fails at build(), naming it
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("channels must not be empty");
            }
            for (String c : channels) {
                if (c == null || c.isBlank()) {
                    throw new IllegalArgumentException("channels must not contain null or blank names: " + channels);
                }
            }
            if (heartbeatInterval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("heartbeatInterval must be >= 10ms: " + heartbeatInterval);
            }
            // A lone instance pulses every 1 to 1.5 intervals; less than two intervals of slack would flap.
            if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("heartbeatTimeout must be >= 2 * heartbeatInterval: "
                        + heartbeatTimeout + " < 2 * " + heartbeatInterval);
            }
            positive(reconnectMinDelay, "reconnectMinDelay");
            if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
                throw new IllegalArgumentException("reconnectMaxDelay must be >= reconnectMinDelay: "
                        + reconnectMaxDelay + " < " + reconnectMinDelay);
            }
            positive(connectTimeout, "connectTimeout");
            positive(commandTimeout, "commandTimeout");
            if (maxQueuedMessages <= 0) {
                throw new IllegalArgumentException("maxQueuedMessages must be > 0: " + maxQueuedMessages);
            }
            if (threadNamePrefix.isBlank()) {
                throw new IllegalArgumentException("threadNamePrefix must not be blank: '" + threadNamePrefix + "'");
            }
            return new RedisPubSubOptions(this);
        }

        private static void positive(Duration d, String name) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be > 0: " + d);
            }
        }
    }
}
