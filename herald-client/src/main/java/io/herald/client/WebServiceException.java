package io.herald.client;

import java.net.URI;

/** An HTTP request answered with a non-2xx status. Carries the status and (a bounded prefix of) the body. */
public final class WebServiceException extends ServerEventsException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String responseBody;
    private final transient URI uri;

    WebServiceException(String method, URI uri, int statusCode, String responseBody) {
        super(method + " " + uri + " answered HTTP " + statusCode
                + (responseBody == null || responseBody.isEmpty() ? "" : ": " + abbreviate(responseBody)));
        this.statusCode = statusCode;
        this.responseBody = responseBody == null ? "" : responseBody;
        this.uri = uri;
    }

    /** The HTTP status code, e.g. 401 or 404. */
    public int getStatusCode() {
        return statusCode;
    }

    /** The response body as text (may be empty). */
    public String getResponseBody() {
        return responseBody;
    }

    /** The URI that was requested. */
    public URI getUri() {
        return uri;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
