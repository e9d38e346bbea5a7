package io.herald.servlet;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link HeraldServlet}: immutable, built by {@link #builder()}, every value checked when it
 * is set.
 *
 * <pre>{@code
 * HeraldServletOptions options = HeraldServletOptions.builder()
 *         .maxRequestBytes(16 * 1024)
 *         .streamThreads(4)
 *         .trustedProxies(1)      // one reverse proxy in front of the app
 *         .probeInterval(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe (immutable); the builder is not.
 */
public final class HeraldServletOptions {

    /** Default largest request body: 64 KiB (Herald's own bodies are a few hundred bytes). */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

    /** Default {@link #probeInterval()}: 5 s. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    private static final HeraldServletOptions DEFAULTS = new Builder().build();

    private final int maxRequestBytes;
    private final int streamThreads;
    private final int trustedProxies;
    private final Duration probeInterval;
    private final String mountPath;

    private HeraldServletOptions(Builder b) {
        this.maxRequestBytes = b.maxRequestBytes;
        this.streamThreads = b.streamThreads;
        this.trustedProxies = b.trustedProxies;
        this.probeInterval = b.probeInterval;
        this.mountPath = b.mountPath;
    }

    /**
     * The defaults: 64 KiB bodies, one stream thread per available processor, no trusted proxy, idle
     * streams probed every 5 s.
     */
    public static HeraldServletOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxRequestBytes = maxRequestBytes;
        b.streamThreads = streamThreads;
        b.trustedProxies = trustedProxies;
        b.probeInterval = probeInterval;
        b.mountPath = mountPath;
        return b;
    }

    /** Largest request body read; a larger one is answered {@code 413} naming this limit. */
    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * Single-threaded executors that own the event streams (each stream is pinned to one, round-robin;
     * Herald's fan-out runs on them). Never the container's request threads.
     */
    public int streamThreads() {
        return streamThreads;
    }

    /**
     * Reverse proxies in front of the application whose forwarding headers are believed; 0 (the default)
     * believes none and uses the container's view of the connection.
     */
    public int trustedProxies() {
        return trustedProxies;
    }

    /**
     * How long a stream may go without a write before it gets an empty line, so that a client that hung up
     * is noticed (zero: never).
     */
    public Duration probeInterval() {
        return probeInterval;
    }

    /**
     * Where Herald's paths start below the context path, or null (the default) to take it from the URL
     * pattern that matched each request.
     */
    public String mountPath() {
        return mountPath;
    }

    @Override
    public String toString() {
        return "HeraldServletOptions{maxRequestBytes=" + maxRequestBytes + ", streamThreads=" + streamThreads
                + ", trustedProxies=" + trustedProxies + ", probeInterval=" + probeInterval
                + ", mountPath=" + (mountPath == null ? "from the mapping" : "'" + mountPath + "'") + "}";
    }

    /**
     * Builds {@link HeraldServletOptions}. Each setter throws {@link IllegalArgumentException} naming the
     * setting and the value when the value is out of range. Not thread-safe.
     */
    public static final class Builder {

        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int streamThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int trustedProxies;
        private Duration probeInterval = DEFAULT_PROBE_INTERVAL;
        private String mountPath;

        private Builder() {
        }

        /**
         * Largest request body (heartbeat, unregister, channel update) accepted, in bytes; larger ones get
         * {@code 413 Payload Too Large} naming the limit. Default 64 KiB; 0 refuses every body.
         */
        public Builder maxRequestBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxRequestBytes must be >= 0: " + bytes);
            }
            this.maxRequestBytes = bytes;
            return this;
        }

        /**
         * Single-threaded executors that write to event streams and run Herald's fan-out; streams are
         * spread over them round-robin. Default: one per available processor. Between 1 and 256.
         */
        public Builder streamThreads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("streamThreads must be between 1 and 256: " + threads);
            }
            this.streamThreads = threads;
            return this;
        }

        /**
         * Says the application sits behind this many reverse proxies, each of which appends the address it
         * received the request from to {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For}. The client's
         * address ({@code HttpExchange.remoteAddress()}, which {@code validateUserAddress} compares) is then
         * the entry this many places from the right, and the scheme and host of the connect URLs come from
         * {@code Forwarded: proto=;host=} or {@code X-Forwarded-Proto} / {@code X-Forwarded-Host}. Entries
         * further left are written by the client and never believed. Default 0: forwarding headers are
         * ignored (a container that already resolves them, such as Tomcat's {@code RemoteIpValve}, needs
         * no setting here). Between 0 and 16.
         */
        public Builder trustedProxies(int proxies) {
            if (proxies < 0 || proxies > 16) {
                throw new IllegalArgumentException("trustedProxies must be between 0 and 16: " + proxies);
            }
            this.trustedProxies = proxies;
            return this;
        }

        /**
         * How long an event stream may go without a write before it gets an empty line ({@code "\n"}, which
         * EventSource and ServiceStack's clients skip, and which Herald itself sends as a no-op). Servlet
         * containers do not watch the socket of a request that is waiting for its response, so a client
         * that hangs up (a closed tab, a dropped network) is only noticed when a write to it fails: the probe
         * makes that happen within about two intervals (the first write to a closed connection usually
         * still succeeds), and the other subscribers then see its {@code onLeave}, instead of waiting for
         * Herald's idle timeout ({@code ServerEventsOptions.idleTimeout}, 30 s by default). It also keeps
         * idle streams alive through proxies. Shorter intervals notice sooner and cost one tiny write per
         * idle stream per interval. Default 5 s; {@link Duration#ZERO} turns probing off; else between
         * 100 ms and 1 hour.
         */
        public Builder probeInterval(Duration interval) {
            Objects.requireNonNull(interval, "probeInterval");
            if (!interval.isZero() && (interval.toMillis() < 100 || interval.compareTo(Duration.ofHours(1)) > 0)) {
                throw new IllegalArgumentException("probeInterval must be zero (off) or between 100ms and 1h: "
                        + interval);
            }
            this.probeInterval = interval;
            return this;
        }

        /**
         * Where Herald's paths start below the context path, for a servlet whose URL patterns do not say it.
         * By default (null) the pattern that matched decides: {@code /sse/*} mounts Herald at {@code /sse},
         * and {@code /*}, {@code /} or an exact pattern at the context root. Set it when the servlet is
         * mapped to several exact patterns, for instance to serve Herald's paths at the root beside a
         * framework's servlet on {@code /}: with {@code mountPath("")} and the patterns
         * {@code /event-stream}, {@code /event-heartbeat}, {@code /event-unregister}, {@code /event-subscribers},
         * {@code /event-subscribers/*} and the {@code /api/...} DTO paths, Herald sees each request's whole
         * path in the context. Must be empty or start with {@code /}, without a trailing {@code /} or
         * {@code *}.
         */
        public Builder mountPath(String path) {
            if (path != null && (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))
                    || path.contains("*") || path.contains("?") || path.contains("#"))) {
                throw new IllegalArgumentException("mountPath must be empty or start with '/', without a trailing '/'"
                        + " or '*', '?', '#': '" + path + "'");
            }
            this.mountPath = path;
            return this;
        }

        /** The options; the builder may be reused. */
        public HeraldServletOptions build() {
            return new HeraldServletOptions(this);
        }
    }
}
