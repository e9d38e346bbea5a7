package io.herald.servlet;

import io.herald.http.HttpError;
import io.herald.http.HttpHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the handlers, on the container thread: the first handler that answers wins, none
 * gives {@code 404}; exceptions become responses through {@link HttpError#of}, as herald-netty's
 * dispatcher does.
 */
final class Dispatch {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    private final HeraldServlet servlet;
    private final List<HttpHandler> handlers;

    Dispatch(HeraldServlet servlet, List<HttpHandler> handlers) {
        this.servlet = servlet;
        this.handlers = handlers;
    }

    void run(HttpServletRequest req, HttpServletResponse res) {
        String method = req.getMethod();
        ServletExchange ex = null;
        try {
            ex = ServletExchange.read(req, res, servlet);
            for (HttpHandler h : handlers) {
                boolean handled = h.handle(ex);
                if (handled || ex.answered()) {
                    if (!ex.answered()) {
                        LOG.error("{} returned true for {} {} without answering it", h, method, ex.path());
                        throw new IllegalStateException("handler did not answer");
                    }
                    return;
                }
            }
            fail(req, res, ex, 404, "NotFound", "Handler for Request not found: " + ex.method() + " " + ex.path(),
                    false, Map.of(), null);
        } catch (Throwable e) {
            HttpError known = HttpError.of(e);
            if (known != null) {
                fail(req, res, ex, known.status(), known.errorCode(), known.getMessage(), known.emptyBody(),
                        known.headers(), null);
            } else {
                fail(req, res, ex, 500, "InternalServerError", "Internal Server Error", false, Map.of(), e);
                if (e instanceof Error err && !(e instanceof StackOverflowError)) {
                    throw err;
                }
            }
        }
    }

    private void fail(HttpServletRequest req, HttpServletResponse res, ServletExchange ex, int status, String code,
                      String message, boolean emptyBody, Map<String, String> headers, Throwable logged) {
        String path = ex != null ? ex.path() : req.getRequestURI();
        if (logged != null) {
            LOG.error("{} {} failed", req.getMethod(), path, logged);
        }
        if (ex != null && ex.answered()) {
            if (logged == null) {
                LOG.warn("{} {} threw after answering: {} {}", req.getMethod(), path, status, message);
            }
            ServletEventSink sink = ex.sink();
            if (sink != null) {
                sink.close(); // a half-set-up stream is of no use to anyone (close hops onto its thread)
            }
            return;
        }
        if (res.isCommitted()) {
            LOG.warn("{} {}: cannot send {} {}, the response is already committed", req.getMethod(), path, status,
                    message);
            return;
        }
        try {
            Responses.error(res, req.getMethod(), status, code, message == null ? "" : message, emptyBody, headers);
        } catch (RuntimeException e) {
            LOG.debug("Could not send the {} answer to {} {}: {}", status, req.getMethod(), path, e.toString());
        }
    }
}
