package io.herald.spring;

import io.herald.ServerEventsOptions;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the auto-configured {@code HeraldServlet} is mapped: ServiceStack's exact paths at the application's
 * root (so the app's {@code DispatcherServlet} keeps every other path), or everything under
 * {@code herald.path-prefix}. Also tells whether a request goes to Herald, for security rules:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(a -> a.requestMatchers(heraldEndpoints::matches).permitAll());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class HeraldEndpoints {

    /** The name the servlet is registered under. */
    public static final String SERVLET_NAME = "herald";

    /** The DTO names ServiceStack's typed clients call under {@code /api/} and {@code /json/reply/}. */
    private static final List<String> DTO_ROUTES = List.of("UpdateEventSubscriber", "GetEventSubscribers",
            "UnRegisterEventSubscriber");

    private final String prefix;
    private final List<String> mappings;

    private HeraldEndpoints(String prefix, List<String> mappings) {
        this.prefix = prefix;
        this.mappings = List.copyOf(mappings);
    }

    /**
     * The mappings for these options.
     *
     * @param options the paths Herald answers
     * @param prefix  "" for the root, else a path such as {@code /sse} (no trailing slash)
     */
    public static HeraldEndpoints of(ServerEventsOptions options, String prefix) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty()) {
            return new HeraldEndpoints(prefix, List.of(prefix + "/*"));
        }
        List<String> exact = new ArrayList<>();
        exact.add(options.streamPath());
        if (options.heartbeatPath() != null) {
            exact.add(options.heartbeatPath());
        }
        if (options.unRegisterPath() != null) {
            exact.add(options.unRegisterPath());
        }
        exact.add(options.subscribersPath());
        exact.add(options.subscribersPath() + "/*"); // /event-subscribers/{id} changes channels
        if (options.metricsPath() != null) {
            exact.add(options.metricsPath());
        }
        for (String dto : DTO_ROUTES) {
            exact.add("/api/" + dto);
            exact.add("/json/reply/" + dto);
        }
        return new HeraldEndpoints("", exact);
    }

    /** The servlet's URL patterns, e.g. {@code /event-stream}, ... or {@code /sse/*}. */
    public List<String> servletMappings() {
        return mappings;
    }

    /** "" when Herald's paths are at the context root, else the prefix such as {@code /sse}. */
    public String pathPrefix() {
        return prefix;
    }

    /** Whether this request is mapped to Herald's servlet. */
    public boolean matches(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        return mapping != null && SERVLET_NAME.equals(mapping.getServletName());
    }

    @Override
    public String toString() {
        return "HeraldEndpoints" + mappings;
    }
}
