package io.herald.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by endpoint logic and application routes to answer with an HTTP error. The transport turns it
 * into a response with this status, the message as reason phrase, and a ServiceStack-style JSON body
 * {@code {"responseStatus":{"errorCode":"...","message":"..."}}} unless {@link #emptyBody()} is set.
 */
public class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;
    private final boolean emptyBody;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public HttpError(int status, String errorCode, String message) {
        this(status, errorCode, message, false);
    }

    public HttpError(int status, String errorCode, String message, boolean emptyBody) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.emptyBody = emptyBody;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, "ArgumentException", message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, "NotFound", message);
    }

    public static HttpError forbidden(String message) {
        return new HttpError(403, "Forbidden", message);
    }

    public static HttpError unauthorized(String message) {
        return new HttpError(401, "Unauthorized", message);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** True when the response carries only the status and reason phrase (e.g. heartbeat errors). */
    public boolean emptyBody() {
        return emptyBody;
    }

    /** Adds a response header (e.g. {@code WWW-Authenticate} on a 401). */
    public HttpError withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }
}
