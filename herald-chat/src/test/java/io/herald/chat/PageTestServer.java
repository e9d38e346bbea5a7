package io.herald.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.ServerEvents;
import io.herald.SubscriptionInfo;
import io.herald.http.HttpError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in chat server for the page's browser tests while the real Netty server is being written: the
 * JDK's HttpServer serves the page from the class path and a minimal Server Events stream, and the chat
 * routes go through the real {@link ChatServices} and {@link MemoryChatHistory}. Only the transport and
 * the subscription registry are simplified (one thread per stream, no expiry). Swap it for the real
 * server by giving the tests another base URL.
 */
final class PageTestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    private static final Pattern CHANNEL_ROUTE = Pattern.compile("^/channels/([^/]+)/(chat|raw)$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "page-test-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Sub> subs = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong anon = new AtomicLong();
    private final AtomicLong chatSeq = new AtomicLong();
    private final ChatServices services;
    private final String background;

    private record Session(String userId, String displayName, boolean authenticated) {
    }

    private static final class Sub {
        final String id;
        final String userId;
        final String displayName;
        final boolean authenticated;
        final List<String> channels;
        final long createdAt = System.currentTimeMillis();
        final OutputStream out;
        final HttpExchange exchange;
        long eventId;
        volatile boolean closed;

        Sub(String id, String userId, String displayName, boolean authenticated, List<String> channels, HttpExchange exchange) {
            this.id = id;
            this.userId = userId;
            this.displayName = displayName;
            this.authenticated = authenticated;
            this.channels = new CopyOnWriteArrayList<>(channels);
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
        }

        Map<String, String> meta() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("userId", userId);
            m.put("isAuthenticated", Boolean.toString(authenticated));
            m.put("displayName", displayName);
            m.put("channels", String.join(",", channels));
            m.put("createdAt", Long.toString(createdAt));
            return m;
        }

        SubscriptionInfo info() {
            return new SubscriptionInfo(id, channels, userId, displayName, displayName, null, "127.0.0.1",
                    authenticated, createdAt, createdAt, meta(), Map.of(), Map.of());
        }

        synchronized void write(String selector, Object body) {
            if (closed) {
                return;
            }
            try {
                String json = body == null ? "" : JSON.writeValueAsString(body);
                out.write(("id: " + (++eventId) + "\ndata: " + selector + " " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                closed = true;
            }
        }

        synchronized void close() {
            closed = true;
            exchange.close();
        }
    }

    PageTestServer(boolean limitRemoteControl, String background) throws IOException {
        this.background = background;
        this.services = new ChatServices(serverEventsView(), new MemoryChatHistory(), limitRemoteControl);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Like {@code /reset-serverevents} plus dropped connections: every stream ends, ids are forgotten. */
    void dropAllConnections() {
        List<Sub> all = new ArrayList<>(subs.values());
        subs.clear();
        all.forEach(Sub::close);
    }

    int subscriptionCount() {
        return subs.size();
    }

    @Override
    public void close() {
        dropAllConnections();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the ServerEvents the chat services send through ----------------------------------------

    private ServerEvents serverEventsView() {
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "notifyChannel":
                    if (args.length == 3) {
                        toChannel((String) args[0], (String) args[1], args[2]);
                        return null;
                    }
                    break;
                case "notifyUserId":
                    if (args.length == 4) {
                        subs.values().stream().filter(s -> s.userId.equals(args[0])).forEach(s -> s.write((String) args[1], args[2]));
                        return null;
                    }
                    break;
                case "notifySubscription":
                    if (args.length == 4) {
                        Sub s = subs.get((String) args[0]);
                        if (s != null) {
                            s.write((String) args[1], args[2]);
                        }
                        return null;
                    }
                    break;
                case "getSubscriptionInfo": {
                    Sub s = subs.get((String) args[0]);
                    return s == null ? null : s.info();
                }
                case "getSubscriptionInfosByUserId":
                    return subs.values().stream().filter(s -> s.userId.equals(args[0])).map(Sub::info).toList();
                case "getNextSequence":
                    return chatSeq.incrementAndGet();
                case "reset":
                    dropAllConnections();
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "PageTestServer.serverEvents";
                default:
                    break;
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.toString());
        };
        return (ServerEvents) Proxy.newProxyInstance(ServerEvents.class.getClassLoader(), new Class<?>[] {ServerEvents.class}, h);
    }

    private void toChannel(String channel, String selector, Object body) {
        for (Sub s : subs.values()) {
            if (s.channels.contains(channel)) {
                s.write(channel + "@" + selector, body);
            }
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = parseForm(ex.getRequestURI().getRawQuery());
        try {
            if (path.equals("/event-stream")) {
                stream(ex, query);
                return;
            }
            switch (path) {
                case "/event-heartbeat" -> {
                    Sub s = subs.get(query.get("id"));
                    if (s == null) {
                        send(ex, 404, null, null);
                    } else {
                        s.write("cmd.onHeartbeat", s.meta());
                        send(ex, 200, null, null);
                    }
                }
                case "/event-unregister" -> {
                    Sub s = subs.remove(query.get("id"));
                    if (s != null) {
                        s.close();
                        s.channels.forEach(c -> toChannel(c, "cmd.onLeave", s.meta()));
                    }
                    json(ex, 200, s == null ? Map.of() : s.meta());
                }
                case "/event-subscribers" -> {
                    List<String> chans = Arrays.asList(query.getOrDefault("channels", "").split(","));
                    json(ex, 200, subs.values().stream().filter(s -> s.channels.stream().anyMatch(chans::contains)).map(Sub::meta).toList());
                }
                case "/api/UpdateEventSubscriber" -> updateSubscriber(ex);
                case "/chathistory" -> json(ex, 200, services.getChatHistory(new GetChatHistory(
                        Arrays.asList(query.getOrDefault("channels", "").split(",")), null, null)));
                case "/config" -> json(ex, 200, Map.of("background", background));
                case "/auth/guest", "/auth" -> signIn(ex, path);
                default -> {
                    Matcher m = CHANNEL_ROUTE.matcher(path);
                    if (m.matches() && ex.getRequestMethod().equals("POST")) {
                        chatRoute(ex, URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), m.group(2));
                    } else {
                        staticFile(ex, path);
                    }
                }
            }
        } catch (HttpError e) {
            json(ex, e.status(), Map.of("responseStatus", Map.of("errorCode", e.errorCode(), "message", e.getMessage())));
        } catch (RuntimeException e) {
            json(ex, 500, Map.of("responseStatus", Map.of("errorCode", "Error", "message", String.valueOf(e.getMessage()))));
        }
    }

    private void stream(HttpExchange ex, Map<String, String> query) throws IOException {
        Session session = session(ex);
        long n = anon.incrementAndGet();
        List<String> channels = Arrays.stream(query.getOrDefault("channels", "home").split(",")).filter(c -> !c.isEmpty()).toList();
        String id = randomId();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        Sub sub = session != null
                ? new Sub(id, session.userId(), session.displayName(), session.authenticated(), channels, ex)
                : new Sub(id, "-" + n, "user" + n, false, channels, ex);
        subs.put(id, sub);
        Map<String, String> connect = new LinkedHashMap<>(sub.meta());
        String base = baseUrl();
        connect.put("id", id);
        connect.put("heartbeatUrl", base + "/event-heartbeat?id=" + id);
        connect.put("unRegisterUrl", base + "/event-unregister?id=" + id);
        connect.put("updateSubscriberUrl", base + "/event-subscribers/" + id);
        connect.put("heartbeatIntervalMs", "1000");
        connect.put("idleTimeoutMs", "5000");
        sub.write("cmd.onConnect", connect);
        channels.forEach(c -> toChannel(c, "cmd.onJoin", sub.meta()));
        // the handler thread returns; the exchange stays open until close()
    }

    private void updateSubscriber(HttpExchange ex) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(ex.getRequestBody().readAllBytes(), Map.class);
        Sub s = subs.get(String.valueOf(body.get("id")));
        if (s == null) {
            throw HttpError.notFound("Subscription " + body.get("id") + " does not exist");
        }
        List<String> old = List.copyOf(s.channels);
        for (Object c : listOf(body.get("unsubscribeChannels"))) {
            s.channels.remove(String.valueOf(c));
        }
        for (Object c : listOf(body.get("subscribeChannels"))) {
            if (!s.channels.contains(String.valueOf(c))) {
                s.channels.add(String.valueOf(c));
            }
        }
        java.util.Set<String> merged = new java.util.LinkedHashSet<>(old);
        merged.addAll(s.channels);
        merged.forEach(c -> toChannel(c, "cmd.onUpdate", s.meta()));
        json(ex, 200, Map.of());
    }

    private static List<?> listOf(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private void signIn(HttpExchange ex, String path) throws IOException {
        Map<String, String> form = parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Session session;
        if (path.equals("/auth")) {
            if (!"pass".equals(form.get("password"))) {
                throw new HttpError(401, "Unauthorized", "Invalid UserName or Password");
            }
            session = new Session(form.get("userName"), form.get("userName"), true);
        } else {
            String name = form.getOrDefault("displayName", "").replaceAll("[^A-Za-z0-9_]", "_");
            if (name.isEmpty()) {
                throw HttpError.badRequest("'displayName' is required");
            }
            session = new Session("-g" + anon.incrementAndGet(), name, false);
        }
        String sid = randomId();
        sessions.put(sid, session);
        ex.getResponseHeaders().add("Set-Cookie", "ss-id=" + sid + "; Path=/; HttpOnly");
        json(ex, 200, Map.of("userName", session.displayName()));
    }

    private void chatRoute(HttpExchange ex, String channel, String kind) throws IOException {
        Map<String, String> form = parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (kind.equals("chat")) {
            ChatMessage msg = services.postChat(new PostChatToChannel(form.get("from"), form.get("toUserId"), channel,
                    form.get("message"), form.get("selector")));
            json(ex, 200, msg);
        } else {
            Session session = session(ex);
            services.postRaw(new PostRawToChannel(form.get("from"), form.get("toUserId"), channel, form.get("message"),
                    form.get("selector")), session != null && session.authenticated());
            json(ex, 200, Map.of());
        }
    }

    private Session session(HttpExchange ex) {
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        if (cookie == null) {
            return null;
        }
        Matcher m = Pattern.compile("ss-id=([A-Za-z0-9]+)").matcher(cookie);
        return m.find() ? sessions.get(m.group(1)) : null;
    }

    private void staticFile(HttpExchange ex, String path) throws IOException {
        String resource = "web" + (path.equals("/") ? "/index.html" : path);
        if (resource.contains("..")) {
            send(ex, 404, null, null);
            return;
        }
        try (InputStream in = PageTestServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, contentType(resource), in.readAllBytes());
        }
    }

    private static String contentType(String name) {
        Map<String, String> types = new HashMap<>();
        types.put("html", "text/html; charset=utf-8");
        types.put("js", "text/javascript; charset=utf-8");
        types.put("mjs", "text/javascript; charset=utf-8");
        types.put("css", "text/css; charset=utf-8");
        types.put("svg", "image/svg+xml");
        return types.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private static Map<String, String> parseForm(String raw) {
        Map<String, String> map = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.put(k, v);
        }
        return map;
    }

    private static String randomId() {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return sb.toString();
    }
}
