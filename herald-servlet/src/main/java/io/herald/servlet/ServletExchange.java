package io.herald.servlet;

import io.herald.http.EventSink;
import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link HttpExchange} over one servlet request, used on the container thread that runs
 * {@link HeraldServlet#service}: Herald answers there (blocking is allowed on a container thread), and an
 * event stream hands the connection over to a stream thread.
 */
final class ServletExchange implements HttpExchange {

    private final HttpServletRequest req;
    private final HttpServletResponse res;
    private final HeraldServlet servlet;
    private final String method;
    private final Mount mount;
    private final Map<String, List<String>> query;
    private final ClientOrigin origin;
    private final byte[] body;
    private Map<String, List<String>> queryIgnoringCase;
    private boolean answered;
    private ServletEventSink sink;

    private ServletExchange(HttpServletRequest req, HttpServletResponse res, HeraldServlet servlet, Mount mount,
                            Map<String, List<String>> query, ClientOrigin origin, byte[] body) {
        this.req = req;
        this.res = res;
        this.servlet = servlet;
        this.method = req.getMethod().toUpperCase(Locale.ROOT);
        this.mount = mount;
        this.query = query;
        this.origin = origin;
        this.body = body;
    }

    /**
     * Reads the request: mount, query string, origin and the body (at most {@code maxRequestBytes}).
     *
     * @throws HttpError 400 for a malformed query string or a body that cannot be read (cut short, broken chunks),
     *                   413 naming the limit for a body over it
     */
    static ServletExchange read(HttpServletRequest req, HttpServletResponse res, HeraldServlet servlet)
            throws IOException {
        HeraldServletOptions options = servlet.options();
        Map<String, List<String>> query = QueryString.parse(req.getQueryString());
        byte[] body = readBody(req, options.maxRequestBytes());
        return new ServletExchange(req, res, servlet, Mount.of(req, options.mountPath()), query,
                ClientOrigin.of(req, options.trustedProxies()), body);
    }

    private static byte[] readBody(HttpServletRequest req, int max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        if (declared == 0 || declared < 0 && req.getHeader("Transfer-Encoding") == null) {
            return new byte[0];
        }
        InputStream in = req.getInputStream(); // left open: the container owns it
        byte[] bytes;
        try {
            bytes = in.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
        } catch (IOException e) { // the client's doing: a body cut short, malformed chunks
            throw new HttpError(400, "BadRequest", "Request body could not be read: it ended early or its chunked"
                    + " encoding is malformed").withHeader("Connection", "close");
        }
        if (bytes.length > max) {
            throw tooLarge(max);
        }
        return bytes;
    }

    private static HttpError tooLarge(int max) {
        return new HttpError(413, "RequestTooLarge", "Request body larger than " + max + " bytes (maxRequestBytes)")
                .withHeader("Connection", "close");
    }

    /** The container's request or response, for session resolvers and hooks that need them. */
    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(req)) {
            return type.cast(req);
        }
        if (type.isInstance(res)) {
            return type.cast(res);
        }
        return HttpExchange.super.unwrap(type);
    }

    boolean answered() {
        return answered;
    }

    /** The stream this request turned into, or null. */
    ServletEventSink sink() {
        return sink;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return mount.path();
    }

    /** Name lookup ignores case, as ServiceStack's query collections do (and herald-netty). */
    @Override
    public List<String> queryParams(String name) {
        if (queryIgnoringCase == null) {
            Map<String, List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            query.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            queryIgnoringCase = m;
        }
        List<String> values = queryIgnoringCase.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return query;
    }

    @Override
    public String header(String name) {
        return req.getHeader(name);
    }

    @Override
    public String cookie(String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    @Override
    public String remoteAddress() {
        return origin.address();
    }

    /** Scheme and host the client used, then the context path and the servlet's mount. */
    @Override
    public String baseUrl() {
        return origin.origin() + mount.prefix();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public void respond(HttpResponse response) {
        claim();
        Responses.send(res, method, response.status(), response.reason(), response.headers(), response.body());
    }

    @Override
    public EventSink openEventStream(Map<String, String> headers) {
        if (!req.isAsyncSupported()) {
            throw new IllegalStateException("HeraldServlet needs async support to stream events: register it with"
                    + " setAsyncSupported(true) (web.xml <async-supported>true</async-supported>), and every filter"
                    + " in front of it too");
        }
        claim();
        AsyncContext async = req.startAsync(req, res);
        async.setTimeout(0); // a live stream never times out; Herald's own idle timeout ends dead subscriptions
        res.setStatus(200);
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                Responses.setHeader(res, name, value);
            }
        });
        try {
            StreamThreads.StreamThread thread = servlet.streamThreads().next();
            sink = ServletEventSink.attach(async, thread, origin.address());
            thread.adopt(sink);
        } catch (IOException e) {
            async.complete();
            throw new UncheckedIOException("Could not start the event stream", e);
        }
        servlet.track(sink);
        return sink;
    }

    private void claim() {
        if (answered) {
            throw new IllegalStateException("This request has already been answered: " + method + " " + path());
        }
        answered = true;
    }
}
