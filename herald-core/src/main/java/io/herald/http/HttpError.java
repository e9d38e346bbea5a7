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

    /** 503 with {@code Retry-After} for a back-end that cannot serve the request now. */
    public static HttpError unavailable(String message, int retryAfterSeconds) {
        return new HttpError(503, "ServiceUnavailable", message)
                .withHeader("Retry-After", Integer.toString(Math.max(1, retryAfterSeconds)));
    }

    /**
     * The ServiceStack error body {@code {"responseStatus":{"errorCode":"...","message":"..."}}} for transports
     * that write it without a {@link io.herald.JsonCodec}: every control character and U+2028/U+2029 escaped,
     * so it stays one line; a null value is written as JSON {@code null}.
     */
    public static String jsonBody(String errorCode, String message) {
        StringBuilder sb = new StringBuilder(64 + (message == null ? 0 : message.length()));
        sb.append("{\"responseStatus\":{\"errorCode\":");
        quoteOrNull(sb, errorCode);
        sb.append(",\"message\":");
        quoteOrNull(sb, message);
        return sb.append("}}").toString();
    }

    private static void quoteOrNull(StringBuilder sb, String text) {
        if (text == null) {
            sb.append("null");
        } else {
            io.herald.internal.Json.quote(sb, text);
        }
    }

    /**
     * The error response an exception thrown by endpoint logic or an application route stands for, the same
     * on every transport: an {@code HttpError} as it is; {@link io.herald.BackendUnavailableException} as
     * {@code 503} with {@code Retry-After} and its message; {@link IllegalArgumentException} as {@code 400}
     * with its message. Null for anything else, which the transport answers with a generic {@code 500}
     * (logging the stack trace, never sending it).
     */
    public static HttpError of(Throwable e) {
        if (e instanceof HttpError h) {
            return h;
        }
        if (e instanceof io.herald.BackendUnavailableException u) {
            return unavailable(u.getMessage(), u.retryAfterSeconds());
        }
        if (e instanceof IllegalArgumentException) {
            return badRequest(e.getMessage() == null ? "Bad request" : e.getMessage());
        }
        return null;
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
