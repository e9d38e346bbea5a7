package io.herald;

import io.herald.http.EventSink;
import io.herald.http.HttpError;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchange Herald's endpoints and hooks work on: the transport's, plus headers added on the way (CORS, an
 * {@code onInit} hook's) that go out with whatever answers the request, errors included.
 */
final class FeatureExchange implements HttpExchange {

    private final HttpExchange ex;
    private final Map<String, String> headers = new LinkedHashMap<>();

    FeatureExchange(HttpExchange ex) {
        this.ex = ex;
    }

    /** The headers added so far. */
    Map<String, String> headers() {
        return headers;
    }

    /** Adds the collected headers to an error about to be thrown to the transport (those it already has win). */
    HttpError decorate(HttpError error) {
        headers.forEach((name, value) -> {
            if (!error.headers().containsKey(name)) {
                error.withHeader(name, value);
            }
        });
        return error;
    }

    @Override
    public void setResponseHeader(String name, String value) {
        if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("Response header name '" + (name == null ? "" : Selectors.printable(name))
                    + "' is not a header name");
        }
        for (int i = 0; value != null && i < value.length(); i++) {
            char c = value.charAt(i);
            if (Selectors.isLineBreaking(c) || c > 0xff) {
                throw new IllegalArgumentException("Response header " + name + " must not contain control characters,"
                        + " line breaks or characters above U+00FF: '" + Selectors.printable(value) + "'");
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("Response header " + name + " has no value");
        }
        headers.put(name, value);
    }

    @Override
    public void respond(HttpResponse response) {
        HttpResponse r = response;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!r.headers().containsKey(h.getKey())) {
                r = r.withHeader(h.getKey(), h.getValue());
            }
        }
        ex.respond(r);
    }

    @Override
    public EventSink openEventStream(Map<String, String> head) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(head);
        return ex.openEventStream(all);
    }

    @Override
    public String method() {
        return ex.method();
    }

    @Override
    public String path() {
        return ex.path();
    }

    @Override
    public List<String> queryParams(String name) {
        return ex.queryParams(name);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return ex.queryParams();
    }

    @Override
    public String header(String name) {
        return ex.header(name);
    }

    @Override
    public String cookie(String name) {
        return ex.cookie(name);
    }

    @Override
    public String remoteAddress() {
        return ex.remoteAddress();
    }

    @Override
    public String baseUrl() {
        return ex.baseUrl();
    }

    @Override
    public byte[] body() {
        return ex.body();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return type.isInstance(this) ? type.cast(this) : ex.unwrap(type);
    }
}
