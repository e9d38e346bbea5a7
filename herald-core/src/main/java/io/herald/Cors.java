package io.herald;

import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import java.util.Map;

/** Applies {@link CorsOptions} to Herald's endpoints: headers on answers to allowed origins, preflight answers. */
final class Cors {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Content-Type, Last-Event-ID, Authorization, Accept, Cache-Control,"
            + " X-Requested-With";

    private final CorsOptions cors;

    Cors(CorsOptions cors) {
        this.cors = cors;
    }

    boolean enabled() {
        return cors != null;
    }

    /** Adds the CORS headers when the request comes from an allowed origin; nothing otherwise. */
    void decorate(FeatureExchange ex) {
        String origin = ex.header("Origin");
        if (cors == null || !cors.allows(origin)) {
            return;
        }
        Map<String, String> h = ex.headers();
        h.put("Access-Control-Allow-Origin", origin);
        h.put("Vary", "Origin");
        if (cors.allowCredentials()) {
            h.put("Access-Control-Allow-Credentials", "true");
        }
        if (!cors.exposedHeaders().isEmpty()) {
            h.put("Access-Control-Expose-Headers", String.join(", ", cors.exposedHeaders()));
        }
    }

    /**
     * Refuses a stream asked for by a page on an origin CORS does not allow. A browser's {@code EventSource} sends
     * a simple GET with no preflight: without this, the stream would open (and announce its join) although the
     * browser will never let the page read it. Only when CORS options are set, and never for the server's own
     * origin.
     *
     * @throws HttpError 403 naming the origin
     */
    void refuseForeignStream(FeatureExchange ex) {
        String origin = ex.header("Origin");
        if (cors == null || origin == null || origin.isEmpty() || cors.allows(origin)
                || origin.equalsIgnoreCase(ex.baseUrl())) {
            return;
        }
        throw HttpError.forbidden("Origin '" + Selectors.printable(origin.length() > 100 ? origin.substring(0, 100)
                + "..." : origin) + "' may not open an event stream here (not in the allowed CORS origins)");
    }

    /**
     * Answers an {@code OPTIONS} request on a Herald path: {@code 204} with {@code Allow}, and for an allowed
     * origin the preflight headers (the methods and headers Herald's endpoints take, cached for {@code maxAge}).
     */
    void preflight(FeatureExchange ex) {
        HttpResponse r = HttpResponse.status(204, "No Content").withHeader("Allow", ALLOWED_METHODS);
        if (cors != null && cors.allows(ex.header("Origin"))) {
            r = r.withHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .withHeader("Access-Control-Allow-Headers", requestedHeaders(ex))
                    .withHeader("Access-Control-Max-Age", Long.toString(cors.maxAge().toSeconds()));
        }
        ex.respond(r);
    }

    /** The headers the browser asks to send, when they are plain header names; else Herald's own list. */
    private static String requestedHeaders(HttpExchange ex) {
        String asked = ex.header("Access-Control-Request-Headers");
        return asked != null && asked.matches("[A-Za-z0-9!#$%&'*+.^_`|~, -]{1,1000}") ? asked : ALLOWED_HEADERS;
    }
}
