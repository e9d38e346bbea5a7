package io.herald;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by {@link ServerEventsFeature} (the endpoints) and the back-end. Immutable; built with
 * {@link #builder()} and validated at {@link Builder#build()}, whose exceptions name the setting and the
 * value. Defaults follow ServiceStack: idle timeout 30 s, heartbeat interval 10 s, housekeeping 5 s.
 */
public final class ServerEventsOptions {

    private final String streamPath;
    private final String heartbeatPath;
    private final String unRegisterPath;
    private final String subscribersPath;
    private final String metricsPath;
    private final Duration idleTimeout;
    private final Duration heartbeatInterval;
    private final Duration houseKeepingInterval;
    private final boolean notifyChannelOfSubscriptions;
    private final boolean limitToAuthenticatedUsers;
    private final boolean validateUserAddress;
    private final long maxQueuedBytes;
    private final int maxQueuedFrames;
    private final int historySize;
    private final Duration historyRetention;
    private final Duration keepaliveInterval;
    private final Duration retryInterval;
    private final Liveness liveness;
    private final Framing defaultFraming;
    private final CorsOptions cors;
    private final ChannelAuthorizer channelAuthorizer;
    private final ConnectTokens connectTokens;
    private final JsonCodec codec;
    private final SessionResolver sessionResolver;
    private final ServerEventsHooks hooks;
    private final Clock clock;

    private ServerEventsOptions(Builder b) {
        streamPath = b.streamPath;
        heartbeatPath = b.heartbeatPath;
        unRegisterPath = b.unRegisterPath;
        subscribersPath = b.subscribersPath;
        metricsPath = b.metricsPath;
        idleTimeout = b.idleTimeout;
        heartbeatInterval = b.heartbeatInterval;
        houseKeepingInterval = b.houseKeepingInterval;
        notifyChannelOfSubscriptions = b.notifyChannelOfSubscriptions;
        limitToAuthenticatedUsers = b.limitToAuthenticatedUsers;
        validateUserAddress = b.validateUserAddress;
        maxQueuedBytes = b.maxQueuedBytes;
        maxQueuedFrames = b.maxQueuedFrames;
        historySize = b.historySize;
        historyRetention = b.historyRetention;
        keepaliveInterval = b.keepaliveInterval;
        retryInterval = b.retryInterval;
        liveness = b.liveness;
        defaultFraming = b.defaultFraming;
        cors = b.cors;
        channelAuthorizer = b.channelAuthorizer;
        connectTokens = b.connectTokens;
        codec = b.codec != null ? b.codec : JsonCodec.defaultCodec();
        sessionResolver = b.sessionResolver;
        hooks = b.hooks;
        clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every default. */
    public static ServerEventsOptions defaults() {
        return builder().build();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.streamPath = streamPath;
        b.heartbeatPath = heartbeatPath;
        b.unRegisterPath = unRegisterPath;
        b.subscribersPath = subscribersPath;
        b.metricsPath = metricsPath;
        b.idleTimeout = idleTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.houseKeepingInterval = houseKeepingInterval;
        b.notifyChannelOfSubscriptions = notifyChannelOfSubscriptions;
        b.limitToAuthenticatedUsers = limitToAuthenticatedUsers;
        b.validateUserAddress = validateUserAddress;
        b.maxQueuedBytes = maxQueuedBytes;
        b.maxQueuedFrames = maxQueuedFrames;
        b.historySize = historySize;
        b.historyRetention = historyRetention;
        b.keepaliveInterval = keepaliveInterval;
        b.retryInterval = retryInterval;
        b.liveness = liveness;
        b.defaultFraming = defaultFraming;
        b.cors = cors;
        b.channelAuthorizer = channelAuthorizer;
        b.connectTokens = connectTokens;
        b.codec = codec;
        b.sessionResolver = sessionResolver;
        b.hooks = hooks;
        b.clock = clock;
        return b;
    }

    /** Path of the event stream, default {@code /event-stream}. */
    public String streamPath() {
        return streamPath;
    }

    /** Path of the heartbeat endpoint, default {@code /event-heartbeat}; null disables it. */
    public String heartbeatPath() {
        return heartbeatPath;
    }

    /** Path of the unregister endpoint, default {@code /event-unregister}; null disables it. */
    public String unRegisterPath() {
        return unRegisterPath;
    }

    /** Path of the subscribers list, default {@code /event-subscribers}; {@code <path>/{id}} updates channels. */
    public String subscribersPath() {
        return subscribersPath;
    }

    /**
     * Path of the Prometheus text endpoint with the back-end's counters ({@code herald_*}); null (the
     * default) leaves it off.
     */
    public String metricsPath() {
        return metricsPath;
    }

    /** A subscription with no heartbeat for longer than this is removed. Default 30 s. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How often clients are told to send heartbeats. Default 10 s. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How often expired subscriptions are swept. Default 5 s. */
    public Duration houseKeepingInterval() {
        return houseKeepingInterval;
    }

    /** Whether channels get {@code onJoin}/{@code onLeave}/{@code onUpdate}. Default true. */
    public boolean notifyChannelOfSubscriptions() {
        return notifyChannelOfSubscriptions;
    }

    /** Whether anonymous streams are refused with 401. Default false. */
    public boolean limitToAuthenticatedUsers() {
        return limitToAuthenticatedUsers;
    }

    /** Whether heartbeat, unregister and update must come from the stream's IP address. Default true. */
    public boolean validateUserAddress() {
        return validateUserAddress;
    }

    /** Bytes a stream may have waiting for the socket before it is closed as too slow. Default 1 MiB. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Events a stream may have waiting for the socket before it is closed as too slow. Default 10,000. */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /**
     * Events kept per channel (and per user, user name, session) so a reconnecting client can resume.
     * Default 100; 0 turns history (and resume) off.
     */
    public int historySize() {
        return historySize;
    }

    /** How long events are kept for resuming. Default 5 minutes. */
    public Duration historyRetention() {
        return historyRetention;
    }

    /**
     * How often a stream that has written nothing else gets an SSE comment ({@code : keepalive}), so proxies keep
     * it open and a vanished client shows up as a failed write. Default 30 s; {@link Duration#ZERO} turns it off.
     * Every SSE parser skips comments, ServiceStack's included.
     */
    public Duration keepaliveInterval() {
        return keepaliveInterval;
    }

    /**
     * The {@code retry:} directive written after a stream's head (how long a browser waits before it reconnects),
     * or null (the default) to write none, which keeps ServiceStack's bytes unchanged.
     */
    public Duration retryInterval() {
        return retryInterval;
    }

    /** How a client is judged gone: see {@link Liveness}. Default {@link Liveness#AUTO}. */
    public Liveness liveness() {
        return liveness;
    }

    /** The framing of streams that do not ask for one ({@code ?framing=}). Default {@link Framing#SERVICESTACK}. */
    public Framing defaultFraming() {
        return defaultFraming;
    }

    /** Cross-origin access, or null (the default) for none. */
    public CorsOptions cors() {
        return cors;
    }

    /** Who may listen to which channels. Default: everyone to every channel. */
    public ChannelAuthorizer channelAuthorizer() {
        return channelAuthorizer;
    }

    /** Signed connect tokens every stream must present, or null (the default) for none. */
    public ConnectTokens connectTokens() {
        return connectTokens;
    }

    public JsonCodec codec() {
        return codec;
    }

    public SessionResolver sessionResolver() {
        return sessionResolver;
    }

    public ServerEventsHooks hooks() {
        return hooks;
    }

    public Clock clock() {
        return clock;
    }

    /** Builder with ServiceStack's defaults. */
    public static final class Builder {
        private String streamPath = "/event-stream";
        private String heartbeatPath = "/event-heartbeat";
        private String unRegisterPath = "/event-unregister";
        private String subscribersPath = "/event-subscribers";
        private String metricsPath;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration houseKeepingInterval = Duration.ofSeconds(5);
        private boolean notifyChannelOfSubscriptions = true;
        private boolean limitToAuthenticatedUsers;
        private boolean validateUserAddress = true;
        private long maxQueuedBytes = 1 << 20;
        private int maxQueuedFrames = 10_000;
        private int historySize = 100;
        private Duration historyRetention = Duration.ofMinutes(5);
        private Duration keepaliveInterval = Duration.ofSeconds(30);
        private Duration retryInterval;
        private Liveness liveness = Liveness.AUTO;
        private Framing defaultFraming = Framing.SERVICESTACK;
        private CorsOptions cors;
        private ChannelAuthorizer channelAuthorizer = ChannelAuthorizer.ALLOW_ALL;
        private ConnectTokens connectTokens;
        private JsonCodec codec;
        private SessionResolver sessionResolver = SessionResolver.anonymous();
        private ServerEventsHooks hooks = ServerEventsHooks.NONE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder streamPath(String path) {
            streamPath = path;
            return this;
        }

        public Builder heartbeatPath(String path) {
            heartbeatPath = path;
            return this;
        }

        public Builder unRegisterPath(String path) {
            unRegisterPath = path;
            return this;
        }

        public Builder subscribersPath(String path) {
            subscribersPath = path;
            return this;
        }

        public Builder metricsPath(String path) {
            metricsPath = path;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder houseKeepingInterval(Duration value) {
            houseKeepingInterval = value;
            return this;
        }

        public Builder notifyChannelOfSubscriptions(boolean value) {
            notifyChannelOfSubscriptions = value;
            return this;
        }

        public Builder limitToAuthenticatedUsers(boolean value) {
            limitToAuthenticatedUsers = value;
            return this;
        }

        public Builder validateUserAddress(boolean value) {
            validateUserAddress = value;
            return this;
        }

        public Builder maxQueuedBytes(long value) {
            maxQueuedBytes = value;
            return this;
        }

        public Builder maxQueuedFrames(int value) {
            maxQueuedFrames = value;
            return this;
        }

        public Builder historySize(int value) {
            historySize = value;
            return this;
        }

        public Builder historyRetention(Duration value) {
            historyRetention = value;
            return this;
        }

        public Builder keepaliveInterval(Duration value) {
            keepaliveInterval = value;
            return this;
        }

        public Builder retryInterval(Duration value) {
            retryInterval = value;
            return this;
        }

        public Builder liveness(Liveness value) {
            liveness = value;
            return this;
        }

        public Builder defaultFraming(Framing value) {
            defaultFraming = value;
            return this;
        }

        public Builder cors(CorsOptions value) {
            cors = value;
            return this;
        }

        public Builder channelAuthorizer(ChannelAuthorizer value) {
            channelAuthorizer = value;
            return this;
        }

        public Builder connectTokens(ConnectTokens value) {
            connectTokens = value;
            return this;
        }

        public Builder codec(JsonCodec value) {
            codec = value;
            return this;
        }

        public Builder sessionResolver(SessionResolver value) {
            sessionResolver = value;
            return this;
        }

        public Builder hooks(ServerEventsHooks value) {
            hooks = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public ServerEventsOptions build() {
            requirePath("streamPath", streamPath, false);
            requirePath("heartbeatPath", heartbeatPath, true);
            requirePath("unRegisterPath", unRegisterPath, true);
            requirePath("subscribersPath", subscribersPath, false);
            requirePath("metricsPath", metricsPath, true);
            requirePositive("idleTimeout", idleTimeout);
            requirePositive("heartbeatInterval", heartbeatInterval);
            requirePositive("houseKeepingInterval", houseKeepingInterval);
            if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("idleTimeout must be > heartbeatInterval: "
                        + idleTimeout + " <= " + heartbeatInterval);
            }
            if (maxQueuedBytes < 1024) {
                throw new IllegalArgumentException("maxQueuedBytes must be >= 1024: " + maxQueuedBytes);
            }
            if (maxQueuedFrames < 16) {
                throw new IllegalArgumentException("maxQueuedFrames must be >= 16: " + maxQueuedFrames);
            }
            if (historySize < 0) {
                throw new IllegalArgumentException("historySize must be >= 0: " + historySize);
            }
            requirePositive("historyRetention", historyRetention);
            if (keepaliveInterval == null || keepaliveInterval.isNegative()) {
                throw new IllegalArgumentException("keepaliveInterval must be >= 0 (0 turns it off): " + keepaliveInterval);
            }
            if (retryInterval != null) {
                requirePositive("retryInterval", retryInterval);
            }
            Objects.requireNonNull(liveness, "liveness must not be null");
            Objects.requireNonNull(defaultFraming, "defaultFraming must not be null");
            Objects.requireNonNull(channelAuthorizer, "channelAuthorizer must not be null");
            Objects.requireNonNull(sessionResolver, "sessionResolver must not be null");
            Objects.requireNonNull(hooks, "hooks must not be null");
            Objects.requireNonNull(clock, "clock must not be null");
            return new ServerEventsOptions(this);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0: " + value);
            }
        }

        private static void requirePath(String name, String value, boolean nullable) {
            if (value == null) {
                if (!nullable) {
                    throw new IllegalArgumentException(name + " must not be null");
                }
                return;
            }
            if (!value.startsWith("/") || value.length() < 2 || value.contains("?") || value.contains(" ")) {
                throw new IllegalArgumentException(name + " must be a path like /event-stream: '" + value + "'");
            }
        }
    }
}
