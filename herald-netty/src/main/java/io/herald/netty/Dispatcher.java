package io.herald.netty;

import io.herald.JsonCodec;
import io.herald.http.HttpError;
import io.herald.http.HttpHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who answers a request, on a worker thread: first an application route whose template and
 * method match, then each {@link HttpHandler} in order, then a static file (GET/HEAD), then 405 when a
 * route or file exists at the path for other methods, else 404. Also turns exceptions into error
 * responses.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final List<Route> routes;
    private final List<HttpHandler> handlers;
    private final StaticFiles staticFiles;
    private final JsonCodec codec;
    private final DtoBinder binder;
    private final ServerStats stats;

    Dispatcher(List<Route> routes, List<HttpHandler> handlers, StaticFiles staticFiles, JsonCodec codec, ServerStats stats) {
        this.routes = List.copyOf(routes);
        this.handlers = List.copyOf(handlers);
        this.staticFiles = staticFiles;
        this.codec = codec;
        this.binder = new DtoBinder(codec);
        this.stats = stats;
    }

    void dispatch(NettyExchange ex) {
        try {
            route(ex);
        } catch (RuntimeException e) {
            HttpError known = HttpError.of(e);
            if (known == null) {
                answerError(ex, 500, "InternalServerError", "Internal Server Error", false, Map.of(), e);
            } else {
                String message = known.getMessage();
                if (!(e instanceof HttpError) && Responses.looksInternal(message)) {
                    // an IllegalArgumentException from library code may quote class names: keep them in the log
                    LOG.debug("{} {}: answering a generic 400 for {}", ex.data().method, ex.data().shownPath(), e.toString());
                    message = "Bad request";
                }
                answerError(ex, known.status(), known.errorCode(), message, known.emptyBody(),
                        known.headers(), null);
            }
        } catch (Throwable e) {
            answerError(ex, 500, "InternalServerError", "Internal Server Error", false, Map.of(), e);
            if (e instanceof Error err && !(e instanceof StackOverflowError)) {
                throw err;
            }
        }
    }

    /**
     * On the I/O thread: lets a handler answer a request that needs no worker (see
     * {@link HttpHandler#handleOnIoThread}). Never when an application route matches the path.
     */
    boolean tryOnIoThread(NettyExchange ex) {
        RequestData req = ex.data();
        for (Route r : routes) {
            if (r.template().match(req.segments) != null) {
                return false;
            }
        }
        for (HttpHandler h : handlers) {
            try {
                if (h.handleOnIoThread(ex)) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.warn("{} failed on the I/O thread for {} {}", h, req.method, req.shownPath(), e);
            }
            if (ex.answered()) {
                return true;
            }
        }
        return false;
    }

    private void route(NettyExchange ex) throws Exception {
        RequestData req = ex.data();
        Set<String> allowed = null;
        for (Route r : routes) {
            Map<String, String> vars = r.template().match(req.segments);
            if (vars == null) {
                continue;
            }
            if (r.accepts(req.method)) {
                runRoute(ex, r, vars);
                return;
            }
            if (allowed == null) {
                allowed = new LinkedHashSet<>();
            }
            allowed.add(r.method());
        }
        for (HttpHandler h : handlers) {
            boolean handled = h.handle(ex);
            if (handled || ex.answered()) {
                if (!ex.answered()) {
                    LOG.error("{} returned true for {} {} without answering it", h, req.method, req.shownPath());
                    throw new IllegalStateException("handler did not answer");
                }
                return;
            }
        }
        if (staticFiles != null) {
            if (req.method.equals("GET") || req.method.equals("HEAD")) {
                FullHttpResponse file = staticFiles.serve(req);
                if (file != null) {
                    ex.send(file);
                    return;
                }
            } else if (staticFiles.exists(req)) {
                if (allowed == null) {
                    allowed = new LinkedHashSet<>();
                }
                allowed.add("GET");
                allowed.add("HEAD");
            }
        }
        if (allowed != null) {
            FullHttpResponse res = Responses.error(codec, 405, "MethodNotAllowed",
                    "Method " + req.method + " is not allowed on " + req.shownPath(), false);
            res.headers().set(HttpHeaderNames.ALLOW, String.join(", ", allowed));
            ex.send(res);
            return;
        }
        ex.send(Responses.error(codec, 404, "NotFound", "Handler for Request not found: " + req.method + " " + req.shownPath(), false));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runRoute(NettyExchange ex, Route r, Map<String, String> vars) throws Exception {
        Object request = binder.bind(ex, r.requestType(), vars);
        RouteContext ctx = new RouteContext(ex, vars);
        Object result = ((RouteHandler) r.handler()).handle(ctx, request);
        ex.send(ctx.toResponse(result, codec));
    }

    private void answerError(NettyExchange ex, int status, String code, String message, boolean emptyBody,
            Map<String, String> headers, Throwable logged) {
        RequestData req = ex.data();
        if (logged != null) {
            stats.serverError();
            LOG.error("{} {} failed", req.method, req.shownPath(), logged);
        }
        if (ex.answered()) {
            if (logged == null) {
                LOG.warn("{} {} threw after answering: {} {}", req.method, req.shownPath(), status,
                        io.herald.Selectors.printable(String.valueOf(message)));
            }
            NettyEventSink sink = ex.sink();
            if (sink != null) {
                sink.executor().execute(sink::close); // a half-set-up stream is of no use to anyone
            }
            return;
        }
        FullHttpResponse res = Responses.error(codec, status, code, message, emptyBody);
        headers.forEach((name, value) -> {
            try {
                Responses.checkHeader(name, value);
                res.headers().set(name, value);
            } catch (IllegalArgumentException invalid) {
                LOG.warn("Dropped invalid header {} on the {} answer to {} {}", name, status, req.method, req.shownPath());
            }
        });
        ex.send(res);
    }
}
