package io.herald;

import io.herald.http.EventSink;
import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.internal.Ids;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /event-stream}: everything that can refuse a stream happens before its head is written (session,
 * connect token, channels, {@code onInit}, the channel authorizer, {@code onCreated}, the registry), so a refusal
 * is a real status line with its reason, never a 200 with an empty stream. Then the head goes out and the node
 * starts the stream.
 */
final class StreamOpener {

    private static final Logger log = LoggerFactory.getLogger(StreamOpener.class);

    /** The serverArgs key holding the channels a connect token allows (comma-separated), checked on later joins. */
    static final String TOKEN_CHANNELS = "herald.tokenChannels";

    private final ServerEventsOptions options;
    private final ServerEventsNode node;
    private final ServerEventsHooks hooks;

    StreamOpener(ServerEventsOptions options, ServerEventsNode node) {
        this.options = options;
        this.node = node;
        this.hooks = options.hooks();
    }

    void open(FeatureExchange ex) {
        UserSession session = Objects.requireNonNull(options.sessionResolver().resolve(ex), "sessionResolver returned null");
        ConnectTokens.Claims claims = null;
        if (options.connectTokens() != null) {
            claims = verifyToken(ex);
            session = new UserSession(claims.subject(), claims.name(), claims.name(), session.profileUrl(),
                    session.sessionId(), true);
        }
        if (options.limitToAuthenticatedUsers() && !session.authenticated()) {
            throw new HttpError(401, "Unauthorized", "Not Authenticated: sign in to open an event stream")
                    .withHeader("WWW-Authenticate", "credentials realm=\"/auth/credentials\"");
        }
        List<String> channels = parseChannels(ex);
        Long lastEventId = lastEventId(ex);
        Framing framing = framing(ex);
        if (claims != null) {
            for (String ch : channels) {
                if (claims.excludes(ch)) {
                    throw HttpError.forbidden("The connect token does not allow channel '" + ch + "'");
                }
            }
        }
        hook("onInit", null, () -> hooks.init(ex));
        String refusal = options.channelAuthorizer().deny(session, channels, ex);
        if (refusal != null) {
            throw HttpError.forbidden(refusal);
        }

        long n = node.getNextSequence("anonUser");
        String userId = session.userAuthId() != null ? session.userAuthId() : "-" + n;
        String profileUrl = session.profileUrl() != null ? session.profileUrl() : ServerEventsFeature.DEFAULT_PROFILE_URL;
        String id = Ids.newSubscriptionId();
        LiveSubscription sub = new LiveSubscription(id, channels, userId, session.userName(), displayName(session, n),
                session.sessionId(), ex.remoteAddress(), session.authenticated(), profileUrl, options.clock().millis(),
                framing, options.liveness() == Liveness.HEARTBEATS);
        if (claims != null && claims.channels() != null) {
            sub.serverArgs().put(TOKEN_CHANNELS, String.join(",", claims.channels()));
        }
        Map<String, String> connectArgs = sub.metaSnapshot();
        hook("onCreated", sub, () -> hooks.created(sub, ex));
        connectArgs.put("id", id);
        String base = ex.baseUrl();
        String sessionParams = sessionParams(ex);
        if (options.unRegisterPath() != null) {
            connectArgs.put("unRegisterUrl", base + options.unRegisterPath() + "?id=" + id + sessionParams);
        }
        if (options.heartbeatPath() != null) {
            connectArgs.put("heartbeatUrl", base + options.heartbeatPath() + "?id=" + id + sessionParams);
        }
        connectArgs.put("updateSubscriberUrl", base + options.subscribersPath() + "/" + id);
        connectArgs.put("heartbeatIntervalMs", Long.toString(options.heartbeatInterval().toMillis()));
        connectArgs.put("idleTimeoutMs", Long.toString(options.idleTimeout().toMillis()));
        hook("onConnect", sub, () -> hooks.connect(sub, connectArgs));
        node.admit(sub); // a registry that cannot take it answers 503 here, before the head

        Map<String, String> head = new LinkedHashMap<>();
        head.put("Content-Type", "text/event-stream; charset=utf-8");
        head.put("Cache-Control", "no-cache");
        head.put("X-Accel-Buffering", "no");
        EventSink sink;
        try {
            sink = ex.openEventStream(head);
        } catch (RuntimeException e) {
            node.withdraw(sub);
            throw e;
        }
        sub.attach(sink);
        try {
            node.open(sub, connectArgs, lastEventId);
        } catch (RuntimeException e) {
            hooks.error(sub, e);
            log.error("Could not start subscription {}", id, e);
            node.unregister(id);
            sink.executor().execute(sink::close);
        }
    }

    /**
     * Runs a hook that may refuse the stream: an {@link HttpError} answers with its status; anything else is
     * reported to {@code onError} and answered 500 (the transport logs its stack trace).
     */
    private void hook(String name, EventSubscription sub, Runnable hook) {
        try {
            hook.run();
        } catch (HttpError e) {
            log.debug("{} refused a stream: {} {}", name, e.status(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            hooks.error(sub, e);
            throw e;
        }
    }

    private ConnectTokens.Claims verifyToken(HttpExchange ex) {
        String token = ex.queryParam("token");
        String auth = ex.header("Authorization");
        if ((token == null || token.isEmpty()) && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).trim();
        }
        try {
            return options.connectTokens().verify(token);
        } catch (IllegalArgumentException e) {
            throw new HttpError(401, "Unauthorized", e.getMessage())
                    .withHeader("WWW-Authenticate", "Bearer realm=\"event-stream\"");
        }
    }

    /** The framing the stream asks for ({@code ?framing=}), or the default. */
    private Framing framing(HttpExchange ex) {
        String value = ex.queryParam("framing");
        if (value == null || value.isEmpty()) {
            return options.defaultFraming();
        }
        Framing f = Framing.parse(value);
        if (f == null) {
            throw HttpError.badRequest("Invalid framing '" + shown(value) + "': expected "
                    + Framing.SERVICESTACK.name().toLowerCase(Locale.ROOT) + " or "
                    + Framing.STANDARD.name().toLowerCase(Locale.ROOT));
        }
        return f;
    }

    /**
     * The resume position: the {@code Last-Event-ID} header browsers send when they reconnect on their
     * own, else the {@code lastEventId} query parameter (for clients that cannot set headers).
     */
    private static Long lastEventId(HttpExchange ex) {
        String header = ex.header("Last-Event-ID");
        String value = header != null && !header.isBlank() ? header.trim() : ex.queryParam("lastEventId");
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long id = Long.parseLong(value);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Invalid Last-Event-ID '" + shown(value) + "': expected a non-negative integer");
        }
    }

    private static String shown(String value) {
        return Selectors.printable(value.length() > 40 ? value.substring(0, 40) + "..." : value);
    }

    /** {@code channel} then {@code channels}, comma-split; none at all means the channel {@code *}. */
    private static List<String> parseChannels(HttpExchange ex) {
        List<String> raw = new ArrayList<>(ex.queryParams("channel"));
        raw.addAll(ex.queryParams("channels"));
        List<String> channels = new ArrayList<>();
        for (String value : raw) {
            if (value.isEmpty()) {
                continue;
            }
            for (String ch : value.split(",", -1)) {
                ServerEventsFeature.checkChannel(ch);
                channels.add(ch);
            }
        }
        return channels.isEmpty() ? List.of("*") : channels;
    }

    /** ServiceStack's rule: the user name if usable, else the display name made safe, else {@code user<n>}. */
    private static String displayName(UserSession session, long n) {
        String userName = session.userName();
        if (userName != null && !userName.isEmpty() && userName.indexOf('@') < 0 && !isNumber(userName)) {
            return userName;
        }
        if (session.displayName() != null && !session.displayName().isBlank()) {
            return safeName(session.displayName());
        }
        return "user" + n;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String safeName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return sb.toString();
    }

    /** {@code &ss-id=..&ss-pid=..&ss-opt=..} when the stream was opened with them on the query string. */
    private static String sessionParams(HttpExchange ex) {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"ss-id", "ss-pid", "ss-opt"}) {
            String v = ex.queryParam(name);
            if (v != null) {
                sb.append('&').append(name).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }
}
