package io.herald.servlet;

import io.herald.http.HttpError;
import io.herald.http.HttpHandler;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hosts Herald's endpoints ({@link HttpHandler}s such as {@code io.herald.ServerEventsFeature}) in any
 * Jakarta Servlet 6.0+ container (Tomcat 10.1/11, Jetty 12, Undertow, Spring Boot's embedded servers).
 *
 * <pre>{@code
 * ServerEventsFeature feature = ServerEventsFeature.create(ServerEventsOptions.defaults());
 * new HeraldServlet(feature).register(servletContext, "herald", "/sse/*");
 * // GET /sse/event-stream?channels=home opens a stream; connect URLs point back under /sse
 * }</pre>
 *
 * <h2>Mounting</h2>
 * Mount it at {@code /*} (Herald's paths at the context root, as ServiceStack serves them) or under a prefix
 * such as {@code /sse/*}; Herald sees the path below the mount, and the URLs it hands out
 * ({@code heartbeatUrl}, {@code unRegisterUrl}, {@code updateSubscriberUrl}) carry the context path and the
 * prefix. To serve Herald's paths at the root beside another servlet on {@code /} (a framework's dispatcher),
 * map the servlet to Herald's exact paths and set {@link HeraldServletOptions.Builder#mountPath(String)}
 * to {@code ""}. The servlet needs async support ({@link #register} sets it; with {@code web.xml} or a
 * framework, set {@code asyncSupported} on the servlet and on every filter in front of it).
 *
 * <h2>Requests</h2>
 * Every method reaches the handlers ({@code service} is overridden, so {@code HttpServlet}'s own answers to
 * {@code OPTIONS}, {@code TRACE} or unknown methods never stand in for Herald's): the first handler that
 * answers wins; if none does, {@code 404} with a JSON message. Exceptions become responses through
 * {@link HttpError#of(Throwable)}, as on every Herald transport ({@code 503} with {@code Retry-After} for an
 * unavailable back-end, {@code 400} for {@code IllegalArgumentException}, otherwise {@code 500} with the stack
 * trace logged, never sent). Error bodies are ServiceStack's
 * {@code {"responseStatus":{"errorCode":..,"message":..}}}; since Servlet 6 cannot set a reason phrase, the
 * message also travels in the {@code X-Status-Description} header. Request bodies (form or JSON) are read on
 * the container thread up to {@link HeraldServletOptions#maxRequestBytes()}; larger ones get {@code 413}.
 * Handlers run on the container's request thread, where they may block, and must answer before they return.
 *
 * <h2>Event streams</h2>
 * A stream leaves the container thread at once: the request goes async (no timeout, so an async timeout never
 * cuts a live stream) and the response is written with non-blocking I/O ({@code WriteListener},
 * {@code isReady()}) by one of a few stream threads ({@link HeraldServletOptions#streamThreads()}), which
 * are also where Herald's fan-out runs. No thread waits for a slow client: what it has not taken is
 * counted, and Herald closes a stream that falls further behind than {@code ServerEventsOptions.maxQueuedBytes}
 * / {@code maxQueuedFrames} while everyone else keeps receiving. Jetty and Tomcat do not watch the socket
 * of a request waiting for its response, so a client that hangs up is noticed when a write to it fails
 * (the container's error callbacks are wired too): a stream that has been quiet for
 * {@link HeraldServletOptions#probeInterval()} gets an empty line, so a hang-up is found within about
 * two intervals and the other subscribers see its {@code onLeave}.
 *
 * <h2>Lifecycle</h2>
 * Stream threads start in {@link #init()} and stop in {@link #destroy()}, which first ends every open stream.
 * The handlers are not closed: the application owns them. Close the {@code ServerEventsFeature} when the
 * application stops, before the container's graceful shutdown if it has one: open streams are requests in
 * progress, which a graceful shutdown (Jetty's {@code stopTimeout}, Spring Boot's
 * {@code server.shutdown=graceful}) otherwise waits for until its timeout. Thread-safe.
 */
public class HeraldServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final long SHUTDOWN_MILLIS = 2000;

    private final transient List<HttpHandler> handlers;
    private final transient HeraldServletOptions options;
    private final transient Set<ServletEventSink> openStreams = ConcurrentHashMap.newKeySet();
    private transient volatile StreamThreads threads;

    /**
     * A servlet with the default options.
     *
     * @param handlers endpoint logic, offered each request in this order; at least one
     * @throws IllegalArgumentException when no handler is given
     */
    public HeraldServlet(HttpHandler... handlers) {
        this(HeraldServletOptions.defaults(), List.of(handlers));
    }

    /**
     * A servlet with these options.
     *
     * @throws IllegalArgumentException when no handler is given
     */
    public HeraldServlet(HeraldServletOptions options, HttpHandler... handlers) {
        this(options, List.of(handlers));
    }

    /**
     * A servlet with these options and handlers (offered each request in list order).
     *
     * @throws IllegalArgumentException when {@code handlers} is empty
     * @throws NullPointerException     when an argument or a handler is null
     */
    public HeraldServlet(HeraldServletOptions options, List<? extends HttpHandler> handlers) {
        this.options = Objects.requireNonNull(options, "options");
        this.handlers = List.copyOf(Objects.requireNonNull(handlers, "handlers"));
        if (this.handlers.isEmpty()) {
            throw new IllegalArgumentException("HeraldServlet needs at least one HttpHandler (e.g. a ServerEventsFeature)");
        }
    }

    /**
     * Adds this servlet to {@code context} under {@code name}, with async support and these URL patterns
     * (e.g. {@code "/*"} or {@code "/sse/*"}). Call it while the context is starting (a
     * {@code ServletContainerInitializer} or {@code ServletContextListener}).
     *
     * @return the registration, to adjust further
     * @throws IllegalArgumentException when no pattern is given
     * @throws IllegalStateException    when a servlet of that name exists or the context has started
     */
    public ServletRegistration.Dynamic register(ServletContext context, String name, String... urlPatterns) {
        if (urlPatterns.length == 0) {
            throw new IllegalArgumentException("register needs at least one URL pattern, e.g. \"/*\" or \"/sse/*\"");
        }
        ServletRegistration.Dynamic reg = context.addServlet(name, this);
        if (reg == null) {
            throw new IllegalStateException("a servlet named '" + name + "' is already registered");
        }
        reg.setAsyncSupported(true);
        reg.setLoadOnStartup(1);
        reg.addMapping(urlPatterns);
        return reg;
    }

    /** The settings this servlet runs with. */
    public HeraldServletOptions options() {
        return options;
    }

    /** Event streams currently open through this servlet. */
    public int openStreamCount() {
        return openStreams.size();
    }

    @Override
    public void init() throws ServletException {
        streamThreads();
    }

    /** Ends every open stream (their close callbacks run), then stops the stream threads. */
    @Override
    public void destroy() {
        StreamThreads ex;
        synchronized (this) {
            ex = threads;
            threads = null;
        }
        if (ex == null) {
            return;
        }
        for (ServletEventSink sink : openStreams) {
            sink.close(); // hops onto the stream's thread, which finishes its queue before stopping
        }
        ex.shutdown(SHUTDOWN_MILLIS);
        openStreams.clear();
    }

    /** Herald decides every method, including those {@code HttpServlet} would answer itself. */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        new Dispatch(this, handlers).run(req, res);
    }

    StreamThreads streamThreads() {
        StreamThreads ex = threads;
        if (ex == null) {
            synchronized (this) {
                if (threads == null) {
                    threads = new StreamThreads(options.streamThreads(), options.probeInterval());
                }
                ex = threads;
            }
        }
        return ex;
    }

    void track(ServletEventSink sink) {
        openStreams.add(sink);
        sink.onClose(() -> openStreams.remove(sink));
    }
}
