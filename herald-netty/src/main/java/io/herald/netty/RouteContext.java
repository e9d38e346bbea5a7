package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link RequestContext} for one route invocation; turns the handler's result into a response. */
final class RouteContext implements RequestContext {

    private final NettyExchange exchange;
    private final Map<String, String> pathVariables;
    private final List<String[]> headers = new ArrayList<>();
    private int status;

    RouteContext(NettyExchange exchange, Map<String, String> pathVariables) {
        this.exchange = exchange;
        this.pathVariables = pathVariables;
    }

    @Override
    public HttpExchange exchange() {
        return exchange;
    }

    @Override
    public String pathVariable(String name) {
        return pathVariables.get(name);
    }

    @Override
    public Map<String, String> pathVariables() {
        return pathVariables;
    }

    @Override
    public RequestContext status(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be between 100 and 999: " + status);
        }
        this.status = status;
        return this;
    }

    @Override
    public RequestContext header(String name, String value) {
        Responses.checkHeader(name, value);
        headers.add(new String[] {name, value});
        return this;
    }

    @Override
    public RequestContext cookie(String name, String value) {
        return cookie(name, value, null);
    }

    @Override
    public RequestContext cookie(String name, String value, Duration maxAge) {
        DefaultCookie c = new DefaultCookie(name, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSameSite(CookieHeaderNames.SameSite.Lax);
        if (maxAge != null) {
            c.setMaxAge(maxAge.getSeconds());
        }
        return header(HttpHeaderNames.SET_COOKIE.toString(), ServerCookieEncoder.STRICT.encode(c));
    }

    @Override
    public RequestContext removeCookie(String name) {
        DefaultCookie c = new DefaultCookie(name, "");
        c.setPath("/");
        c.setMaxAge(0);
        return header(HttpHeaderNames.SET_COOKIE.toString(), ServerCookieEncoder.STRICT.encode(c));
    }

    @Override
    public RequestContext redirect(String location) {
        header(HttpHeaderNames.LOCATION.toString(), location);
        return status(302);
    }

    /**
     * The response for what the handler returned (see {@link RouteHandler}).
     *
     * @throws IllegalStateException when the codec cannot write the result (answered 500)
     * @throws IllegalArgumentException when a returned {@link HttpResponse} has an unsafe header (answered 400)
     */
    FullHttpResponse toResponse(Object result, JsonCodec codec) {
        FullHttpResponse res;
        if (result instanceof HttpResponse r) {
            res = Responses.toNetty(r);
        } else if (result == null) {
            res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, Responses.status(status == 0 ? 204 : status, null));
            if (res.status().code() != 204) {
                res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
        } else {
            byte[] body;
            try {
                body = codec.encode(result).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // a result the codec cannot write is the server's fault, never the caller's: 500, not 400
                throw new IllegalStateException("Cannot write the result of " + exchange.method() + " "
                        + exchange.data().shownPath() + " (" + result.getClass().getName() + ") as JSON", e);
            }
            res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, Responses.status(status == 0 ? 200 : status, null),
                    Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, Responses.JSON);
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        for (String[] h : headers) {
            if (HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(h[0])) {
                res.headers().set(h[0], h[1]);
            } else {
                res.headers().add(h[0], h[1]);
            }
        }
        return res;
    }
}
