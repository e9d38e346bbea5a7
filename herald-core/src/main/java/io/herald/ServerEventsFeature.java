package io.herald;

import io.herald.http.EventSink;
import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.http.HttpHandler;
import io.herald.http.HttpResponse;
import io.herald.internal.Ids;
import io.herald.internal.Json;
import io.herald.internal.PrometheusText;
import io.herald.internal.RequestParams;
import io.herald.memory.MemoryServerEvents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server Events endpoints, independent of any HTTP server: mount it on a transport (for example
 * {@code io.herald.netty.HeraldServer}) and it answers
 * <ul>
 *   <li>{@code GET /event-stream?channels=a,b} – opens a stream ({@code cmd.onConnect}, then joins);</li>
 *   <li>{@code GET|POST /event-heartbeat?id=} – keeps a subscription alive, answered with {@code cmd.onHeartbeat};</li>
 *   <li>{@code /event-unregister?id=} – ends a subscription, answers its public info;</li>
 *   <li>{@code /event-subscribers?channels=} – lists subscribers; {@code /event-subscribers/{id}} changes channels;</li>
 *   <li>the DTO routes ServiceStack's clients call: {@code /api/UpdateEventSubscriber},
 *       {@code /api/GetEventSubscribers}, {@code /api/UnRegisterEventSubscriber}, and the same under
 *       {@code /json/reply/}.</li>
 * </ul>
 * Paths, timings and hooks come from {@link ServerEventsOptions}; the back-end is
 * {@link MemoryServerEvents} unless another is given. Services push events through
 * {@link #serverEvents()}. Thread-safe; {@link #handle} may block and must not run on an I/O thread.
 */
public final class ServerEventsFeature implements HttpHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerEventsFeature.class);

    /** The avatar used when a session has none: a neutral silhouette as an inline SVG. */
    public static final String DEFAULT_PROFILE_URL = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'"
            + " viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='16' fill='%23cfd8dc'/%3E%3Ccircle cx='16' cy='12'"
            + " r='6' fill='%2390a4ae'/%3E%3Cpath d='M5 27c2-6 7-8 11-8s9 2 11 8' fill='%2390a4ae'/%3E%3C/svg%3E";

    private final ServerEventsOptions options;
    private final ServerEventsNode serverEvents;
    private final String updateBase;

    private ServerEventsFeature(ServerEventsOptions options, ServerEventsNode serverEvents) {
        this.options = options;
        this.serverEvents = serverEvents;
        this.updateBase = options.subscribersPath() + "/";
        serverEvents.start();
    }

    /** The endpoints on the in-memory back-end. */
    public static ServerEventsFeature create(ServerEventsOptions options) {
        return create(options, MemoryServerEvents::new);
    }

    /**
     * The endpoints on a back-end built from the same options, e.g.
     * {@code ServerEventsFeature.create(options, RedisServerEvents.factory("redis://localhost"))}.
     */
    public static ServerEventsFeature create(ServerEventsOptions options,
                                             Function<ServerEventsOptions, ? extends ServerEventsNode> backend) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(backend, "backend");
        return new ServerEventsFeature(options, Objects.requireNonNull(backend.apply(options), "backend returned null"));
    }

    /** The API services use to push events. */
    public ServerEvents serverEvents() {
        return serverEvents;
    }

    public ServerEventsOptions options() {
        return options;
    }

    /** Closes every stream and stops the back-end. */
    @Override
    public void close() {
        serverEvents.close();
    }

    /**
     * Heartbeats of streams this server holds are answered on the I/O thread (the pulse only touches
     * memory); anything else, or when an {@code onHeartbeatInit} hook is set (it may block), goes the
     * usual way.
     */
    @Override
    public boolean handleOnIoThread(HttpExchange ex) {
        String path = ex.path();
        if (options.heartbeatPath() == null || !path.endsWith(options.heartbeatPath())
                || !("POST".equals(ex.method()) || "GET".equals(ex.method())) || options.hooks().hasHeartbeatInit()) {
            return false;
        }
        String id = ex.queryParam("id");
        EventSubscription local = Ids.isWellFormed(id) ? serverEvents.getLocalSubscription(id) : null;
        if (local == null || options.validateUserAddress() && !Objects.equals(local.userAddress(), ex.remoteAddress())) {
            return false; // unknown here, or an error to answer: the worker path does it
        }
        if (!serverEvents.pulse(id)) {
            return false;
        }
        ex.respond(HttpResponse.ok());
        return true;
    }

    @Override
    public boolean handle(HttpExchange ex) {
        String path = ex.path();
        if (path.endsWith(options.streamPath())) {
            requireMethod(ex, "GET");
            openStream(ex);
            return true;
        }
        if (options.heartbeatPath() != null && path.endsWith(options.heartbeatPath())) {
            requireMethod(ex, "GET", "POST");
            heartbeat(ex);
            return true;
        }
        if (options.unRegisterPath() != null && path.equals(options.unRegisterPath())) {
            unregister(ex, RequestParams.of(ex).first("id"));
            return true;
        }
        if (options.metricsPath() != null && path.equals(options.metricsPath())) {
            requireMethod(ex, "GET");
            ex.respond(new HttpResponse(200, "OK", Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                    PrometheusText.of(serverEvents.statistics()).getBytes(StandardCharsets.UTF_8)));
            return true;
        }
        if (path.equals(options.subscribersPath())) {
            listSubscribers(ex, RequestParams.of(ex));
            return true;
        }
        if (path.startsWith(updateBase) && path.length() > updateBase.length()
                && path.indexOf('/', updateBase.length()) < 0) {
            updateSubscriber(ex, path.substring(updateBase.length()), RequestParams.of(ex));
            return true;
        }
        String dto = dtoName(path);
        if (dto != null) {
            switch (dto.toLowerCase(Locale.ROOT)) {
                case "updateeventsubscriber" -> {
                    RequestParams p = RequestParams.of(ex);
                    updateSubscriber(ex, p.first("id"), p);
                    return true;
                }
                case "geteventsubscribers" -> {
                    listSubscribers(ex, RequestParams.of(ex));
                    return true;
                }
                case "unregistereventsubscriber" -> {
                    unregister(ex, RequestParams.of(ex).first("id"));
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private static String dtoName(String path) {
        if (path.startsWith("/api/")) {
            return path.substring(5);
        }
        if (path.startsWith("/json/reply/")) {
            return path.substring(12);
        }
        return null;
    }

    private static void requireMethod(HttpExchange ex, String... allowed) {
        for (String m : allowed) {
            if (m.equals(ex.method())) {
                return;
            }
        }
        throw new HttpError(405, "MethodNotAllowed", "Method " + ex.method() + " not allowed on " + ex.path()
                + " (allowed: " + String.join(", ", allowed) + ")");
    }

    // ---- /event-stream -------------------------------------------------------------------------

    private void openStream(HttpExchange ex) {
        UserSession session = Objects.requireNonNull(options.sessionResolver().resolve(ex), "sessionResolver returned null");
        if (options.limitToAuthenticatedUsers() && !session.authenticated()) {
            throw new HttpError(401, "Unauthorized", "Not Authenticated: sign in to open an event stream")
                    .withHeader("WWW-Authenticate", "credentials realm=\"/auth/credentials\"");
        }
        List<String> channels = parseChannels(ex);
        Long lastEventId = lastEventId(ex);
        options.hooks().init(ex);

        long n = serverEvents.getNextSequence("anonUser");
        String userId = session.userAuthId() != null ? session.userAuthId() : "-" + n;
        String displayName = displayName(session, n);
        String profileUrl = session.profileUrl() != null ? session.profileUrl() : DEFAULT_PROFILE_URL;

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-cache");
        headers.put("X-Accel-Buffering", "no");
        EventSink sink = ex.openEventStream(headers);

        String id = Ids.newSubscriptionId();
        LiveSubscription sub = new LiveSubscription(id, channels, userId, session.userName(), displayName,
                session.sessionId(), ex.remoteAddress(), session.authenticated(), profileUrl,
                options.clock().millis(), sink);
        Map<String, String> connectArgs = sub.metaSnapshot();
        try {
            options.hooks().created(sub, ex);
        } catch (RuntimeException e) {
            log.info("onCreated refused subscription {}: {}", id, e.toString());
            sink.close();
            return;
        }
        String base = ex.baseUrl();
        String sessionParams = sessionParams(ex);
        connectArgs.put("id", id);
        if (options.unRegisterPath() != null) {
            connectArgs.put("unRegisterUrl", base + options.unRegisterPath() + "?id=" + id + sessionParams);
        }
        if (options.heartbeatPath() != null) {
            connectArgs.put("heartbeatUrl", base + options.heartbeatPath() + "?id=" + id + sessionParams);
        }
        connectArgs.put("updateSubscriberUrl", base + options.subscribersPath() + "/" + id);
        connectArgs.put("heartbeatIntervalMs", Long.toString(options.heartbeatInterval().toMillis()));
        connectArgs.put("idleTimeoutMs", Long.toString(options.idleTimeout().toMillis()));
        try {
            options.hooks().connect(sub, connectArgs);
            serverEvents.register(sub, connectArgs, lastEventId);
        } catch (RuntimeException e) {
            options.hooks().error(sub, e);
            log.error("Could not register subscription {}", id, e);
            serverEvents.unregister(id);
            sink.close();
        }
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
            String shown = Selectors.printable(value.length() > 40 ? value.substring(0, 40) + "..." : value);
            throw HttpError.badRequest("Invalid Last-Event-ID '" + shown + "': expected a non-negative integer");
        }
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
                checkChannel(ch);
                channels.add(ch);
            }
        }
        return channels.isEmpty() ? List.of("*") : channels;
    }

    private static void checkChannel(String channel) {
        String problem = Selectors.channelProblem(channel);
        if (problem != null) {
            throw HttpError.badRequest(problem);
        }
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

    // ---- /event-heartbeat ----------------------------------------------------------------------

    private void heartbeat(HttpExchange ex) {
        options.hooks().heartbeatInit(ex);
        String id = ex.queryParam("id");
        String address = addressOf(id);
        if (address == null) {
            throw new HttpError(404, "NotFound", "Subscription '" + shown(id) + "' does not exist", true);
        }
        if (options.validateUserAddress() && !address.equals(ex.remoteAddress())) {
            throw new HttpError(403, "Forbidden", "Invalid User Address", true);
        }
        if (!serverEvents.pulse(id)) {
            throw new HttpError(404, "NotFound", "Subscription '" + shown(id) + "' does not exist", true);
        }
        ex.respond(HttpResponse.ok());
    }

    private SubscriptionInfo lookUp(String id) {
        return Ids.isWellFormed(id) ? serverEvents.getSubscriptionInfo(id) : null;
    }

    /**
     * The address a subscription's stream was opened from ("" if unknown), or null if there is no such
     * subscription. Heartbeats come every few seconds from every client: a stream held here is checked
     * without copying its info or asking a distributed back-end.
     */
    private String addressOf(String id) {
        if (!Ids.isWellFormed(id)) {
            return null;
        }
        EventSubscription local = serverEvents.getLocalSubscription(id);
        if (local != null) {
            return local.userAddress() == null ? "" : local.userAddress();
        }
        SubscriptionInfo info = serverEvents.getSubscriptionInfo(id);
        return info == null ? null : info.userAddress() == null ? "" : info.userAddress();
    }

    /** An id as it may appear in a reason phrase: only well-formed ids are echoed. */
    private static String shown(String id) {
        if (id == null) {
            return "";
        }
        return Ids.isWellFormed(id) ? id : Selectors.printable(id.length() > 40 ? id.substring(0, 40) + "..." : id);
    }

    private SubscriptionInfo requireOwned(HttpExchange ex, String id) {
        SubscriptionInfo info = lookUp(id);
        if (info == null) {
            throw HttpError.notFound("Subscription '" + shown(id) + "' does not exist");
        }
        if (options.validateUserAddress() && !Objects.equals(info.userAddress(), ex.remoteAddress())) {
            throw HttpError.forbidden("Access to Subscription '" + id + "' is forbidden");
        }
        return info;
    }

    // ---- /event-unregister ---------------------------------------------------------------------

    private void unregister(HttpExchange ex, String id) {
        SubscriptionInfo info = requireOwned(ex, id);
        serverEvents.unregister(id);
        ex.respond(HttpResponse.json(Json.writeFlat(info.meta())));
    }

    // ---- /event-subscribers --------------------------------------------------------------------

    private void listSubscribers(HttpExchange ex, RequestParams params) {
        List<String> channels = new ArrayList<>(params.list("channel"));
        channels.addAll(params.list("channels"));
        channels.forEach(ServerEventsFeature::checkChannel);
        List<Map<String, String>> details = serverEvents.getSubscriptionsDetails(channels.toArray(String[]::new));
        StringBuilder sb = new StringBuilder(details.size() * 200 + 2).append('[');
        for (int i = 0; i < details.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Json.writeFlat(details.get(i)));
        }
        ex.respond(HttpResponse.json(sb.append(']').toString()));
    }

    private void updateSubscriber(HttpExchange ex, String id, RequestParams params) {
        requireOwned(ex, id);
        List<String> unsubscribe = params.list("unsubscribeChannels");
        List<String> subscribe = params.list("subscribeChannels");
        unsubscribe.forEach(ServerEventsFeature::checkChannel);
        subscribe.forEach(ServerEventsFeature::checkChannel);
        if (!unsubscribe.isEmpty()) {
            serverEvents.unsubscribeFromChannels(id, unsubscribe.toArray(String[]::new));
        }
        if (!subscribe.isEmpty()) {
            serverEvents.subscribeToChannels(id, subscribe.toArray(String[]::new));
        }
        ex.respond(HttpResponse.json("{}"));
    }
}
