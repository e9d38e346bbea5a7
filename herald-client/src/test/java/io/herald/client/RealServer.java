package io.herald.client;

import io.herald.EventSubscription;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.SubscriptionInfo;
import io.herald.http.EventSink;
import io.herald.http.HttpError;
import io.herald.netty.HeraldServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real Herald server (memory back-end on Netty, 127.0.0.1, ephemeral port) with the services of
 * ServiceStack's Server Events test app host: chat, raw and object posts to a channel, and a reset.
 * Heartbeats every 200 ms, as in the upstream fixture. Two test-only controls: {@link #closeStream}
 * cuts one client's stream from the server side, and {@link #refuseStreams} answers new stream
 * requests with 503.
 */
final class RealServer implements AutoCloseable {

    /** {@code POST /channels/{channel}/chat}: a chat from an existing subscription {@code from}. */
    record PostChatToChannel(String from, String channel, String message, String selector) {
    }

    /** What a chat post sends and returns. */
    record ChatMessage(long id, String channel, String fromUserId, String fromName, String message,
            String selector) {
    }

    /** {@code POST /channels/{channel}/raw}: sends {@code message} (a JSON string, or an empty body) with {@code selector}. */
    record PostRawToChannel(String from, String channel, String message, String selector) {
    }

    /** {@code POST /channels/{channel}/object}: sends one of the objects, with the default selector unless one is given. */
    record PostObjectToChannel(String channel, String selector, CustomType customType, SetterType setterType) {
    }

    record CustomType(int id, String name) {
    }

    record SetterType(int id, String name) {
    }

    private final ServerEventsFeature feature;
    private final HeraldServer http;
    private final AtomicBoolean refuseStreams = new AtomicBoolean();

    RealServer() {
        this(0);
    }

    /** On a given port, e.g. the port of a server just stopped, to play a server restart. */
    RealServer(int port) {
        this(ServerEventsOptions.builder().heartbeatInterval(Duration.ofMillis(200)).historySize(1000).build(), port);
    }

    RealServer(ServerEventsOptions options, int port) {
        feature = ServerEventsFeature.create(options);
        ServerEvents events = feature.serverEvents();
        http = HeraldServer.builder().host("127.0.0.1").port(port).shutdownTimeout(Duration.ofSeconds(1))
                .handler(ex -> {
                    if (refuseStreams.get() && ex.path().endsWith(options.streamPath())) {
                        throw new HttpError(503, "ServiceUnavailable", "streams refused by the test");
                    }
                    return false;
                })
                .handler(feature)
                .route("POST", "/channels/{channel}/chat", PostChatToChannel.class, (ctx, req) -> chat(events, req))
                .dto("PostChatToChannel", PostChatToChannel.class, (ctx, req) -> chat(events, req))
                .route("POST", "/channels/{channel}/raw", PostRawToChannel.class, (ctx, req) -> {
                    events.notifyChannel(channelOf(req.channel()), req.selector(), req.message());
                    return null;
                })
                .route("POST", "/channels/{channel}/object", PostObjectToChannel.class, (ctx, req) -> {
                    Object body = req.customType() != null ? req.customType() : req.setterType();
                    if (body == null) {
                        throw new IllegalArgumentException("customType or setterType is required");
                    }
                    if (req.selector() != null) {
                        events.notifyChannel(channelOf(req.channel()), req.selector(), body);
                    } else {
                        events.notifyChannel(channelOf(req.channel()), body);
                    }
                    return null;
                })
                .route("POST", "/reset-serverevents", Void.class, (ctx, req) -> {
                    events.reset();
                    return null;
                })
                .dto("ResetServerEvents", Void.class, (ctx, req) -> {
                    events.reset();
                    return null;
                })
                .build();
        http.start();
    }

    private static String channelOf(String channel) {
        return channel == null || channel.isEmpty() ? "*" : channel;
    }

    private static ChatMessage chat(ServerEvents events, PostChatToChannel req) {
        SubscriptionInfo from = events.getSubscriptionInfo(req.from());
        if (from == null) {
            throw HttpError.notFound("Subscription '" + req.from() + "' does not exist");
        }
        String channel = channelOf(req.channel());
        String selector = req.selector() != null ? req.selector() : "cmd.chat";
        ChatMessage msg = new ChatMessage(events.getNextSequence("chatMsg"), channel, from.userId(),
                from.displayName(), req.message(), selector);
        events.notifyChannel(channel, selector, msg);
        return msg;
    }

    String baseUrl() {
        return http.baseUrl();
    }

    ServerEvents events() {
        return feature.serverEvents();
    }

    /** While true, {@code GET /event-stream} answers 503 (the client's connection attempts fail). */
    void refuseStreams(boolean refuse) {
        refuseStreams.set(refuse);
    }

    /**
     * Closes one subscription's stream from the server side, as a dropped TCP connection would; the
     * server then forgets the subscription.
     *
     * @throws IllegalStateException if no such subscription is registered
     */
    void closeStream(String subscriptionId) {
        if (!feature.serverEvents().disconnect(subscriptionId)) {
            throw new IllegalStateException("no subscription " + subscriptionId);
        }
    }

    @Override
    public void close() {
        http.stop();
        feature.close();
    }
}
