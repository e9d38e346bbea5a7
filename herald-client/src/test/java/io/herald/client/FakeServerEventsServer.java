package io.herald.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small ServiceStack-compatible Server Events server for client tests, on the JDK's HttpServer at
 * 127.0.0.1 on an ephemeral port. It speaks the wire format of the protocol spec, section 1: an
 * {@code id: 1} onConnect frame with flat string values and absolute URLs, one onJoin per channel,
 * {@code id: N\ndata: [ch@]selector body\n\n} frames, a heartbeat endpoint answering 200 and pushing
 * {@code cmd.onHeartbeat} (404 for unknown ids), unregister (with onLeave), the {@code /api} update
 * and subscribers routes, and {@code POST /auth} setting a session cookie. Tests drive it directly
 * (notify, reset, close streams, write raw bytes) and read what it recorded.
 */
final class FakeServerEventsServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** One open stream. */
    final class Sub {
        final String id;
        final int anonNumber;
        volatile List<String> channels;
        final OutputStream out;
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicInteger nextEventId;

        Sub(String id, int anonNumber, List<String> channels, OutputStream out, int firstEventId) {
            this.nextEventId = new AtomicInteger(firstEventId);
            this.id = id;
            this.anonNumber = anonNumber;
            this.channels = channels;
            this.out = out;
        }

        Map<String, String> meta() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("userId", "-" + anonNumber);
            m.put("isAuthenticated", "false");
            m.put("displayName", "user" + anonNumber);
            m.put("channels", String.join(",", channels));
            m.put("createdAt", "1718000000000");
            m.put("profileUrl", "data:image/svg+xml,avatar");
            return m;
        }

        /** Writes one frame {@code id: N / data: line}; a failed write ends the stream. */
        void send(String dataLine) {
            synchronized (this) { // id order must match write order
                write(("id: " + nextEventId.getAndIncrement() + "\ndata: " + dataLine + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        void write(byte[] bytes) {
            synchronized (this) {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    end();
                }
            }
        }

        void end() {
            ended.countDown();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-sse-server");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger anonSequence = new AtomicInteger();
    private final Map<String, Sub> subs = new ConcurrentHashMap<>();

    volatile String heartbeatIntervalMs = "10000";
    volatile String idleTimeoutMs = "30000";
    /** When set, sent as a {@code retry:} line right after the onConnect frame. */
    volatile Long retryMs;
    /** When false the heartbeat endpoint answers 200 but pushes no onHeartbeat (to provoke idle detection). */
    volatile boolean pushHeartbeats = true;
    /** When true every stream ends right after its onConnect and onJoin frames (a flapping server). */
    volatile boolean endStreamsAfterConnect;
    /** System.nanoTime() of each stream request. */
    final List<Long> streamRequestNanos = new CopyOnWriteArrayList<>();
    /** When set, stream requests wait for this latch before answering (keeps clients in STARTING). */
    volatile CountDownLatch holdStreams;
    /** When true the stream answers 401 unless the request carries the session cookie from POST /auth. */
    volatile boolean requireAuth;
    /**
     * How the next streams go, one script per stream in order; streams without one use the defaults:
     * onConnect gets id {@code firstEventId} (later frames count up from it), {@code afterConnect} is
     * written as it is right after it (e.g. a replay), and with {@code end} the stream ends there,
     * unregistered and without joins.
     */
    record Script(int firstEventId, String afterConnect, boolean end) {
    }

    final java.util.Queue<Script> scripts = new java.util.concurrent.ConcurrentLinkedQueue<>();

    final List<String> streamQueries = new CopyOnWriteArrayList<>();
    final List<String> lastEventIdHeaders = new CopyOnWriteArrayList<>();
    final List<String> streamCookies = new CopyOnWriteArrayList<>();
    final List<String> heartbeatCookies = new CopyOnWriteArrayList<>();
    final List<String> heartbeatMethods = new CopyOnWriteArrayList<>();
    final List<String> unregistered = new CopyOnWriteArrayList<>();
    final List<JsonNode> updateRequests = new CopyOnWriteArrayList<>();
    final List<String> subscriberQueries = new CopyOnWriteArrayList<>();
    final AtomicInteger streamRequests = new AtomicInteger();
    final AtomicInteger heartbeats = new AtomicInteger();

    FakeServerEventsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/event-stream", this::stream);
        server.createContext("/event-heartbeat", this::heartbeat);
        server.createContext("/event-unregister", this::unregister);
        server.createContext("/api/UpdateEventSubscriber", this::update);
        server.createContext("/api/GetEventSubscribers", this::subscribers);
        server.createContext("/auth", this::auth);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---------------------------------------------------------------- test controls

    /** {@code data: ch@selector body} to every subscriber of {@code channel}. */
    void notifyChannel(String channel, String selector, String body) {
        for (Sub s : subs.values()) {
            if (s.channels.contains(channel)) {
                s.send(channel + "@" + selector + " " + body);
            }
        }
    }

    /** {@code data: selector body} (no prefix) to every subscriber. */
    void notifyAll(String selector, String body) {
        subs.values().forEach(s -> s.send(selector + " " + body));
    }

    /** Raw bytes to every open stream, e.g. garbage. */
    void writeRawToAll(byte[] bytes) {
        subs.values().forEach(s -> s.write(bytes));
    }

    /** Forgets every subscription without closing the streams (ServiceStack's memory Reset()). */
    void reset() {
        subs.clear();
    }

    /** Closes every open stream from the server side and forgets the subscriptions. */
    void closeAllStreams() {
        List<Sub> all = new ArrayList<>(subs.values());
        subs.clear();
        all.forEach(Sub::end);
    }

    int subscriptionCount() {
        return subs.size();
    }

    List<Sub> subscriptions() {
        return new ArrayList<>(subs.values());
    }

    @Override
    public void close() {
        closeAllStreams();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- endpoints

    private void stream(HttpExchange ex) throws IOException {
        streamRequests.incrementAndGet();
        streamRequestNanos.add(System.nanoTime());
        String query = ex.getRequestURI().getRawQuery();
        streamQueries.add(query == null ? "" : query);
        String lastEventId = ex.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIdHeaders.add(lastEventId == null ? "" : lastEventId);
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        streamCookies.add(cookie == null ? "" : cookie);
        if (requireAuth && (cookie == null || !cookie.contains("ss-id=authenticated"))) {
            byte[] body = "{\"responseStatus\":{\"errorCode\":\"Unauthorized\"}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        CountDownLatch hold = holdStreams;
        if (hold != null) {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String channelsParam = queryParam(ex.getRequestURI(), "channels");
        List<String> channels = channelsParam == null || channelsParam.isEmpty()
                ? List.of("*") : Arrays.asList(channelsParam.split(","));
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        String id = newId();
        Script script = scripts.poll();
        Sub sub = new Sub(id, anonSequence.incrementAndGet(), List.copyOf(channels), ex.getResponseBody(),
                script == null ? 1 : script.firstEventId());
        Map<String, String> connect = sub.meta();
        connect.put("id", id);
        connect.put("unRegisterUrl", baseUrl() + "/event-unregister?id=" + id);
        connect.put("heartbeatUrl", baseUrl() + "/event-heartbeat?id=" + id);
        connect.put("updateSubscriberUrl", baseUrl() + "/event-subscribers/" + id);
        connect.put("heartbeatIntervalMs", heartbeatIntervalMs);
        connect.put("idleTimeoutMs", idleTimeoutMs);
        sub.send("cmd.onConnect " + json(connect));
        if (script != null) {
            sub.write(script.afterConnect().getBytes(StandardCharsets.UTF_8));
            if (script.end()) {
                ex.close(); // never registered: no joins
                return;
            }
        }
        Long retry = retryMs;
        if (retry != null) {
            sub.write(("retry: " + retry + "\n").getBytes(StandardCharsets.UTF_8));
        }
        subs.put(id, sub);
        for (String channel : sub.channels) {
            String join = channel + "@cmd.onJoin " + json(sub.meta());
            for (Sub member : subs.values()) {
                if (member.channels.contains(channel)) {
                    member.send(join);
                }
            }
        }
        if (endStreamsAfterConnect) {
            sub.end();
        }
        try {
            sub.ended.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subs.remove(id, sub);
            ex.close();
        }
    }

    private void heartbeat(HttpExchange ex) throws IOException {
        heartbeatMethods.add(ex.getRequestMethod());
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        heartbeatCookies.add(cookie == null ? "" : cookie);
        drain(ex);
        Sub sub = subs.get(String.valueOf(queryParam(ex.getRequestURI(), "id")));
        if (sub == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        heartbeats.incrementAndGet();
        if (pushHeartbeats) {
            sub.send("cmd.onHeartbeat " + json(sub.meta()));
        }
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    private void unregister(HttpExchange ex) throws IOException {
        drain(ex);
        String id = String.valueOf(queryParam(ex.getRequestURI(), "id"));
        Sub sub = subs.remove(id);
        if (sub == null) {
            reply(ex, 404, "{\"responseStatus\":{\"errorCode\":\"NotFound\"}}");
            return;
        }
        unregistered.add(id);
        for (String channel : sub.channels) {
            String leave = channel + "@cmd.onLeave " + json(sub.meta());
            for (Sub member : subs.values()) {
                if (member.channels.contains(channel)) {
                    member.send(leave);
                }
            }
        }
        sub.end();
        reply(ex, 200, json(sub.meta()));
    }

    private void update(HttpExchange ex) throws IOException {
        JsonNode request = MAPPER.readTree(ex.getRequestBody().readAllBytes());
        updateRequests.add(request);
        Sub sub = subs.get(request.path("id").asText());
        if (sub == null) {
            reply(ex, 404, "{\"responseStatus\":{\"errorCode\":\"NotFound\"}}");
            return;
        }
        List<String> channels = new ArrayList<>(sub.channels);
        request.path("unsubscribeChannels").forEach(c -> channels.remove(c.asText()));
        request.path("subscribeChannels").forEach(c -> {
            if (!channels.contains(c.asText())) {
                channels.add(c.asText());
            }
        });
        sub.channels = List.copyOf(channels);
        reply(ex, 200, "{}");
    }

    private void subscribers(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        subscriberQueries.add(query == null ? "" : query);
        String channelsParam = queryParam(ex.getRequestURI(), "channels");
        List<String> wanted = channelsParam == null ? List.of() : Arrays.asList(channelsParam.split(","));
        List<Map<String, String>> result = new ArrayList<>();
        for (Sub s : subs.values()) {
            if (wanted.isEmpty() || s.channels.stream().anyMatch(wanted::contains)) {
                Map<String, String> meta = s.meta();
                meta.put("custom", "x" + s.anonNumber);
                result.add(meta);
            }
        }
        reply(ex, 200, json(result));
    }

    private void auth(HttpExchange ex) throws IOException {
        JsonNode request = MAPPER.readTree(ex.getRequestBody().readAllBytes());
        if (!"user".equals(request.path("userName").asText()) || !"pass".equals(request.path("password").asText())) {
            reply(ex, 401, "{\"responseStatus\":{\"errorCode\":\"Unauthorized\"}}");
            return;
        }
        ex.getResponseHeaders().add("Set-Cookie", "ss-id=authenticated; Path=/; HttpOnly");
        reply(ex, 200, "{\"userName\":\"user\",\"sessionId\":\"authenticated\"}");
    }

    // ---------------------------------------------------------------- helpers

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String queryParam(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private String newId() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}
