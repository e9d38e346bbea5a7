package io.herald.netty;

import io.herald.http.EventSink;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link HttpExchange} over one Netty request. Built on the event loop, used on a worker thread; the
 * answer is handed back to the event loop, which writes it in request order.
 */
final class NettyExchange implements HttpExchange {

    private final RequestData req;
    private final Channel channel;
    private final HeraldHttpHandler owner;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Map<String, List<String>> queryIgnoringCase;
    private volatile Map<String, String> cookies;
    private volatile NettyEventSink sink;

    NettyExchange(RequestData req, Channel channel, HeraldHttpHandler owner) {
        this.req = req;
        this.channel = channel;
        this.owner = owner;
    }

    /** The Netty {@code Channel} of the request, for hooks that need the connection. */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(channel)) {
            return type.cast(channel);
        }
        return HttpExchange.super.unwrap(type);
    }

    RequestData data() {
        return req;
    }

    boolean answered() {
        return answered.get();
    }

    NettyEventSink sink() {
        return sink;
    }

    @Override
    public String method() {
        return req.method;
    }

    @Override
    public String path() {
        return req.path;
    }

    /** Name lookup ignores case, as ServiceStack's (and ASP.NET's) query collections do. */
    @Override
    public List<String> queryParams(String name) {
        Map<String, List<String>> map = queryIgnoringCase;
        if (map == null) {
            Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.query.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            queryIgnoringCase = map = m;
        }
        List<String> values = map.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return req.query;
    }

    @Override
    public String header(String name) {
        return req.headers.get(name);
    }

    @Override
    public String cookie(String name) {
        Map<String, String> map = cookies;
        if (map == null) {
            Map<String, String> m = new HashMap<>();
            for (String header : req.headers.getAll(HttpHeaderNames.COOKIE)) {
                for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                    m.putIfAbsent(c.name(), c.value());
                }
            }
            cookies = map = m;
        }
        return map.get(name);
    }

    @Override
    public String remoteAddress() {
        return req.remoteAddress;
    }

    @Override
    public String baseUrl() {
        return req.baseUrl;
    }

    @Override
    public byte[] body() {
        return req.body.clone();
    }

    /** The body without a defensive copy, for the server's own binding code. */
    byte[] bodyUnsafe() {
        return req.body;
    }

    @Override
    public void respond(HttpResponse response) {
        send(Responses.toNetty(response));
    }

    /** Sends a complete Netty response; the event loop writes it and moves on to the next request. */
    void send(FullHttpResponse response) {
        if (!answered.compareAndSet(false, true)) {
            response.release();
            throw new IllegalStateException("This request has already been answered: " + req.method + " " + req.path);
        }
        if (channel.eventLoop().inEventLoop()) { // answered on the I/O thread (a heartbeat): no hand-off
            owner.writeResponse(this, response);
            return;
        }
        try {
            channel.eventLoop().execute(() -> owner.writeResponse(this, response));
        } catch (RejectedExecutionException e) {
            response.release(); // the server is shutting down
        }
    }

    @Override
    public EventSink openEventStream(Map<String, String> headers) {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("This request has already been answered: " + req.method + " " + req.path);
        }
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        headers.forEach((k, v) -> head.headers().set(k, v));
        head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        if (req.http10) {
            // HTTP/1.0 has no chunked encoding: the body simply runs until the connection closes
            HttpUtil.setKeepAlive(head, false);
        } else {
            HttpUtil.setTransferEncodingChunked(head, true);
            HttpUtil.setKeepAlive(head, true);
        }
        NettyEventSink s = new NettyEventSink(channel);
        sink = s;
        try {
            channel.eventLoop().execute(() -> owner.startStream(head, s));
        } catch (RejectedExecutionException e) {
            channel.close();
        }
        return s;
    }
}
