package io.herald.spring;

import io.herald.Framing;
import io.herald.Liveness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code herald.*} property: the settings of {@link io.herald.ServerEventsOptions}, of the servlet that
 * serves the endpoints ({@code herald.servlet.*}) and of the Redis back-end ({@code herald.redis.*}).
 * Defaults are ServiceStack's. Values are checked when the context starts (by building the options); a bad
 * one stops it with an {@link InvalidHeraldPropertyException} naming the property and its value.
 *
 * <pre>
 * herald.idle-timeout=60s
 * herald.heartbeat-interval=20s
 * herald.path-prefix=/sse
 * herald.redis.uri=redis://localhost:6379
 * </pre>
 *
 * <p>A mutable bean for Spring's binder; read it only after binding.
 */
@ConfigurationProperties("herald")
public class HeraldProperties {

    /**
     * Where the endpoints are served below the context path. Empty (the default) serves ServiceStack's
     * paths at the root (/event-stream, /event-heartbeat, ...) beside the app's own controllers; "/sse"
     * serves /sse/event-stream and so on.
     */
    private String pathPrefix = "";

    /** Path of the event stream. */
    private String streamPath = "/event-stream";

    /** Path of the heartbeat endpoint; empty turns it off. */
    private String heartbeatPath = "/event-heartbeat";

    /** Path of the unregister endpoint; empty turns it off. */
    private String unregisterPath = "/event-unregister";

    /** Path of the subscribers list; "{path}/{id}" changes a subscription's channels. */
    private String subscribersPath = "/event-subscribers";

    /**
     * Path of a Prometheus text endpoint with Herald's counters, served by Herald itself; unset (the
     * default) leaves it off. With Actuator, the same numbers are Micrometer meters anyway.
     */
    private String metricsPath;

    /** A subscription without a heartbeat for longer than this is removed; must exceed the heartbeat interval. */
    private Duration idleTimeout = Duration.ofSeconds(30);

    /** How often clients are told to send heartbeats. */
    private Duration heartbeatInterval = Duration.ofSeconds(10);

    /** How often expired subscriptions are swept. */
    private Duration housekeepingInterval = Duration.ofSeconds(5);

    /** Whether channels get onJoin, onLeave and onUpdate events. */
    private boolean notifyChannelOfSubscriptions = true;

    /** Whether streams of anonymous users are refused with 401. */
    private boolean limitToAuthenticatedUsers = false;

    /** Whether heartbeat, unregister and channel updates must come from the stream's own IP address. */
    private boolean validateUserAddress = true;

    /** Bytes a stream may have waiting for its client before it is closed as too slow (at least 1KB). */
    private DataSize maxQueuedBytes = DataSize.ofMegabytes(1);

    /** Events a stream may have waiting for its client before it is closed as too slow (at least 16). */
    private int maxQueuedFrames = 10_000;

    /**
     * How often a stream that has written nothing else gets an SSE comment, so proxies keep it open; 0 turns
     * it off.
     */
    private Duration keepaliveInterval = Duration.ofSeconds(30);

    /**
     * The "retry:" directive written at the start of each stream (how long a browser waits before it
     * reconnects); unset (the default) writes none, as ServiceStack does.
     */
    private Duration retryInterval;

    /** How a client is judged gone: AUTO (an open connection counts until the first heartbeat) or HEARTBEATS. */
    private Liveness liveness = Liveness.AUTO;

    /** The framing of streams that do not ask for one with ?framing=: SERVICESTACK or STANDARD (named events). */
    private Framing defaultFraming = Framing.SERVICESTACK;

    private final History history = new History();

    private final Cors cors = new Cors();

    private final ConnectToken connectToken = new ConnectToken();

    private final Servlet servlet = new Servlet();

    private final Redis redis = new Redis();

    public String getPathPrefix() {
        return pathPrefix;
    }

    public void setPathPrefix(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    public String getStreamPath() {
        return streamPath;
    }

    public void setStreamPath(String streamPath) {
        this.streamPath = streamPath;
    }

    public String getHeartbeatPath() {
        return heartbeatPath;
    }

    public void setHeartbeatPath(String heartbeatPath) {
        this.heartbeatPath = heartbeatPath;
    }

    public String getUnregisterPath() {
        return unregisterPath;
    }

    public void setUnregisterPath(String unregisterPath) {
        this.unregisterPath = unregisterPath;
    }

    public String getSubscribersPath() {
        return subscribersPath;
    }

    public void setSubscribersPath(String subscribersPath) {
        this.subscribersPath = subscribersPath;
    }

    public String getMetricsPath() {
        return metricsPath;
    }

    public void setMetricsPath(String metricsPath) {
        this.metricsPath = metricsPath;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getHousekeepingInterval() {
        return housekeepingInterval;
    }

    public void setHousekeepingInterval(Duration housekeepingInterval) {
        this.housekeepingInterval = housekeepingInterval;
    }

    public boolean isNotifyChannelOfSubscriptions() {
        return notifyChannelOfSubscriptions;
    }

    public void setNotifyChannelOfSubscriptions(boolean notifyChannelOfSubscriptions) {
        this.notifyChannelOfSubscriptions = notifyChannelOfSubscriptions;
    }

    public boolean isLimitToAuthenticatedUsers() {
        return limitToAuthenticatedUsers;
    }

    public void setLimitToAuthenticatedUsers(boolean limitToAuthenticatedUsers) {
        this.limitToAuthenticatedUsers = limitToAuthenticatedUsers;
    }

    public boolean isValidateUserAddress() {
        return validateUserAddress;
    }

    public void setValidateUserAddress(boolean validateUserAddress) {
        this.validateUserAddress = validateUserAddress;
    }

    public DataSize getMaxQueuedBytes() {
        return maxQueuedBytes;
    }

    public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public int getMaxQueuedFrames() {
        return maxQueuedFrames;
    }

    public void setMaxQueuedFrames(int maxQueuedFrames) {
        this.maxQueuedFrames = maxQueuedFrames;
    }

    public Duration getKeepaliveInterval() {
        return keepaliveInterval;
    }

    public void setKeepaliveInterval(Duration keepaliveInterval) {
        this.keepaliveInterval = keepaliveInterval;
    }

    public Duration getRetryInterval() {
        return retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }

    public Liveness getLiveness() {
        return liveness;
    }

    public void setLiveness(Liveness liveness) {
        this.liveness = liveness;
    }

    public Framing getDefaultFraming() {
        return defaultFraming;
    }

    public void setDefaultFraming(Framing defaultFraming) {
        this.defaultFraming = defaultFraming;
    }

    public History getHistory() {
        return history;
    }

    public Cors getCors() {
        return cors;
    }

    public ConnectToken getConnectToken() {
        return connectToken;
    }

    public Servlet getServlet() {
        return servlet;
    }

    public Redis getRedis() {
        return redis;
    }

    /** {@code herald.history.*}: the events kept so a reconnecting client can resume. */
    public static class History {

        /** Events kept per channel (and per user, user name and session); 0 turns history and resume off. */
        private int size = 100;

        /** How long events are kept for resuming. */
        private Duration retention = Duration.ofMinutes(5);

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /** {@code herald.cors.*}: cross-origin access to the endpoints, off unless origins are listed. */
    public static class Cors {

        /**
         * Origins that may use the endpoints from a page on another origin: exact (https://app.example.com), a
         * pattern (https://*.example.com) or "*"; empty (the default) turns CORS off.
         */
        private List<String> allowedOrigins = new ArrayList<>();

        /** Whether cookies and credentials may be sent; needs named origins, not "*". */
        private boolean allowCredentials = false;

        /** Response headers a cross-origin page may read. */
        private List<String> exposedHeaders = new ArrayList<>();

        /** How long a browser may cache a preflight answer. */
        private Duration maxAge = Duration.ofMinutes(10);

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public boolean isAllowCredentials() {
            return allowCredentials;
        }

        public void setAllowCredentials(boolean allowCredentials) {
            this.allowCredentials = allowCredentials;
        }

        public List<String> getExposedHeaders() {
            return exposedHeaders;
        }

        public void setExposedHeaders(List<String> exposedHeaders) {
            this.exposedHeaders = exposedHeaders;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }

    /** {@code herald.connect-token.*}: signed connect tokens (HS256 JWTs) every stream must present. */
    public static class ConnectToken {

        /**
         * The HMAC-SHA256 secret (at least 32 bytes) shared with the back-end that signs tokens; unset (the
         * default) means no token is needed.
         */
        private String secret;

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }
    }

    /** {@code herald.servlet.*}: how the servlet that serves the endpoints reads requests and writes streams. */
    public static class Servlet {

        /**
         * How long a stream may be quiet before it gets an empty line, so a client that hung up is noticed
         * (containers only see it when a write fails); 0 turns probing off, else 100ms to 1h.
         */
        private Duration probeInterval = Duration.ofSeconds(5);

        /**
         * Reverse proxies in front of the app whose Forwarded / X-Forwarded-For entries are believed for the
         * client address and connect URLs (0 to 16). Leave 0 when Tomcat's RemoteIpValve
         * (server.forward-headers-strategy) already resolves them.
         */
        private int trustedProxies = 0;

        /** Largest request body (heartbeat, unregister, channel update) read; larger ones get 413. */
        private DataSize maxRequestBytes = DataSize.ofKilobytes(64);

        /** Threads that write to event streams (1 to 256); unset means one per available processor. */
        private Integer streamThreads;

        public Duration getProbeInterval() {
            return probeInterval;
        }

        public void setProbeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
        }

        public int getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(int trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        public DataSize getMaxRequestBytes() {
            return maxRequestBytes;
        }

        public void setMaxRequestBytes(DataSize maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
        }

        public Integer getStreamThreads() {
            return streamThreads;
        }

        public void setStreamThreads(Integer streamThreads) {
            this.streamThreads = streamThreads;
        }
    }

    /** {@code herald.redis.*}: the Redis back-end, used when a URI is set (needs io.herald:herald-redis). */
    public static class Redis {

        /**
         * Redis to share subscriptions and events through, e.g. redis://localhost:6379,
         * redis-sentinel://... or redis-cluster://node1:7000,node2:7001; unset (the default) keeps everything
         * in this process.
         */
        private String uri;

        /**
         * Prefix of Herald's keys and topic; unset means ServiceStack's "sse:" ("{sse}:" on a Redis Cluster,
         * where the prefix needs a hash tag).
         */
        private String keyPrefix;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }
    }
}
