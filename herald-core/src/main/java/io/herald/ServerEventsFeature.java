package io.herald;

import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.http.HttpHandler;
import io.herald.http.HttpResponse;
import io.herald.internal.Ids;
import io.herald.internal.Json;
import io.herald.internal.PrometheusText;
import io.herald.internal.RequestParams;
import io.herald.memory.MemoryServerEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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
 *   <li>{@code OPTIONS} on any of them – {@code 204}, with CORS preflight headers when {@link CorsOptions} allow the
 *       origin.</li>
 * </ul>
 * A stream is refused (401, 403, 503, ...) before its head is written: session, connect token, channels,
 * {@code onInit}, the {@link ChannelAuthorizer}, {@code onCreated} and the registry all get their say first.
 * Paths, timings and hooks come from {@link ServerEventsOptions}; the back-end is
 * {@link MemoryServerEvents} unless another is given. Services push events through
 * {@link #serverEvents()}. Thread-safe; {@link #handle} may block and must not run on an I/O thread.
 */
public final class ServerEventsFeature implements HttpHandler, AutoCloseable {

    /** The avatar used when a session has none: a neutral silhouette as an inline SVG. */
    public static final String DEFAULT_PROFILE_URL = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'"
            + " viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='16' fill='%23cfd8dc'/%3E%3Ccircle cx='16' cy='12'"
            + " r='6' fill='%2390a4ae'/%3E%3Cpath d='M5 27c2-6 7-8 11-8s9 2 11 8' fill='%2390a4ae'/%3E%3C/svg%3E";

    private final ServerEventsOptions options;
    private final ServerEventsNode serverEvents;
    private final StreamOpener streams;
    private final Cors cors;
    private final String updateBase;

    private ServerEventsFeature(ServerEventsOptions options, ServerEventsNode serverEvents) {
        this.options = options;
        this.serverEvents = serverEvents;
        this.streams = new StreamOpener(options, serverEvents);
        this.cors = new Cors(options.cors());
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
                || !("POST".equals(ex.method()) || "GET".equals(ex.method())) || options.hooks().hasHeartbeatInit()
                || cors.enabled() && ex.header("Origin") != null) {
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

    /**
     * Answers a request to one of Herald's paths and returns true; returns false for any other path. An error
     * is thrown to the transport as an {@link HttpError} (see {@link HttpError#of}) carrying the CORS headers, so
     * a page on another origin can read it.
     */
    @Override
    public boolean handle(HttpExchange request) {
        Route route = routeOf(request.path());
        if (route == null) {
            return false;
        }
        FeatureExchange ex = new FeatureExchange(request);
        cors.decorate(ex);
        if ("OPTIONS".equals(ex.method())) {
            cors.preflight(ex);
            return true;
        }
        try {
            answer(route, ex);
        } catch (RuntimeException e) {
            HttpError known = HttpError.of(e);
            if (known == null) {
                throw e;
            }
            throw ex.decorate(known);
        }
        return true;
    }

    /** Herald's endpoints. */
    private enum Route { STREAM, HEARTBEAT, UNREGISTER, METRICS, SUBSCRIBERS, UPDATE, UPDATE_DTO, SUBSCRIBERS_DTO,
        UNREGISTER_DTO }

    private Route routeOf(String path) {
        if (path.endsWith(options.streamPath())) {
            return Route.STREAM;
        }
        if (options.heartbeatPath() != null && path.endsWith(options.heartbeatPath())) {
            return Route.HEARTBEAT;
        }
        if (options.unRegisterPath() != null && path.equals(options.unRegisterPath())) {
            return Route.UNREGISTER;
        }
        if (options.metricsPath() != null && path.equals(options.metricsPath())) {
            return Route.METRICS;
        }
        if (path.equals(options.subscribersPath())) {
            return Route.SUBSCRIBERS;
        }
        if (path.startsWith(updateBase) && path.length() > updateBase.length()
                && path.indexOf('/', updateBase.length()) < 0) {
            return Route.UPDATE;
        }
        String dto = dtoName(path);
        if (dto == null) {
            return null;
        }
        return switch (dto.toLowerCase(Locale.ROOT)) {
            case "updateeventsubscriber" -> Route.UPDATE_DTO;
            case "geteventsubscribers" -> Route.SUBSCRIBERS_DTO;
            case "unregistereventsubscriber" -> Route.UNREGISTER_DTO;
            default -> null;
        };
    }

    private void answer(Route route, FeatureExchange ex) {
        switch (route) {
            case STREAM -> {
                requireMethod(ex, "GET");
                cors.refuseForeignStream(ex);
                streams.open(ex);
            }
            case HEARTBEAT -> {
                requireMethod(ex, "GET", "POST");
                heartbeat(ex);
            }
            case UNREGISTER, UNREGISTER_DTO -> unregister(ex, RequestParams.of(ex).first("id"));
            case METRICS -> {
                requireMethod(ex, "GET");
                ex.respond(new HttpResponse(200, "OK", Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                        PrometheusText.of(serverEvents.statistics()).getBytes(StandardCharsets.UTF_8)));
            }
            case SUBSCRIBERS, SUBSCRIBERS_DTO -> listSubscribers(ex, RequestParams.of(ex));
            case UPDATE -> updateSubscriber(ex, ex.path().substring(updateBase.length()), RequestParams.of(ex));
            case UPDATE_DTO -> {
                RequestParams p = RequestParams.of(ex);
                updateSubscriber(ex, p.first("id"), p);
            }
        }
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
        throw new HttpError(405, "MethodNotAllowed", "Method " + Selectors.printable(ex.method()) + " not allowed on "
                + Selectors.printable(ex.path()) + " (allowed: " + String.join(", ", allowed) + ")")
                .withHeader("Allow", String.join(", ", allowed) + ", OPTIONS");
    }

    /** Refuses an invalid channel name with 400 naming it. */
    static void checkChannel(String channel) {
        String problem = Selectors.channelProblem(channel);
        if (problem != null) {
            throw HttpError.badRequest(problem);
        }
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

    /**
     * Refuses, with 403 and before anything changes, channels a subscription may not join: those its connect
     * token does not list, and those the channel authorizer denies.
     */
    private void authorizeJoin(HttpExchange ex, SubscriptionInfo info, List<String> subscribe) {
        List<String> added = new ArrayList<>();
        for (String ch : subscribe) {
            if (!info.channels().contains(ch) && !added.contains(ch)) {
                added.add(ch);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        String allowed = info.serverArgs().get(StreamOpener.TOKEN_CHANNELS);
        if (allowed != null) {
            List<String> list = List.of(allowed.split(",", -1));
            for (String ch : added) {
                if (!list.contains(ch)) {
                    throw HttpError.forbidden("The connect token does not allow channel '" + ch + "'");
                }
            }
        }
        String refusal = options.channelAuthorizer().deny(UserSession.of(info), added, ex);
        if (refusal != null) {
            throw HttpError.forbidden(refusal);
        }
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
        SubscriptionInfo info = requireOwned(ex, id);
        List<String> unsubscribe = params.list("unsubscribeChannels");
        List<String> subscribe = params.list("subscribeChannels");
        unsubscribe.forEach(ServerEventsFeature::checkChannel);
        subscribe.forEach(ServerEventsFeature::checkChannel);
        authorizeJoin(ex, info, subscribe);
        if (!unsubscribe.isEmpty()) {
            serverEvents.unsubscribeFromChannels(id, unsubscribe.toArray(String[]::new));
        }
        if (!subscribe.isEmpty()) {
            serverEvents.subscribeToChannels(id, subscribe.toArray(String[]::new));
        }
        ex.respond(HttpResponse.json("{}"));
    }
}
