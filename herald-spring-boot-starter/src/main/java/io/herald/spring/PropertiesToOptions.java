package io.herald.spring;

import io.herald.ConnectTokens;
import io.herald.CorsOptions;
import io.herald.ServerEventsOptions;
import io.herald.servlet.HeraldServletOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@link HeraldProperties} to Herald's builders, letting Herald's own checks decide what is valid and
 * re-throwing their refusals as {@link InvalidHeraldPropertyException}s that name the property. Herald's
 * messages start with the setting's Java name ({@code idleTimeout must be > 0: ...}); this class knows which
 * property each name comes from.
 */
final class PropertiesToOptions {

    /** Herald's setting names (as its messages spell them) and the properties they come from. */
    private static final Map<String, String> PROPERTY_OF = new LinkedHashMap<>();

    static {
        PROPERTY_OF.put("streamPath", "herald.stream-path");
        PROPERTY_OF.put("heartbeatPath", "herald.heartbeat-path");
        PROPERTY_OF.put("unRegisterPath", "herald.unregister-path");
        PROPERTY_OF.put("subscribersPath", "herald.subscribers-path");
        PROPERTY_OF.put("metricsPath", "herald.metrics-path");
        PROPERTY_OF.put("idleTimeout", "herald.idle-timeout");
        PROPERTY_OF.put("heartbeatInterval", "herald.heartbeat-interval");
        PROPERTY_OF.put("houseKeepingInterval", "herald.housekeeping-interval");
        PROPERTY_OF.put("maxQueuedBytes", "herald.max-queued-bytes");
        PROPERTY_OF.put("maxQueuedFrames", "herald.max-queued-frames");
        PROPERTY_OF.put("historySize", "herald.history.size");
        PROPERTY_OF.put("historyRetention", "herald.history.retention");
        PROPERTY_OF.put("keepaliveInterval", "herald.keepalive-interval");
        PROPERTY_OF.put("retryInterval", "herald.retry-interval");
        PROPERTY_OF.put("liveness", "herald.liveness");
        PROPERTY_OF.put("defaultFraming", "herald.default-framing");
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

    private final HeraldProperties p;
    private final Function<String, String> configured;

    /**
     * @param properties the bound properties
     * @param configured the text a property was given in the environment (null if it was not set), for messages
     */
    PropertiesToOptions(HeraldProperties properties, Function<String, String> configured) {
        this.p = Objects.requireNonNull(properties, "properties");
        this.configured = Objects.requireNonNull(configured, "configured");
    }

    /**
     * A builder holding every {@code herald.*} setting of {@link ServerEventsOptions}, already checked by
     * building it once (the caller adds session resolver, codec and hooks, which cannot be invalid).
     *
     * @throws InvalidHeraldPropertyException naming the first property Herald refuses
     */
    ServerEventsOptions.Builder serverEventsOptions() {
        ServerEventsOptions.Builder b = ServerEventsOptions.builder()
                .streamPath(p.getStreamPath())
                .heartbeatPath(orNull(p.getHeartbeatPath()))
                .unRegisterPath(orNull(p.getUnregisterPath()))
                .subscribersPath(p.getSubscribersPath())
                .metricsPath(orNull(p.getMetricsPath()))
                .idleTimeout(p.getIdleTimeout())
                .heartbeatInterval(p.getHeartbeatInterval())
                .houseKeepingInterval(p.getHousekeepingInterval())
                .notifyChannelOfSubscriptions(p.isNotifyChannelOfSubscriptions())
                .limitToAuthenticatedUsers(p.isLimitToAuthenticatedUsers())
                .validateUserAddress(p.isValidateUserAddress())
                .maxQueuedBytes(bytes(p.getMaxQueuedBytes()))
                .maxQueuedFrames(p.getMaxQueuedFrames())
                .historySize(p.getHistory().getSize())
                .historyRetention(p.getHistory().getRetention())
                .keepaliveInterval(p.getKeepaliveInterval())
                .retryInterval(p.getRetryInterval())
                .liveness(p.getLiveness())
                .defaultFraming(p.getDefaultFraming())
                .cors(cors())
                .connectTokens(connectTokens());
        try {
            b.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw refusal(e);
        }
        return b;
    }

    /**
     * The servlet's options from {@code herald.servlet.*}, with the mount for {@code herald.path-prefix}.
     *
     * @param mountPath "" to serve Herald's exact paths at the root, or null to take it from the mapping
     * @throws InvalidHeraldPropertyException naming the property Herald refuses
     */
    HeraldServletOptions servletOptions(String mountPath) {
        HeraldProperties.Servlet s = p.getServlet();
        HeraldServletOptions.Builder b = HeraldServletOptions.builder();
        apply("herald.servlet.probe-interval", s.getProbeInterval(), () -> b.probeInterval(s.getProbeInterval()));
        apply("herald.servlet.trusted-proxies", s.getTrustedProxies(), () -> b.trustedProxies(s.getTrustedProxies()));
        DataSize max = s.getMaxRequestBytes();
        apply("herald.servlet.max-request-bytes", max, () -> {
            if (max == null || max.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxRequestBytes must be between 0 and " + Integer.MAX_VALUE
                        + " bytes: " + max);
            }
            b.maxRequestBytes((int) max.toBytes());
        });
        if (s.getStreamThreads() != null) {
            apply("herald.servlet.stream-threads", s.getStreamThreads(), () -> b.streamThreads(s.getStreamThreads()));
        }
        b.mountPath(mountPath);
        return b.build();
    }

    /**
     * {@code herald.path-prefix} as a servlet mount: "" for the root, else {@code /name} without a trailing slash.
     *
     * @throws InvalidHeraldPropertyException when it is not a plain path
     */
    String pathPrefix() {
        String prefix = p.getPathPrefix() == null ? "" : p.getPathPrefix().strip();
        if (prefix.equals("/")) {
            return "";
        }
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String checked = prefix;
        apply("herald.path-prefix", p.getPathPrefix(), () -> {
            if (!checked.isEmpty() && (!checked.startsWith("/") || !checked.matches("[A-Za-z0-9/._~!$&'()+,;=:@-]+")
                    || checked.contains("//"))) {
                throw new IllegalArgumentException("pathPrefix must be empty or a path like /sse (letters, digits,"
                        + " '-', '.', '_', '~', no '*', '?' or '#')");
            }
        });
        return checked;
    }

    private CorsOptions cors() {
        HeraldProperties.Cors c = p.getCors();
        if (c.getAllowedOrigins() == null || c.getAllowedOrigins().isEmpty()) {
            return null;
        }
        CorsOptions.Builder b = CorsOptions.builder();
        apply("herald.cors.allowed-origins", String.join(",", c.getAllowedOrigins()),
                () -> b.allowedOrigins(c.getAllowedOrigins().toArray(String[]::new)));
        b.allowCredentials(c.isAllowCredentials());
        if (c.getExposedHeaders() != null) {
            apply("herald.cors.exposed-headers", String.join(",", c.getExposedHeaders()),
                    () -> b.exposedHeaders(c.getExposedHeaders().toArray(String[]::new)));
        }
        apply("herald.cors.max-age", c.getMaxAge(), () -> b.maxAge(c.getMaxAge()));
        CorsOptions[] built = new CorsOptions[1];
        apply("herald.cors.allow-credentials", c.isAllowCredentials(), () -> built[0] = b.build());
        return built[0];
    }

    private ConnectTokens connectTokens() {
        String secret = p.getConnectToken().getSecret();
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        ConnectTokens[] tokens = new ConnectTokens[1];
        try {
            tokens[0] = ConnectTokens.hs256(secret);
        } catch (IllegalArgumentException e) {
            // never echo a secret, not even a bad one
            throw new InvalidHeraldPropertyException("herald.connect-token.secret", "(hidden)", e.getMessage(),
                    List.of(), e);
        }
        return tokens[0];
    }

    private long bytes(DataSize size) {
        return size == null ? -1 : size.toBytes();
    }

    /** Runs one setter, re-throwing a refusal as naming {@code property}. */
    private void apply(String property, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidHeraldPropertyException(property, shown(property, value), message(e), List.of(), e);
        }
    }

    /** A refusal from {@code build()}: the first setting its message names is the property at fault. */
    private InvalidHeraldPropertyException refusal(RuntimeException e) {
        String message = message(e);
        List<String> named = new ArrayList<>();
        Matcher m = WORD.matcher(message);
        while (m.find()) {
            String property = PROPERTY_OF.get(m.group());
            if (property != null && !named.contains(property)) {
                named.add(property);
            }
        }
        if (named.isEmpty()) {
            return new InvalidHeraldPropertyException("herald", "(the herald.* properties)", message, List.of(), e);
        }
        List<String> related = new ArrayList<>();
        for (String other : named.subList(1, named.size())) {
            related.add(other + "=" + shown(other, null));
        }
        return new InvalidHeraldPropertyException(named.get(0), shown(named.get(0), null), message, related, e);
    }

    /** The value as the user wrote it, else as bound (the default when it was not set). */
    private String shown(String property, Object bound) {
        String text = configured.apply(property);
        if (text != null) {
            return text;
        }
        Object value = bound != null ? bound : boundValue(property);
        return value == null ? "(unset)" : format(value) + " (default)";
    }

    /** A bound value as it would be written in a properties file ({@code 10s}, not {@code PT10S}). */
    private static String format(Object value) {
        if (value instanceof java.time.Duration d) {
            if (d.toNanosPart() % 1_000_000 == 0 && d.toMillisPart() != 0) {
                return d.toMillis() + "ms";
            }
            return d.toNanosPart() == 0 ? d.toSeconds() + "s" : d.toString();
        }
        return String.valueOf(value);
    }

    private Object boundValue(String property) {
        return switch (property) {
            case "herald.stream-path" -> p.getStreamPath();
            case "herald.heartbeat-path" -> p.getHeartbeatPath();
            case "herald.unregister-path" -> p.getUnregisterPath();
            case "herald.subscribers-path" -> p.getSubscribersPath();
            case "herald.metrics-path" -> p.getMetricsPath();
            case "herald.idle-timeout" -> p.getIdleTimeout();
            case "herald.heartbeat-interval" -> p.getHeartbeatInterval();
            case "herald.housekeeping-interval" -> p.getHousekeepingInterval();
            case "herald.max-queued-bytes" -> p.getMaxQueuedBytes();
            case "herald.max-queued-frames" -> p.getMaxQueuedFrames();
            case "herald.history.size" -> p.getHistory().getSize();
            case "herald.history.retention" -> p.getHistory().getRetention();
            case "herald.keepalive-interval" -> p.getKeepaliveInterval();
            case "herald.retry-interval" -> p.getRetryInterval();
            case "herald.liveness" -> p.getLiveness();
            case "herald.default-framing" -> p.getDefaultFraming();
            default -> null;
        };
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** An empty path property turns the endpoint off. */
    private static String orNull(String path) {
        return path == null || path.isBlank() ? null : path.strip();
    }
}
